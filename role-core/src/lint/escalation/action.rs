//! Single actions that are a privilege escalation on their own: on any target they let the
//! holder grant itself (or a principal it controls) more than it has, with no other permission
//! needed. This rule reads action names; the escalations that need the targets to be known
//! (one of the project's roles, a service the role is passed to) are decided by the evaluator
//! in the sibling modules (RL114, RL115).

use wildmatch::WildMatch;

use crate::lint::{Level, Lint, Out, Subject};

pub static ESCALATION_ACTION: Lint = Lint {
    code: "RL113",
    name: "escalation-action",
    level: Level::Error,
    why: "on any target this action alone lets the holder give itself or a principal it controls more permissions: a new policy version, an attached or inline policy, a rewritten trust policy, access keys or a password, or new code in a function that runs with another role",
    fix: "name the targets (`arn:{partition}:iam::{account_id}:role/app-*`), or require a permissions boundary (`StringEquals(\"iam:PermissionsBoundary\", ...)`) or name the policies (`ArnEquals(\"iam:PolicyARN\", ...)`)",
    doc: "An Allow statement granting one of iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion, iam:AttachRolePolicy, iam:AttachUserPolicy, iam:AttachGroupPolicy, iam:PutRolePolicy, iam:PutUserPolicy, iam:PutGroupPolicy, iam:UpdateAssumeRolePolicy, iam:CreateAccessKey, iam:CreateLoginProfile, iam:UpdateLoginProfile, iam:AddUserToGroup or lambda:UpdateFunctionCode (patterns such as `iam:Put*` and `iam:*` included, `*` is RL101) on \"*\" or on every role, user, group, policy or function (`.../*`, `...:*`), without a condition on `iam:PermissionsBoundary` or `iam:PolicyARN`.",
};

const ACTIONS: &[&str] = &[
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AddUserToGroup",
    "lambda:UpdateFunctionCode",
];

/// Whether RL113 reports `action` (`iam:CreateAccessKey`), ignoring case: the lints that would
/// say it too leave it to this one.
pub(in crate::lint) fn reports(action: &str) -> bool {
    ACTIONS.iter().any(|a| a.eq_ignore_ascii_case(action))
}

const LIMITING_KEYS: &[&str] = &["iam:PermissionsBoundary", "iam:PolicyARN"];

pub(in crate::lint) fn check(subject: &Subject, out: &mut Out) {
    for (index, s) in subject.permissions().filter(|(_, s)| s.allows()) {
        if LIMITING_KEYS.iter().any(|key| s.tests_key(key)) {
            continue;
        }
        let Some((_, resources)) = &s.stmt.on else {
            continue;
        };
        if !resources.iter().any(|r| any_target(&r.value)) {
            continue;
        }
        for pattern in s.stmt.actions.iter().filter(|a| a.value != "*") {
            let granted: Vec<&str> = ACTIONS
                .iter()
                .copied()
                .filter(|action| matches(&pattern.value, action))
                .collect();
            if granted.is_empty() {
                continue;
            }
            let named: Vec<String> = granted.iter().take(3).map(|a| format!("`{a}`")).collect();
            let more = match granted.len() {
                n if n > 3 => format!(" and {} more", n - 3),
                _ => String::new(),
            };
            let message = if granted.len() == 1 && granted[0].eq_ignore_ascii_case(&pattern.value) {
                format!(
                    "`{}` on any target is a privilege escalation on its own",
                    granted[0]
                )
            } else {
                format!(
                    "`{}` grants {}{more} on any target: each is a privilege escalation on its own",
                    pattern.value,
                    named.join(", ")
                )
            };
            out.statement(index, &ESCALATION_ACTION, pattern.spot, message);
        }
    }
}

/// `"*"`, or every resource of a kind: `arn:aws:iam::123456789012:role/*`, `...:function:*`.
/// Broader on purpose than [`crate::lint::scope::covers_every`] (which RL111, RL116 and RL117
/// use): a path of roles (`role/service-role/*`) is not every role, but a policy attached to
/// any of them is still an escalation for a holder that can use that role.
fn any_target(resource: &str) -> bool {
    resource == "*" || resource.ends_with("/*") || resource.ends_with(":*")
}

/// Whether the action pattern `pattern` (`iam:Put*`) names `action`, ignoring case.
fn matches(pattern: &str, action: &str) -> bool {
    let (Some((ps, pa)), Some((s, a))) = (pattern.split_once(':'), action.split_once(':')) else {
        return false;
    };
    ps.eq_ignore_ascii_case(s) && WildMatch::new_case_insensitive(pa).matches(a)
}

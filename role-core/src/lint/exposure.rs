//! Actions that hand out what they guard: a credential (`iam:UpdateAccessKey`,
//! `ec2:GetPasswordData`, in `data/credentials-exposure.txt`) or stored data (`s3:GetObject`,
//! `secretsmanager:GetSecretValue`, `kms:Decrypt`, in `data/data-exfiltration.txt`). Granted on
//! a few named resources they are the role's job; granted on every resource of their type, with
//! no condition that narrows them, they reach every secret or bucket the account will ever
//! hold. Both lists are data with their source (cloudsplaining's), so that adding an action is
//! a line, not code.

use std::sync::OnceLock;

use super::{Level, Lint, Out, Statement, Subject, escalation, scope};
use crate::catalogue::{Action, Catalogue};
use crate::diag::Spot;

pub static CREDENTIALS_EXPOSURE: Lint = Lint {
    code: "RL116",
    name: "credentials-exposure",
    level: Level::Warning,
    why: "the action's response carries a credential (an access key, a password, a token, temporary credentials): on every resource of its type the holder can obtain one for any user, role, database or instance of the account, and act as it",
    fix: "name the resources (`arn:{partition}:iam::{account_id}:user/${aws:username}`, the databases or roles it needs), or add a condition that narrows them (`aws:ResourceTag/...`), or accept it with a reason",
    doc: "An Allow statement granting an action of `role-core/data/credentials-exposure.txt` (cloudsplaining's list, checked against the catalogue; wildcards such as `sts:Assume*` and `iam:*` expanded, `*` is RL101, `NotAction` RL104) on every resource of the action's type: \"*\", a pattern that matches every ARN of the type (`arn:aws:iam::*:user/*`), or `NotResource`; and with no condition on a key that narrows the resources (`aws:ResourceTag/...`, `aws:ResourceAccount`, `aws:SourceVpce`, `aws:CalledVia`, or a service key the action documents). Not flagged: actions that take only \"*\" (`ecr:GetAuthorizationToken`: \"*\" is the only way to grant it), the actions RL113 reports (`iam:CreateAccessKey`, `iam:CreateLoginProfile`), and an action that a Deny of the same policy takes away from every resource but some (`NotResource`, or a narrowing condition).",
};

pub static DATA_EXFILTRATION: Lint = Lint {
    code: "RL117",
    name: "data-exfiltration",
    level: Level::Warning,
    why: "the action reads stored data (objects, parameters, secrets, table items, plaintext): on every resource of its type the holder can read every bucket, secret or table of the account, including the ones created after the policy",
    fix: "name the buckets, secrets, parameters, keys or tables (`arn:{partition}:s3:::{bucket}/*`), or add a condition that narrows them (`aws:ResourceTag/...`, `kms:ViaService`, `aws:SourceVpce`), or accept it with a reason",
    doc: "An Allow statement granting an action of `role-core/data/data-exfiltration.txt` (cloudsplaining's five, s3:GetObject, ssm:GetParameter(s), ssm:GetParametersByPath, secretsmanager:GetSecretValue, and the same data's other readers: s3:GetObjectVersion, ssm:GetParameterHistory, kms:Decrypt, dynamodb:Scan, Query, GetItem, BatchGetItem; wildcards such as `s3:Get*` expanded, `*` is RL101) on every resource of the action's type, judged as RL116 judges it: \"*\", `arn:aws:s3:::*/*`, `NotResource`; no narrowing condition; no Deny of the same policy taking it away.",
};

const CREDENTIALS: &str = include_str!("../../data/credentials-exposure.txt");
const DATA: &str = include_str!("../../data/data-exfiltration.txt");

/// At most this many actions are named in a message.
const NAMED: usize = 3;

/// The actions of a list file: the first word of each line that is not a comment.
fn listed(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// The two lists, each with its lint and what its actions do, for the message.
fn families() -> &'static [(&'static Lint, Vec<String>, &'static str)] {
    static FAMILIES: OnceLock<Vec<(&'static Lint, Vec<String>, &'static str)>> = OnceLock::new();
    FAMILIES.get_or_init(|| {
        vec![
            (&CREDENTIALS_EXPOSURE, listed(CREDENTIALS), "credentials"),
            (&DATA_EXFILTRATION, listed(DATA), "stored data"),
        ]
    })
}

/// The actions of both lists, as written there, for the test that they are in the catalogue.
#[cfg(test)]
pub(super) fn all_listed() -> impl Iterator<Item = String> {
    families()
        .iter()
        .flat_map(|(_, actions, _)| actions.iter().cloned())
}

pub(super) fn check(subject: &Subject, out: &mut Out) {
    let Ok(catalogue) = Catalogue::current() else {
        return;
    };
    for (index, s) in subject.permissions().filter(|(_, s)| s.allows()) {
        for (lint, list, returns) in families() {
            let mut found: Vec<String> = Vec::new();
            let mut through: Vec<&str> = Vec::new();
            let mut spot: Option<(Spot, String)> = None;
            for pattern in s.stmt.actions.iter().filter(|a| a.value != "*") {
                for action in catalogue.actions_matching(&pattern.value) {
                    let name = action.full_name();
                    if !list.iter().any(|l| l.eq_ignore_ascii_case(&name))
                        || found.contains(&name)
                        || !action.supports_resource_level_permissions()
                        || escalation::reports(&name)
                    {
                        continue;
                    }
                    let Some(every) = every_resource(s, &action) else {
                        continue;
                    };
                    if scope::narrowed(&action, s)
                        || scope::denied_but_some(&subject.statements, &action)
                    {
                        continue;
                    }
                    spot.get_or_insert(every);
                    if !name.eq_ignore_ascii_case(&pattern.value)
                        && !through.contains(&pattern.value.as_str())
                    {
                        through.push(&pattern.value);
                    }
                    found.push(name);
                }
            }
            if let Some((spot, resource)) = spot {
                out.statement(
                    index,
                    lint,
                    spot,
                    message(&found, &through, returns, &resource),
                );
            }
        }
    }
}

/// Where the statement grants `action` on every resource of its type: the resource that does
/// (or `NotResource`), with how to name it in a message.
fn every_resource(s: &Statement, action: &Action<'_>) -> Option<(Spot, String)> {
    if let Some((_, on)) = &s.stmt.on {
        return on
            .iter()
            .find(|r| scope::covers_every(action, &r.value))
            .map(|r| (r.spot, format!("`{}`", r.value)));
    }
    let (spot, except) = s.stmt.not_on.as_ref()?;
    let leaves_every = !except.iter().any(|r| scope::covers_every(action, &r.value));
    leaves_every.then(|| {
        (
            *spot,
            "every resource but the ones `NotResource` lists".to_owned(),
        )
    })
}

fn message(found: &[String], through: &[&str], returns: &str, resource: &str) -> String {
    let mut named: Vec<String> = found.iter().take(NAMED).map(|a| format!("`{a}`")).collect();
    if found.len() > NAMED {
        named.push(format!("{} more", found.len() - NAMED));
    }
    let (verb, pronoun, their) = if found.len() == 1 {
        ("returns", "it", "its")
    } else {
        ("return", "them", "their")
    };
    let via = if through.is_empty() {
        String::new()
    } else {
        let patterns: Vec<String> = through.iter().map(|p| format!("`{p}`")).collect();
        format!(" (through {})", patterns.join(", "))
    };
    let on = if resource.starts_with('`') {
        format!("on {resource}, every resource of {their} type,")
    } else {
        format!("on {resource}")
    };
    format!(
        "{} {verb} {returns}{via}, and this statement grants {pronoun} {on} with no condition that narrows {pronoun}",
        named.join(", ")
    )
}

//! Trust open wider than one principal: anyone (`"*"`), or a whole account with neither an
//! external id nor a condition, which lets every principal of that account that is allowed
//! `sts:AssumeRole` in.

use super::{Level, Lint, Out, Subject};
use crate::syntax::ast::PrincipalArg;

pub static TRUST_ANYONE: Lint = Lint {
    code: "RL201",
    name: "trust-anyone",
    level: Level::Error,
    why: "a trust policy with the principal \"*\" and no condition lets any AWS principal of any account assume the role",
    fix: "name the principals, or add a condition that limits them (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `sts:ExternalId`)",
    doc: "A trust statement whose principal is \"*\" (`arn = \"*\"`, `\"Principal\": \"*\"` or `{\"AWS\": \"*\"}`) without any condition.",
};

pub static TRUST_WHOLE_ACCOUNT: Lint = Lint {
    code: "RL202",
    name: "trust-whole-account",
    level: Level::Warning,
    why: "trusting an account's root lets every user and role of that account that is allowed `sts:AssumeRole` assume this role; for a third party, without an external id it is open to the confused deputy",
    fix: "trust the roles that need it (`arn = \"arn:{partition}:iam::111122223333:role/ci\"`), or add `external_id = \"...\"` or a condition (`aws:PrincipalArn`, `aws:PrincipalTag/...`)",
    doc: "A trust statement naming a whole account (`account = \"...\"`, a 12-digit `AWS` principal or `arn:...:iam::ACCOUNT:root`) with neither `external_id` nor any condition.",
};

pub(super) fn check(subject: &Subject, out: &mut Out) {
    for (index, s) in subject.trusts() {
        if !s.conditions().is_empty() || s.external_id.is_some() {
            continue;
        }
        let principals = s
            .principals
            .iter()
            .filter(|p| matches!(p.arg, PrincipalArg::Arn | PrincipalArg::Account))
            .flat_map(|p| p.values.iter().map(move |v| (p.arg, v)));
        for (arg, value) in principals {
            let v = value.value.as_str();
            if v == "*" {
                out.statement(
                    index,
                    &TRUST_ANYONE,
                    value.spot,
                    "any AWS principal may assume this role: the principal is \"*\" and there is no condition".to_owned(),
                );
            } else if arg == PrincipalArg::Account || is_account_root(v) {
                out.statement(
                    index,
                    &TRUST_WHOLE_ACCOUNT,
                    value.spot,
                    format!("every principal of the account `{v}` that may call sts:AssumeRole may assume this role"),
                );
            }
        }
    }
}

/// `111122223333` or `arn:PARTITION:iam::ACCOUNT:root`: how IAM JSON names a whole account.
fn is_account_root(value: &str) -> bool {
    let digits = value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit());
    digits || (value.starts_with("arn:") && value.ends_with(":root") && value.contains(":iam::"))
}

//! `Resource "*"` where the action could be limited to resources: the catalogue says which
//! actions take resource-level permissions. An action that supports none (`s3:ListAllMyBuckets`,
//! `ec2:DescribeInstances`) can only be granted on `"*"`, so it is never flagged.

use super::{Level, Lint, Out, Subject};
use crate::catalogue::Catalogue;

pub static RESOURCE_STAR: Lint = Lint {
    code: "RL103",
    name: "resource-star",
    level: Level::Warning,
    why: "`\"*\"` grants the action on every resource of the account, where the action can be limited to the resources the role needs",
    fix: "name the resources (ARNs, with `{placeholders}` for what varies), or move the wildcard-only actions into a statement of their own on \"*\"",
    doc: "An Allow statement with the resource \"*\" and at least one action (wildcards expanded with the catalogue) that supports resource-level permissions. Actions without resource types are left out, as are `\"*\"` and `svc:*` (RL101, RL102 say more) and `iam:PassRole` (RL111 says more).",
};

/// At most this many actions are named in a message.
const NAMED: usize = 3;

pub(super) fn check(subject: &Subject, out: &mut Out) {
    let Ok(catalogue) = Catalogue::current() else {
        return;
    };
    for (index, s) in subject.permissions().filter(|(_, s)| s.allows()) {
        let Some((_, resources)) = &s.stmt.on else {
            continue;
        };
        let Some(star) = resources.iter().find(|r| r.value == "*") else {
            continue;
        };
        let mut scoped: Vec<String> = Vec::new();
        for pattern in &s.stmt.actions {
            let broader = pattern.value == "*" || pattern.value.ends_with(":*");
            if broader {
                continue;
            }
            for action in catalogue.actions_matching(&pattern.value) {
                let name = action.full_name();
                if action.supports_resource_level_permissions()
                    && !name.eq_ignore_ascii_case("iam:PassRole")
                    && !scoped.contains(&name)
                {
                    scoped.push(name);
                }
            }
        }
        if scoped.is_empty() {
            continue;
        }
        let mut named: Vec<String> = scoped
            .iter()
            .take(NAMED)
            .map(|a| format!("`{a}`"))
            .collect();
        if scoped.len() > NAMED {
            named.push(format!("{} more", scoped.len() - NAMED));
        }
        out.statement(
            index,
            &RESOURCE_STAR,
            star.spot,
            format!(
                "{} can be limited to resources, but this statement grants {} on \"*\"",
                named.join(", "),
                if scoped.len() == 1 { "it" } else { "them" }
            ),
        );
    }
}

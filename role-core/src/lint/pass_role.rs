//! `iam:PassRole`: handing a role to a service is how a principal gets that role's permissions
//! without assuming it. On any role, or to any service, it is the first step of most privilege
//! escalations.

use wildmatch::WildMatch;

use super::{Level, Lint, Out, Subject, scope};
use crate::catalogue::Catalogue;

pub static PASS_ANY_ROLE: Lint = Lint {
    code: "RL111",
    name: "pass-any-role",
    level: Level::Error,
    why: "`iam:PassRole` on every role lets the holder hand any role of the account, an administrator's included, to a service it controls",
    fix: "name the roles it may pass (`arn:{partition}:iam::{account_id}:role/app-*`)",
    doc: "An Allow statement whose actions name `iam:PassRole` (or a pattern such as `iam:Pass*`; `*` and `iam:*` are RL101 and RL102) on \"*\", on a pattern that matches every role ARN (`arn:aws:iam::123456789012:role/*`; a path such as `role/service-role/*` is not every role), or with `not_on` (NotResource).",
};

pub static PASS_TO_ANY_SERVICE: Lint = Lint {
    code: "RL112",
    name: "pass-to-any-service",
    level: Level::Warning,
    why: "without an `iam:PassedToService` condition the role can be passed to any service, which may run code with it (EC2, Lambda, CloudFormation, Glue)",
    fix: "add `when(StringEquals(\"iam:PassedToService\", \"lambda.amazonaws.com\"))` naming the service it is passed to",
    doc: "An Allow statement granting `iam:PassRole` (as RL111 reads it) without a condition on `iam:PassedToService`.",
};

pub(super) fn check(subject: &Subject, out: &mut Out) {
    for (index, s) in subject.permissions().filter(|(_, s)| s.allows()) {
        let Some(action) = s.stmt.actions.iter().find(|a| names_pass_role(&a.value)) else {
            continue;
        };
        let any = s
            .stmt
            .on
            .as_ref()
            .and_then(|(_, resources)| resources.iter().find(|r| every_role(&r.value)));
        if let Some(resource) = any {
            out.statement(
                index,
                &PASS_ANY_ROLE,
                resource.spot,
                format!(
                    "`{}` may pass every role (`{}`)",
                    action.value, resource.value
                ),
            );
        } else if let Some((spot, _)) = &s.stmt.not_on {
            out.statement(
                index,
                &PASS_ANY_ROLE,
                *spot,
                format!(
                    "`{}` may pass every role but the ones `NotResource` lists",
                    action.value
                ),
            );
        }
        if !s.tests_key("iam:PassedToService") {
            out.statement(
                index,
                &PASS_TO_ANY_SERVICE,
                action.spot,
                format!("`{}` without an `iam:PassedToService` condition may pass the role to any service", action.value),
            );
        }
    }
}

/// Whether the resource names every role: "*", or a pattern that matches every role ARN
/// (`arn:aws:iam::123456789012:role/*`), as the catalogue's formats say.
fn every_role(resource: &str) -> bool {
    let pass_role = Catalogue::current()
        .ok()
        .and_then(|c| c.action_named("iam:PassRole"));
    match pass_role {
        Some(action) => scope::covers_every(&action, resource),
        None => resource == "*",
    }
}

/// `iam:PassRole` or a pattern narrower than the whole service that matches it.
fn names_pass_role(pattern: &str) -> bool {
    let Some((service, action)) = pattern.split_once(':') else {
        return false;
    };
    service.eq_ignore_ascii_case("iam")
        && action != "*"
        && WildMatch::new_case_insensitive(action).matches("PassRole")
}

//! Actions granted wholesale: `"*"`, a whole service (`"s3:*"`), and an Allow that names what
//! it does not grant (`NotAction`, `NotResource`), which grants everything else, including what
//! AWS adds later.

use super::{Level, Lint, Out, Subject};

pub static STAR_ACTION: Lint = Lint {
    code: "RL101",
    name: "star-action",
    level: Level::Error,
    why: "`\"*\"` allows every action of every service, now and every one AWS adds: administrator access",
    fix: "list the actions the role needs (`role-cli simulate` shows what a list allows)",
    doc: "An Allow statement whose actions include \"*\" exactly. A Deny with \"*\" is fine, and so is `NotAction` (see RL104).",
};

pub static SERVICE_WILDCARD: Lint = Lint {
    code: "RL102",
    name: "service-wildcard",
    level: Level::Warning,
    why: "`svc:*` allows every action of the service, its permissions management and deletions included, and every one AWS adds",
    fix: "list the actions, or a narrower pattern of the same service (`Get*`, `Describe*`)",
    doc: "An Allow statement with an action `service:*` (the whole action part a `*`). Narrower patterns (`s3:Get*`) are not flagged.",
};

pub static ALLOW_NOT: Lint = Lint {
    code: "RL104",
    name: "allow-not",
    level: Level::Warning,
    why: "an Allow with `NotAction` or `NotResource` allows everything it does not name, including every action and resource AWS adds later",
    fix: "list what is allowed with `actions`/`on`; keep `not_actions`/`not_on` for Deny statements",
    doc: "An Allow statement with `not_actions` (`NotAction`) or `not_on` (`NotResource`), in a permissions policy.",
};

pub(super) fn check(subject: &Subject, out: &mut Out) {
    for (index, s) in subject.permissions().filter(|(_, s)| s.allows()) {
        for action in &s.stmt.actions {
            if action.value == "*" {
                out.statement(
                    index,
                    &STAR_ACTION,
                    action.spot,
                    "this statement allows every action (`\"*\"`)".to_owned(),
                );
            } else if let Some((service, "*")) = action.value.split_once(':') {
                out.statement(
                    index,
                    &SERVICE_WILDCARD,
                    action.spot,
                    format!("`{}` allows every action of `{service}`", action.value),
                );
            }
        }
        if let Some((spot, _)) = &s.stmt.not_actions {
            out.statement(
                index,
                &ALLOW_NOT,
                *spot,
                "an Allow with `NotAction` allows every action it does not list".to_owned(),
            );
        }
        if let Some((spot, _)) = &s.stmt.not_on {
            out.statement(
                index,
                &ALLOW_NOT,
                *spot,
                "an Allow with `NotResource` allows every resource it does not list".to_owned(),
            );
        }
    }
}

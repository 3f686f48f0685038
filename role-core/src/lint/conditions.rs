//! Conditions that do not do what they look like: `ForAllValues` on a single-valued key (true
//! when the key is absent), `StringEquals` with a wildcard (compared literally), and a key the
//! action never sends (so the condition never holds, or a Deny never applies).

use super::subject::has_placeholder;
use super::{Level, Lint, Out, Subject};
use crate::catalogue::{Catalogue, ValueType};

pub static FOR_ALL_VALUES_SINGLE: Lint = Lint {
    code: "RL301",
    name: "for-all-values-single-valued",
    level: Level::Warning,
    why: "`ForAllValues` is true when the key is absent, and a single-valued key is better tested without it: in an Allow it grants requests that lack the key",
    fix: "drop `ForAllValues::` for a single-valued key (or add a `Null` condition that the key is present)",
    doc: "An Allow statement with a `ForAllValues:` condition on a key that the catalogue types as single-valued (not `ArrayOf...`). Unknown keys are left alone.",
};

pub static EQUALS_WITH_WILDCARD: Lint = Lint {
    code: "RL302",
    name: "equals-with-wildcard",
    level: Level::Warning,
    why: "`StringEquals` compares `*` and `?` as the characters themselves, so this value matches only itself, not a pattern",
    fix: "use `StringLike` for a pattern (or `${*}` for a literal `*` under `StringLike`)",
    doc: "A `StringEquals`, `StringNotEquals` or their `IgnoreCase`/`IfExists` forms with a value holding `*` or `?` (policy variables such as `${*}` left out).",
};

pub static UNDOCUMENTED_KEY: Lint = Lint {
    code: "RL303",
    name: "undocumented-condition-key",
    level: Level::Warning,
    why: "AWS sends a service's condition key only with the actions that document it: for the others the key is absent, so the condition never holds in an Allow and silently never applies in a Deny",
    fix: "move the actions that do not support the key into a statement of their own, or use a key they document (`role-cli explain` names it; the Service Authorization Reference lists them)",
    doc: "A condition on a service key (not `aws:`) in a permissions statement whose actions (wildcards expanded with the catalogue) include a pattern none of whose actions documents the key. Unknown keys (RD611), `*`, `NotAction` and unknown actions are left alone.",
};

pub(super) fn check(subject: &Subject, out: &mut Out) {
    let catalogue = Catalogue::current().ok();
    for (index, s) in subject.statements.iter().enumerate() {
        for cond in s.conditions() {
            let Some(key) = &cond.key else { continue };
            let set_all = cond
                .set
                .as_ref()
                .is_some_and(|(set, _)| set.eq_ignore_ascii_case("ForAllValues"));
            if set_all && s.allows() && !has_placeholder(&key.value) {
                let single = catalogue
                    .and_then(|c| c.condition_key(&key.value))
                    .is_some_and(|k| !k.multivalued && k.value_type != ValueType::Unknown);
                if single {
                    let spot = cond.set.as_ref().map_or(key.spot, |(_, spot)| *spot);
                    out.statement(
                        index,
                        &FOR_ALL_VALUES_SINGLE,
                        spot,
                        format!("`{}` holds one value: `ForAllValues` is true when the request lacks it", key.value),
                    );
                }
            }
            let base = cond.operator.trim_end_matches("IfExists");
            let equals = matches!(
                base,
                "StringEquals"
                    | "StringNotEquals"
                    | "StringEqualsIgnoreCase"
                    | "StringNotEqualsIgnoreCase"
            );
            if equals {
                for value in &cond.values {
                    let literal = value.text.replace("${*}", "").replace("${?}", "");
                    if literal.contains(['*', '?']) {
                        out.statement(
                            index,
                            &EQUALS_WITH_WILDCARD,
                            value.spot,
                            format!("`{base}` compares `{}` literally: `*` and `?` are no wildcards here", value.text),
                        );
                    }
                }
            }
        }
        if let Some(catalogue) = catalogue
            && !s.trust
        {
            undocumented(catalogue, index, s, out);
        }
    }
}

fn undocumented(catalogue: &Catalogue, index: usize, s: &super::Statement, out: &mut Out) {
    for cond in s.conditions() {
        let Some(key) = &cond.key else { continue };
        let name = key.value.as_str();
        let global = name
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("aws:"));
        if global || has_placeholder(name) {
            continue;
        }
        if catalogue.condition_key(name).is_none_or(|k| k.global) {
            continue;
        }
        let missing: Vec<&str> = s
            .stmt
            .actions
            .iter()
            .filter(|a| a.value != "*")
            .filter(|a| {
                let actions = catalogue.actions_matching(&a.value);
                !actions.is_empty() && !actions.iter().any(|action| documents(action, name))
            })
            .map(|a| a.value.as_str())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let list: Vec<String> = missing.iter().map(|a| format!("`{a}`")).collect();
        out.statement(
            index,
            &UNDOCUMENTED_KEY,
            key.spot,
            format!(
                "{} {} not send `{name}`: the condition never holds for {}",
                list.join(", "),
                if missing.len() == 1 { "does" } else { "do" },
                if missing.len() == 1 { "it" } else { "them" }
            ),
        );
    }
}

/// Whether the action documents `key`. Some services list their tag key as the literal
/// `svc:ResourceTag/tag-key` (AWS's placeholder, not a template): that stands for every tag.
fn documents(action: &crate::catalogue::Action<'_>, key: &str) -> bool {
    action.documents_condition_key(key)
        || key
            .split_once('/')
            .is_some_and(|(head, _)| action.documents_condition_key(&format!("{head}/tag-key")))
}

//! The rules of `allow(...)` and `deny(...)`: a statement has actions and resources in exactly
//! one form each, actions are `service:Action`, sids are alphanumeric and unique.

use super::placeholder::Placeholders;
use super::unchecked::Unchecked;
use super::{action, arn, condition, condition_key, resource};
use crate::diag::{Code, Finding, Findings, Spot};
use crate::model::{Actions, Document, Resources, Statement, Template};
use crate::syntax::ast::{Stmt, Str};

/// The permissions document of `statements`, or `None` when there are none. `outer` is what
/// the role or policy lets through; each statement adds its own `unchecked`.
pub fn document(
    statements: &[Stmt],
    outer: &Unchecked,
    placeholders: &mut Placeholders,
    findings: &mut Findings,
) -> Option<Document> {
    if statements.is_empty() {
        return None;
    }
    duplicate_sids(statements.iter().map(|s| s.sid.as_ref()), findings);
    let mut out = Vec::with_capacity(statements.len());
    for stmt in statements {
        let own = Unchecked::read(&stmt.unchecked, findings);
        let actions = own.actions_with(outer);
        let before = findings.0.len();
        out.push(statement(stmt, &actions, placeholders, findings));
        own.silence(findings, before);
    }
    Some(Document { statements: out })
}

fn statement(
    stmt: &Stmt,
    unchecked: &[Str],
    placeholders: &mut Placeholders,
    findings: &mut Findings,
) -> Statement {
    let actions = match (&stmt.not_actions, stmt.actions.is_empty()) {
        (Some((spot, _)), false) => {
            conflict(findings, *spot, "actions", "not_actions");
            Actions::Action(action_list(&stmt.actions, unchecked, findings))
        }
        (Some((_, list)), true) => Actions::NotAction(action_list(list, unchecked, findings)),
        (None, false) => Actions::Action(action_list(&stmt.actions, unchecked, findings)),
        (None, true) if stmt.had_errors => Actions::Action(Vec::new()),
        (None, true) => {
            findings.push(
                Finding::error(Code::MissingActions, stmt.spot, "this statement has no actions")
                    .with_help("list actions first: `allow(\"s3:GetObject\", on = \"...\")`, or give `not_actions = [...]`"),
            );
            Actions::Action(Vec::new())
        }
    };
    let resources = match (&stmt.on, &stmt.not_on) {
        (Some((_, on)), not_on) => {
            if let Some((spot, _)) = not_on {
                conflict(findings, *spot, "on", "not_on");
            }
            let before = findings.0.len();
            let pairs: Vec<(Str, Template)> = on
                .iter()
                .map(|s| (s.clone(), resource_template(s, placeholders, findings)))
                .collect();
            // A resource already reported is no evidence of what the actions can act on.
            let malformed = findings.0.len() > before;
            if let Some(catalogue) = super::catalogue().filter(|_| !malformed) {
                let checked = resource::Statement {
                    effect: stmt.effect,
                    actions: &stmt.actions,
                    resources: &pairs,
                    unchecked,
                };
                resource::check(&checked, catalogue, findings);
            }
            Resources::Resource(pairs.into_iter().map(|(_, t)| t).collect())
        }
        (None, Some((_, not_on))) => Resources::NotResource(
            not_on
                .iter()
                .map(|s| resource_template(s, placeholders, findings))
                .collect(),
        ),
        (None, None) if stmt.had_errors => Resources::Resource(Vec::new()),
        (None, None) => {
            findings.push(
                Finding::error(Code::MissingResources, stmt.spot, "this statement names no resources")
                    .with_help("add `on = \"arn:...\"`; for every resource write `on = \"*\"` (there is no silent default)"),
            );
            Resources::Resource(Vec::new())
        }
    };
    Statement {
        sid: stmt.sid.as_ref().map(|s| sid(s, findings)),
        effect: stmt.effect,
        principal: None,
        actions,
        resources: Some(resources),
        conditions: conditions(
            &stmt.conditions,
            condition_key::Scope::default(),
            placeholders,
            findings,
        ),
    }
}

fn conflict(findings: &mut Findings, spot: Spot, one: &str, other: &str) {
    findings.error(
        Code::ConflictingForms,
        spot,
        format!("a statement has `{one}` or `{other}`, not both"),
    );
}

fn resource_template(
    s: &Str,
    placeholders: &mut Placeholders,
    findings: &mut Findings,
) -> Template {
    let template = placeholders.element(s, findings);
    arn::check(s, arn::Expect::Resource, findings);
    template
}

/// Actions as written, each checked for its shape and against the catalogue.
pub fn action_list(list: &[Str], unchecked: &[Str], findings: &mut Findings) -> Vec<String> {
    list.iter()
        .map(|s| {
            let before = findings.0.len();
            action_shape(s, findings);
            if findings.0.len() == before
                && let Some(catalogue) = super::catalogue()
            {
                action::check(s, unchecked, catalogue, findings);
            }
            s.value.clone()
        })
        .collect()
}

/// `service:Action`, wildcards only in the action part; or `*` alone.
fn action_shape(s: &Str, findings: &mut Findings) {
    let text = s.value.as_str();
    if text == "*" {
        return;
    }
    if let Some(at) = text.find("${") {
        let end = text[at..].find('}').map_or(text.len(), |e| at + e + 1);
        findings.error(
            Code::PolicyVariableInAction,
            s.spot.part(at, end),
            format!(
                "`{}` is a policy variable; IAM does not expand variables in actions",
                &text[at..end]
            ),
        );
        return;
    }
    let Some((service, action)) = text.split_once(':') else {
        findings.push(
            Finding::error(Code::MalformedAction, s.spot, format!("`{text}` is not an action"))
                .with_help("an action is `service:Action`, such as `s3:GetObject`; wildcards go in the action part: `s3:Get*`"),
        );
        return;
    };
    if service.contains(['*', '?']) {
        findings.push(
            Finding::error(
                Code::MalformedAction,
                s.spot.part(0, service.len()),
                format!("`{text}` has a wildcard in the service prefix, which IAM does not match"),
            )
            .with_help("name the service and put the wildcard in the action: `s3:Get*`; `*` alone means every action"),
        );
        return;
    }
    let service_ok = !service.is_empty()
        && service
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !service_ok {
        findings.error(
            Code::MalformedAction,
            s.spot.part(0, service.len()),
            format!("`{service}` is not a service prefix: prefixes are letters, digits and `-`"),
        );
    }
    let action_ok = !action.is_empty()
        && action
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "*?-_".contains(c));
    if !action_ok {
        findings.error(
            Code::MalformedAction,
            s.spot.part(service.len() + 1, text.len()),
            format!("`{action}` is not an action name: names are letters and digits, with `*` and `?` as wildcards"),
        );
    }
}

/// A sid is `[A-Za-z0-9]+`.
pub fn sid(s: &Str, findings: &mut Findings) -> String {
    if s.value.is_empty() || !s.value.chars().all(|c| c.is_ascii_alphanumeric()) {
        findings.push(
            Finding::error(
                Code::InvalidSid,
                s.spot,
                format!("sid `{}` must be letters and digits only", s.value),
            )
            .with_help(format!("for example `{}`", sid_suggestion(&s.value))),
        );
    }
    s.value.clone()
}

/// `read-input` → `ReadInput`: the words kept, in UpperCamelCase.
fn sid_suggestion(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Two statements of one policy with the same sid.
pub fn duplicate_sids<'a>(sids: impl Iterator<Item = Option<&'a Str>>, findings: &mut Findings) {
    let mut seen: Vec<&str> = Vec::new();
    for sid in sids.flatten() {
        if seen.contains(&sid.value.as_str()) {
            findings.error(
                Code::DuplicateSid,
                sid.spot,
                format!(
                    "sid `{}` is used by an earlier statement of this policy",
                    sid.value
                ),
            );
        }
        seen.push(&sid.value);
    }
}

/// The `Condition` blocks, with every key checked against the catalogue.
pub fn conditions(
    conds: &[crate::syntax::ast::Cond],
    scope: condition_key::Scope,
    placeholders: &mut Placeholders,
    findings: &mut Findings,
) -> Vec<crate::model::ConditionBlock> {
    if let Some(catalogue) = super::catalogue() {
        for cond in conds {
            condition_key::check(cond, scope, catalogue, findings);
        }
    }
    condition::blocks(conds, placeholders, findings)
}

//! Actions against the catalogue: the service exists, the action exists, a wildcard matches
//! something. A typo here fails silently in IAM (the statement grants nothing), so it is an error.

use crate::catalogue::Catalogue;
use crate::diag::{Code, Finding, Findings, did_you_mean};
use crate::syntax::ast::Str;

/// Whether the user marked `action` as unchecked: a brand-new action the catalogue lacks.
pub fn is_unchecked(action: &str, unchecked: &[Str]) -> bool {
    unchecked
        .iter()
        .any(|u| u.value.eq_ignore_ascii_case(action))
}

pub fn check(s: &Str, unchecked: &[Str], catalogue: &Catalogue, findings: &mut Findings) {
    let text = s.value.as_str();
    if text == "*" || is_unchecked(text, unchecked) {
        return;
    }
    // The shape (`service:Action`, no wildcard in the prefix) is the statement rules' finding.
    let Some((prefix, name)) = text.split_once(':') else {
        return;
    };
    if prefix.is_empty() || prefix.contains(['*', '?', '$']) || name.is_empty() {
        return;
    }
    let Some(service) = catalogue.service(prefix) else {
        let hint = did_you_mean(catalogue.suggest_service(prefix));
        findings.push(
            Finding::error(
                Code::UnknownService,
                s.spot.part(0, prefix.len()),
                format!("unknown service prefix `{prefix}` in `{text}`{hint}"),
            )
            .with_help(unchecked_help(text)),
        );
        return;
    };
    if name.contains(['*', '?']) {
        if catalogue.actions_matching(text).is_empty() {
            findings.push(
                Finding::error(
                    Code::WildcardMatchesNothing,
                    s.spot.part(prefix.len() + 1, text.len()),
                    format!("`{text}` matches no action of `{}`", service.prefix()),
                )
                .with_help(unchecked_help(text)),
            );
        }
        return;
    }
    if service.action(name).is_none() {
        let hint = did_you_mean(catalogue.suggest_action(text).as_deref());
        findings.push(
            Finding::error(
                Code::UnknownAction,
                s.spot,
                format!("unknown action `{text}`{hint}"),
            )
            .with_help(unchecked_help(text)),
        );
    }
}

fn unchecked_help(action: &str) -> String {
    format!(
        "if AWS added it after this catalogue was made, write `unchecked = [\"{action}\"]`, or point ROLE_DSL_CATALOGUE at a newer catalogue"
    )
}

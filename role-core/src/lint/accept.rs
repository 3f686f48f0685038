//! `accept("RL111", "reason")`: a lint silenced on purpose at the narrowest place, a statement
//! first and then its role or `#[policy]`. The finding is kept with the reason, for the report;
//! an `accept` that silences nothing is a finding of its own (a stale one hides the next real
//! problem). A missing reason or an unknown code is the validator's error (RD109).

use super::{Accepted, Level, Lint, LintFinding, Raw, Subject, find};
use crate::syntax::ast::Accept;

pub static UNUSED_ACCEPT: Lint = Lint {
    code: "RL901",
    name: "unused-accept",
    level: Level::Warning,
    why: "an `accept(...)` that silences nothing here would silently hide the next finding of that code",
    fix: "remove the `accept(...)`, or move it to the statement or item the finding is on",
    doc: "Reported at the `accept(...)` of a statement, role or #[policy] when no finding of its code was silenced by it. A finding is silenced by the statement's own `accept` first, then by its role's or policy's.",
};

/// The findings of a subject with the `accept(...)`s that silence them marked, then one
/// finding for each `accept` that silenced nothing.
pub(super) fn apply(subject: &Subject, found: Vec<Raw>) -> Vec<LintFinding> {
    let outer: Vec<&Accept> = subject.accepts.iter().collect();
    let inner: Vec<Vec<&Accept>> = subject
        .statements
        .iter()
        .map(|s| s.stmt.accepts.iter().collect())
        .collect();
    let mut used: Vec<&Accept> = Vec::new();
    let mut out = Vec::new();
    for (statement, lint, spot, message, path) in found {
        let own = statement
            .and_then(|i| inner.get(i))
            .map_or(&[][..], |a| &a[..]);
        let accept = own.iter().chain(&outer).find(|a| names(a, lint)).copied();
        if let Some(a) = accept {
            used.push(a);
        }
        out.push(LintFinding {
            lint,
            message,
            spot,
            item: subject.item.clone(),
            path,
            accepted: accept.map(|a| Accepted {
                reason: a.reason.as_ref().map_or(String::new(), |r| r.value.clone()),
                spot: a.spot,
            }),
        });
    }
    for accept in inner.iter().flatten().chain(&outer) {
        let known = accept.code.as_ref().and_then(|c| find(&c.value));
        if known.is_some() && !used.iter().any(|u| std::ptr::eq(*u, *accept)) {
            let code = accept.code.as_ref().map_or("", |c| c.value.as_str());
            out.push(LintFinding {
                lint: &UNUSED_ACCEPT,
                message: format!("`accept(\"{code}\", ...)` silences nothing here"),
                spot: accept.spot,
                item: subject.item.clone(),
                path: Vec::new(),
                accepted: None,
            });
        }
    }
    out
}

fn names(accept: &Accept, lint: &Lint) -> bool {
    accept
        .code
        .as_ref()
        .and_then(|c| find(&c.value))
        .is_some_and(|l| l.code == lint.code)
}

//! The findings as a reader wants them: text grouped by unit, service and change, each with
//! the statements that make it and its witness; one JSON object; SARIF 2.1.0 for code scanning.

use role_eval::diff::{Certainty, Change, Finding};
use serde_json::{Value, json};

use super::{Compared, Status};
use crate::report::count;

/// How many action names a text line shows before it counts the rest.
const SHOWN_ACTIONS: usize = 8;

pub fn text(compared: &[Compared]) -> String {
    let mut out = String::new();
    for unit in compared {
        let what = match unit.status {
            Status::Unchanged => "no change in what it allows".to_string(),
            Status::Added => "new".to_string(),
            Status::Removed => "gone".to_string(),
            Status::Changed => "changed".to_string(),
        };
        out.push_str(&format!("{}: {what}\n", unit.name));
        for note in &unit.diff.notes {
            out.push_str(&format!("  ? {note}\n"));
        }
        let mut findings: Vec<&Finding> = unit.diff.findings.iter().collect();
        findings.sort_by(|a, b| {
            (&a.service, a.change, a.certainty).cmp(&(&b.service, b.change, b.certainty))
        });
        for f in findings {
            out.push_str(&finding_text(f));
        }
    }
    out
}

fn finding_text(f: &Finding) -> String {
    let sign = match (f.change, f.certainty) {
        (Change::Added, Certainty::Verified) => "+ added",
        (Change::Removed, Certainty::Verified) => "- removed",
        (Change::Added, Certainty::Possible) => "? possibly added",
        (Change::Removed, Certainty::Possible) => "? possibly removed",
    };
    let (yes, no) = match f.change {
        Change::Added => ("NEW", "OLD"),
        Change::Removed => ("OLD", "NEW"),
    };
    let mut out = format!("  {sign} {}: {}\n", f.service, actions(&f.actions));
    for s in &f.granted_by {
        let mut line = format!("      allowed in {yes} by {}", statement(s));
        if let Some(r) = &s.resources {
            line.push_str(&format!("; {r}"));
        }
        if let Some(c) = &s.condition {
            line.push_str(&format!("; Condition: {c}"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    for s in &f.denied_by {
        out.push_str(&format!("      denied in {no} by {}\n", statement(s)));
    }
    let w = &f.witness;
    let mut request = format!("{} on {}", w.action, w.resource.resource);
    if w.principal != role_eval::diff::WITNESS_PRINCIPAL {
        request = format!("{request} by {}", w.principal);
    }
    if !w.context_variables.is_empty() {
        let pairs: Vec<String> = w
            .context_variables
            .iter()
            .map(|(k, v)| format!("{k}={}", serde_json::to_string(v).unwrap_or_default()))
            .collect();
        request.push_str(&format!(" with {}", pairs.join(", ")));
    }
    let checked = match f.certainty {
        Certainty::Verified => format!("{yes} allows, {no} denies (checked)"),
        Certainty::Possible => "not confirmed".to_string(),
    };
    if f.witness.action.is_empty() {
        // No request to show: what is possible is said by the notes.
    } else if f.granted_by.is_empty() {
        // The search stopped short: nothing found, and not sure there is nothing.
        out.push_str("      no request found that one side allows and the other denies, but the search was not exact:\n");
    } else {
        out.push_str(&format!("      e.g. {request}: {checked}\n"));
    }
    for note in &f.notes {
        out.push_str(&format!("      note: {note}\n"));
    }
    out
}

fn statement(s: &role_eval::diff::StatementRef) -> String {
    match &s.sid {
        Some(sid) => format!("statement {} (`{sid}`) of `{}`", s.index, s.policy),
        None => format!("statement {} of `{}`", s.index, s.policy),
    }
}

fn actions(list: &[String]) -> String {
    let shown: Vec<&str> = list
        .iter()
        .take(SHOWN_ACTIONS)
        .map(String::as_str)
        .collect();
    match list.len().saturating_sub(SHOWN_ACTIONS) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

pub fn json(compared: &[Compared]) -> String {
    let units: Vec<Value> = compared
        .iter()
        .map(|u| {
            json!({
                "name": u.name,
                "status": u.status,
                "added": u.diff.added().collect::<Vec<_>>(),
                "removed": u.diff.removed().collect::<Vec<_>>(),
                "notes": u.diff.notes,
            })
        })
        .collect();
    let new_access = compared.iter().any(|u| u.diff.added().next().is_some());
    let value = json!({"new_access": new_access, "units": units});
    format!(
        "{}\n",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    )
}

pub fn sarif(compared: &[Compared]) -> String {
    let rules = [
        ("new-access", "NEW allows a request that OLD denies"),
        ("removed-access", "OLD allows a request that NEW denies"),
        (
            "possible-new-access",
            "NEW may allow requests OLD denies; not confirmed",
        ),
        (
            "possible-removed-access",
            "OLD may allow requests NEW denies; not confirmed",
        ),
    ];
    let mut results = Vec::new();
    for unit in compared {
        for f in &unit.diff.findings {
            let (rule, level) = match (f.change, f.certainty) {
                (Change::Added, Certainty::Verified) => ("new-access", "warning"),
                (Change::Removed, Certainty::Verified) => ("removed-access", "note"),
                (Change::Added, Certainty::Possible) => ("possible-new-access", "warning"),
                (Change::Removed, Certainty::Possible) => ("possible-removed-access", "note"),
            };
            let message = format!("{}: {}", unit.name, finding_text(f).trim());
            results.push(json!({
                "ruleId": rule,
                "level": level,
                "message": {"text": message},
                "locations": [location(&unit.location)],
                "properties": {"unit": unit.name, "finding": f},
            }));
        }
    }
    let value = json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {
                "name": "role-cli",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|(id, text)| json!({
                    "id": id,
                    "shortDescription": {"text": text},
                })).collect::<Vec<_>>(),
            }},
            "results": results,
        }],
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    )
}

/// `src/roles.rs:12` as a SARIF location: the file (as a relative URI) and the line.
fn location(place: &str) -> Value {
    let (file, line) = match place.rsplit_once(':') {
        Some((file, line)) if line.parse::<u64>().is_ok_and(|l| l > 0) => {
            (file, line.parse::<u64>().ok())
        }
        _ => (place, None),
    };
    let uri = file.replace('\\', "/");
    let uri = uri.strip_prefix("./").unwrap_or(&uri);
    let mut physical = json!({"artifactLocation": {"uri": uri}});
    if let Some(line) = line {
        physical["region"] = json!({"startLine": line});
    }
    json!({"physicalLocation": physical})
}

/// `compared 3 roles: 1 with new access, 1 with access removed`.
pub fn summary(compared: &[Compared]) -> String {
    let added = compared
        .iter()
        .filter(|u| u.diff.added().next().is_some())
        .count();
    let removed = compared
        .iter()
        .filter(|u| u.diff.removed().next().is_some())
        .count();
    format!(
        "compared {}: {added} with new access, {removed} with access removed",
        count(compared.len(), "unit", "units")
    )
}

//! What a reader found, as text to snapshot: strings spelt as the DSL spells them
//! (`{cluster_name}`, `${aws:username}`), documents as pretty JSON, one note a line.

use std::fmt::Write;

use crate::import::{Found, Place, Tv};
use crate::model::{ParamKind, Template};

pub(super) fn summary(found: &Found) -> String {
    let mut out = String::new();
    for role in &found.roles {
        let _ = writeln!(out, "role {} ({})", role.ident, place(&role.place));
        optional(&mut out, "name", role.name.as_ref());
        optional(&mut out, "description", role.description.as_ref());
        optional(&mut out, "path", role.path.as_ref());
        if let Some(seconds) = role.max_session {
            let _ = writeln!(out, "  max_session: {seconds}");
        }
        optional(&mut out, "boundary", role.boundary.as_ref());
        for arn in &role.managed {
            let _ = writeln!(out, "  managed: {arn}");
        }
        for policy in &role.policies {
            let _ = writeln!(out, "  policies: {policy}");
        }
        for (key, value) in &role.tags {
            let _ = writeln!(out, "  tag: {key} = {value}");
        }
        match &role.instance_profile {
            None => {}
            Some(None) => out.push_str("  instance_profile: (named like the role)\n"),
            Some(Some(name)) => {
                let _ = writeln!(out, "  instance_profile: {name}");
            }
        }
        if let Some(trust) = &role.trust {
            document(&mut out, "trust", trust);
        }
        for inline in &role.inline {
            document(&mut out, "inline", inline);
        }
    }
    for policy in &found.policies {
        let _ = writeln!(out, "policy {} ({})", policy.ident, place(&policy.place));
        optional(&mut out, "name", policy.name.as_ref());
        optional(&mut out, "description", policy.description.as_ref());
        optional(&mut out, "path", policy.path.as_ref());
        document(&mut out, "document", &policy.document);
    }
    out.push_str("fields\n");
    for field in &found.fields {
        let kind = match field.kind {
            ParamKind::Text => "text",
            ParamKind::List => "list",
        };
        let doc = field.doc.as_deref().unwrap_or("");
        let _ = writeln!(out, "  {} ({kind}): {doc}", field.name);
    }
    out.push_str("notes\n");
    for note in &found.notes {
        let _ = writeln!(
            out,
            "  {} {:?}: {}",
            place(&note.place),
            note.kind,
            note.message
        );
    }
    out
}

fn place(place: &Place) -> String {
    match (place.line, place.column) {
        (Some(line), Some(column)) => format!("{line}:{column} {}", place.path),
        (Some(line), None) => format!("{line} {}", place.path),
        _ => place.path.clone(),
    }
}

fn optional(out: &mut String, label: &str, template: Option<&Template>) {
    if let Some(template) = template {
        let _ = writeln!(out, "  {label}: {template}");
    }
}

fn document(out: &mut String, label: &str, document: &Tv) {
    let json = serde_json::to_string_pretty(&as_json(document)).unwrap_or_default();
    let _ = writeln!(out, "  {label}: {}", json.replace('\n', "\n  "));
}

fn as_json(value: &Tv) -> serde_json::Value {
    match value {
        Tv::Null => serde_json::Value::Null,
        Tv::Bool(b) => serde_json::Value::Bool(*b),
        Tv::Number(n) => serde_json::Value::Number(n.clone()),
        Tv::Str(template) => serde_json::Value::String(template.to_string()),
        Tv::List(items) => items.iter().map(as_json).collect(),
        Tv::Map(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), as_json(v)))
                .collect(),
        ),
    }
}

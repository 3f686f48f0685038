//! Policy documents, as a reader resolved them, into `allow(...)` and `deny(...)` (and, with
//! [`super::trust`], `trust(...)`): each statement in the form a user would write, and a note for
//! each part the DSL cannot say.

use super::dsl::{Condition, Statement, Value};
use super::{Note, NoteKind, Place, Tv};
use crate::model::{Effect, Template};

/// Collects the notes of one document, each at its place.
pub struct Notes<'a> {
    pub place: Place,
    pub notes: &'a mut Vec<Note>,
}

impl Notes<'_> {
    fn at(&self, suffix: &str) -> Place {
        Place {
            path: format!("{}{suffix}", self.place.path),
            ..self.place.clone()
        }
    }

    pub(super) fn push(&mut self, suffix: &str, kind: NoteKind, message: impl Into<String>) {
        let place = self.at(suffix);
        self.notes.push(Note {
            place,
            kind,
            message: message.into(),
        });
    }
}

const DOCUMENT_KEYS: &[&str] = &["Version", "Id", "Statement"];

/// The statements of a document, each with the suffix of its place (`.Statement[2]`), after
/// noting what the document itself holds beyond them.
pub(super) fn statements<'t>(document: &'t Tv, notes: &mut Notes) -> Vec<(String, &'t Tv)> {
    let Tv::Map(entries) = document else {
        notes.push(
            "",
            NoteKind::Unexpressible,
            "this policy document is not a JSON object",
        );
        return Vec::new();
    };
    for (key, _) in entries {
        let key = key.to_string();
        if !DOCUMENT_KEYS.contains(&key.as_str()) {
            notes.push(
                "",
                NoteKind::Unexpressible,
                format!("`{key}` is not an element of a policy document; it is left out"),
            );
        }
    }
    let statements: Vec<(String, &Tv)> = match document.get("Statement") {
        None => Vec::new(),
        Some(Tv::List(items)) => items
            .iter()
            .enumerate()
            .map(|(i, s)| (format!(".Statement[{i}]"), s))
            .collect(),
        Some(single) => vec![(".Statement".to_owned(), single)],
    };
    version(document, &statements, notes);
    if document.get("Id").is_some() {
        notes.push(
            ".Id",
            NoteKind::Changed,
            "the document's `Id` is left out: IAM does not read it",
        );
    }
    statements
}

/// The DSL writes the 2012-10-17 language. Under 2008-10-17 (or no `Version`), `${...}` is text,
/// not a policy variable.
fn version(document: &Tv, statements: &[(String, &Tv)], notes: &mut Notes) {
    let version = document
        .get("Version")
        .and_then(Tv::scalar)
        .map(|v| v.to_string());
    if version.as_deref() == Some("2012-10-17") {
        return;
    }
    let has_vars = statements.iter().any(|(_, s)| mentions_var(s));
    let written = version.map_or("no `Version`".to_owned(), |v| format!("`Version` {v}"));
    if has_vars {
        notes.push(
            ".Version",
            NoteKind::Unexpressible,
            format!("the document has {written}, under which `${{...}}` is text; the DSL writes the 2012-10-17 language, where it is a policy variable"),
        );
    } else {
        notes.push(
            ".Version",
            NoteKind::Changed,
            format!("the document has {written}; it is written in the 2012-10-17 language, which reads it the same"),
        );
    }
}

fn mentions_var(value: &Tv) -> bool {
    match value {
        Tv::Str(t) => t.has_vars(),
        Tv::List(items) => items.iter().any(mentions_var),
        Tv::Map(entries) => entries.iter().any(|(k, v)| k.has_vars() || mentions_var(v)),
        _ => false,
    }
}

/// The statements of a permissions document (inline or managed): `allow(...)` / `deny(...)`.
pub fn permissions(document: &Tv, notes: &mut Notes) -> Vec<Statement> {
    statements(document, notes)
        .into_iter()
        .filter_map(|(at, s)| permission(s, &at, notes))
        .collect()
}

fn permission(statement: &Tv, at: &str, notes: &mut Notes) -> Option<Statement> {
    let effect = effect(statement, at, notes)?;
    for key in ["Principal", "NotPrincipal"] {
        if statement.get(key).is_some() {
            notes.push(at, NoteKind::Unexpressible, format!("this statement of a permissions policy has a `{key}`, which only resource-based policies have; it is left out"));
            return None;
        }
    }
    let (actions, not_actions) = actions(statement, at, notes)?;
    let (resources, not_resources) = match (statement.get("Resource"), statement.get("NotResource"))
    {
        (Some(r), None) => (templates(r, &format!("{at}.Resource"), notes), false),
        (None, Some(r)) => (templates(r, &format!("{at}.NotResource"), notes), true),
        _ => {
            notes.push(at, NoteKind::Unexpressible, "this statement has neither `Resource` nor `NotResource` (or has both), which IAM refuses; it is left out");
            return None;
        }
    };
    Some(Statement {
        effect,
        actions,
        not_actions,
        resources,
        not_resources,
        conditions: conditions(statement, at, notes),
        sid: sid(statement, at, notes),
    })
}

pub(super) fn effect(statement: &Tv, at: &str, notes: &mut Notes) -> Option<Effect> {
    if !matches!(statement, Tv::Map(_)) {
        notes.push(
            at,
            NoteKind::Unexpressible,
            "this statement is not a JSON object; it is left out",
        );
        return None;
    }
    match statement
        .get("Effect")
        .and_then(Tv::scalar)
        .and_then(|e| e.as_plain())
        .as_deref()
    {
        Some("Allow") => Some(Effect::Allow),
        Some("Deny") => Some(Effect::Deny),
        other => {
            let what = other.map_or("no `Effect`".to_owned(), |e| format!("`Effect` `{e}`"));
            notes.push(at, NoteKind::Unexpressible, format!("this statement has {what}, which IAM refuses (it is `Allow` or `Deny`); it is left out"));
            None
        }
    }
}

/// `Action` (`false`) or `NotAction` (`true`), and the actions.
pub(super) fn actions(statement: &Tv, at: &str, notes: &mut Notes) -> Option<(Vec<String>, bool)> {
    let (value, not, key) = match (statement.get("Action"), statement.get("NotAction")) {
        (Some(a), None) => (a, false, "Action"),
        (None, Some(a)) => (a, true, "NotAction"),
        _ => {
            notes.push(at, NoteKind::Unexpressible, "this statement has neither `Action` nor `NotAction` (or has both), which IAM refuses; it is left out");
            return None;
        }
    };
    let list = templates(value, &format!("{at}.{key}"), notes)
        .into_iter()
        .map(|t| match t.as_plain() {
            Some(plain) => plain,
            None => {
                notes.push(
                    &format!("{at}.{key}"),
                    NoteKind::Unexpressible,
                    format!(
                        "the action `{t}` is made of parameters; the DSL names actions literally"
                    ),
                );
                t.to_string()
            }
        })
        .collect();
    Some((list, not))
}

/// A string or a list of strings, as templates. Numbers and booleans are their text.
pub(super) fn templates(value: &Tv, at: &str, notes: &mut Notes) -> Vec<Template> {
    let mut out = Vec::new();
    for item in value.items() {
        match item.scalar() {
            Some(t) => out.push(t),
            None => notes.push(
                at,
                NoteKind::Unexpressible,
                "a value here is not a string; it is left out",
            ),
        }
    }
    out
}

pub(super) fn sid(statement: &Tv, at: &str, notes: &mut Notes) -> Option<String> {
    let sid = statement.get("Sid")?.scalar()?;
    match sid.as_plain() {
        Some(text) if text.is_empty() => None,
        Some(text) => Some(text),
        None => {
            notes.push(
                &format!("{at}.Sid"),
                NoteKind::Changed,
                format!(
                    "the `Sid` `{sid}` is made of parameters; it is left out (IAM does not read it)"
                ),
            );
            None
        }
    }
}

/// The `Condition` element: one DSL condition per operator and key, in the order written.
pub(super) fn conditions(statement: &Tv, at: &str, notes: &mut Notes) -> Vec<Condition> {
    let Some(block) = statement.get("Condition") else {
        return Vec::new();
    };
    let at = format!("{at}.Condition");
    let Tv::Map(operators) = block else {
        notes.push(
            &at,
            NoteKind::Unexpressible,
            "`Condition` is not a JSON object; it is left out",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (operator, keys) in operators {
        let at = format!("{at}.{operator}");
        let Some(operator) = operator.as_plain() else {
            notes.push(
                &at,
                NoteKind::Unexpressible,
                "a condition operator made of parameters cannot be written; it is left out",
            );
            continue;
        };
        let (set, operator) = match operator.split_once(':') {
            Some((set, op)) => (Some(set.to_owned()), op.to_owned()),
            None => (None, operator),
        };
        let Tv::Map(keys) = keys else {
            notes.push(
                &at,
                NoteKind::Unexpressible,
                "this condition operator does not hold a JSON object of keys; it is left out",
            );
            continue;
        };
        for (key, values) in keys {
            let at = format!("{at}.{key}");
            let values = condition_values(values, &at, notes);
            if values.is_empty() {
                notes.push(&at, NoteKind::Unexpressible, "this condition key has no value, and the DSL writes a key with at least one; it is left out");
                continue;
            }
            out.push(Condition {
                set: set.clone(),
                operator: operator.clone(),
                key: key.clone(),
                values,
            });
        }
    }
    out
}

fn condition_values(values: &Tv, at: &str, notes: &mut Notes) -> Vec<Value> {
    let mut out = Vec::new();
    for value in values.items() {
        match value {
            Tv::Str(t) => out.push(Value::Str(t.clone())),
            Tv::Bool(b) => out.push(Value::Bool(*b)),
            Tv::Number(n) if n.is_i64() || n.is_u64() => out.push(Value::Int(n.to_string())),
            Tv::Number(n) => out.push(Value::Str(Template::literal(n.to_string()))),
            Tv::Null | Tv::List(_) | Tv::Map(_) => notes.push(
                at,
                NoteKind::Unexpressible,
                "a condition value here is not a string, number or boolean; it is left out",
            ),
        }
    }
    out
}

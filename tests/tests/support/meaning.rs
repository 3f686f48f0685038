//! Policy documents compared by meaning, as IAM reads them: statements in any order, values as
//! sets, a statement naming principals of several kinds the same as one statement per kind.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

/// Compares two policy documents by meaning: statements in any order, each element's values as
/// a set, a single value the same as a list of one. `Version` only when the original gives one
/// (IAM reads a document without it as the 2008 language, the same for documents without
/// policy variables).
pub fn compare(
    what: &str,
    original: &Value,
    rendered: Option<&Value>,
    partition: &str,
    diffs: &mut Vec<String>,
) {
    let Some(rendered) = rendered else {
        diffs.push(format!("{what}: the DSL renders none"));
        return;
    };
    if let Some(version) = original.get("Version")
        && Some(version) != rendered.get("Version")
    {
        diffs.push(format!(
            "{what}: Version {version} in the original, {:?} in the DSL",
            rendered.get("Version")
        ));
    }
    let mut want = statements(original, partition);
    let mut got = statements(rendered, partition);
    let only_original = take_common(&mut want, &mut got);
    if only_original.is_empty() && got.is_empty() {
        return;
    }
    let mut text = format!("{what} differs:");
    for statement in &only_original {
        text.push_str(&format!("\n  only in the original: {statement}"));
    }
    for statement in &got {
        text.push_str(&format!("\n  only in the DSL:      {statement}"));
    }
    diffs.push(text);
}

/// Removes from both lists the statements they share; returns what is left of `want`.
fn take_common(want: &mut Vec<String>, got: &mut Vec<String>) -> Vec<String> {
    let mut left = Vec::new();
    for statement in want.drain(..) {
        match got.iter().position(|g| *g == statement) {
            Some(at) => {
                got.remove(at);
            }
            None => left.push(statement),
        }
    }
    left
}

/// Each statement of `document` in a canonical JSON text.
fn statements(document: &Value, partition: &str) -> Vec<String> {
    let list = match &document["Statement"] {
        Value::Array(items) => items.clone(),
        Value::Null => Vec::new(),
        single => vec![single.clone()],
    };
    list.iter()
        .flat_map(|s| per_principal_kind(s.as_object().expect("a statement is an object")))
        .map(|s| {
            let canonical = canonical_statement(&s, partition);
            serde_json::to_string(&canonical).expect("JSON prints")
        })
        .collect()
}

/// A statement whose `Principal` names several kinds (`{"Service": ..., "AWS": ...}`) means the
/// same as one statement per kind, as the DSL writes it.
fn per_principal_kind(statement: &Map<String, Value>) -> Vec<Map<String, Value>> {
    let Some(Value::Object(kinds)) = statement.get("Principal") else {
        return vec![statement.clone()];
    };
    if kinds.len() < 2 {
        return vec![statement.clone()];
    }
    kinds
        .iter()
        .map(|(kind, values)| {
            let mut one = statement.clone();
            one.insert(
                "Principal".into(),
                Value::Object(Map::from_iter([(kind.clone(), values.clone())])),
            );
            // The DSL numbers the ids of the statements it splits one into.
            one.remove("Sid");
            one
        })
        .collect()
}

fn canonical_statement(statement: &Map<String, Value>, partition: &str) -> Value {
    let entries: BTreeMap<String, Value> = statement
        .iter()
        // An empty `Condition` is no condition.
        .filter(|(key, value)| {
            !(*key == "Condition" && value.as_object().is_some_and(Map::is_empty))
        })
        .map(|(key, value)| {
            let canonical = match key.as_str() {
                "Action" | "NotAction" | "Resource" | "NotResource" => string_set(value),
                "Principal" | "NotPrincipal" => principal(value, partition),
                "Condition" => object_of(value, |operator| object_of(operator, string_set)),
                _ => value.clone(),
            };
            (key.clone(), canonical)
        })
        .collect();
    Value::Object(entries.into_iter().collect())
}

/// `"*"` is `{"AWS": "*"}`; an account id is its root ARN, as IAM stores it.
fn principal(value: &Value, partition: &str) -> Value {
    let map = match value {
        Value::Object(map) => map.clone(),
        other => Map::from_iter([("AWS".to_owned(), other.clone())]),
    };
    object_of(&Value::Object(map), |ids| {
        let ids = string_set(ids);
        let ids: BTreeSet<String> = ids
            .as_array()
            .into_iter()
            .flatten()
            .map(|id| {
                let id = scalar(id);
                if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) {
                    format!("arn:{partition}:iam::{id}:root")
                } else {
                    id
                }
            })
            .collect();
        Value::Array(ids.into_iter().map(Value::String).collect())
    })
}

fn object_of(value: &Value, each: impl Fn(&Value) -> Value) -> Value {
    let entries: BTreeMap<String, Value> = value
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), each(v)))
        .collect();
    Value::Object(entries.into_iter().collect())
}

/// One value or a list of values, as a sorted list of their texts (`true` and `"true"` are the
/// same to IAM).
fn string_set(value: &Value) -> Value {
    let texts: BTreeSet<String> = match value {
        Value::Array(items) => items.iter().map(scalar).collect(),
        other => BTreeSet::from([scalar(other)]),
    };
    Value::Array(texts.into_iter().map(Value::String).collect())
}

pub fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

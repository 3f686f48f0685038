//! A JSON policy document as a whole, before the meaning of its elements: how deeply it nests
//! (measured before parsing, since the parser recurses), the keys it gives twice (which IAM
//! would silently drop), and its size as IAM counts it.

use std::collections::HashMap;

use jsonc_parser::ast::{Object, ObjectProp, ObjectPropName, Value};

use super::key_name;
use crate::diag::{Code, Finding, Findings};

/// The deepest nesting read. An IAM policy nests six levels at most (document, `Statement`, a
/// statement, `Condition`, an operator, a list of values); the parser recurses once a level.
pub const MAX_NESTING: usize = 64;

/// How deeply `text` nests arrays and objects, and the byte offset of the first bracket at
/// that depth. Brackets inside strings do not count.
pub fn nesting(text: &str) -> (usize, usize) {
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for (i, byte) in text.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > deepest {
                    (deepest, at) = (depth, i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (deepest, at)
}

/// Where an object stands, for messages.
#[derive(Clone, Copy)]
enum Place<'t> {
    Document,
    Statement,
    /// The value of this key.
    Under(&'t str),
}

impl Place<'_> {
    fn describe(self) -> String {
        match self {
            Place::Document => "the policy document".to_owned(),
            Place::Statement => "this statement".to_owned(),
            Place::Under(key) => format!("`{key}`"),
        }
    }
}

/// Reports every key given twice in one object of the document, and returns the document's
/// size as IAM counts it: the characters of the JSON without whitespace. Strings count as
/// serde_json writes them (the shortest escapes), as `check::size` counts a rendered policy, so
/// that `\u0041` written for `A` never makes a policy too large.
pub fn survey(root: &Value, text: &str, findings: &mut Findings) -> usize {
    let mut size = 0;
    let mut pending: Vec<(&Value, Place)> = vec![(root, Place::Document)];
    while let Some((value, place)) = pending.pop() {
        // `Statement` holds a statement or a list of them.
        let place = match place {
            Place::Under("Statement") => Place::Statement,
            other => other,
        };
        size += match value {
            Value::Object(object) => {
                duplicate_keys(object, place, text, findings);
                let mut keys = 0;
                for prop in &object.properties {
                    let name = key_name(&prop.name).0;
                    keys += string_size(name) + 1;
                    pending.push((&prop.value, Place::Under(name)));
                }
                2 + keys + object.properties.len().saturating_sub(1)
            }
            Value::Array(array) => {
                pending.extend(array.elements.iter().map(|v| (v, place)));
                2 + array.elements.len().saturating_sub(1)
            }
            Value::StringLit(s) => string_size(&s.value),
            Value::NumberLit(n) => n.value.chars().count(),
            Value::BooleanLit(b) => b.value.to_string().len(),
            Value::NullKeyword(_) => "null".len(),
        };
    }
    size
}

fn string_size(text: &str) -> usize {
    serde_json::to_string(text).map_or(0, |json| json.chars().count())
}

/// Each key of `object` given again later in it, at the later key.
fn duplicate_keys(object: &Object, place: Place, text: &str, findings: &mut Findings) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for prop in &object.properties {
        let (name, at) = key_name(&prop.name);
        match first.get(name) {
            Some(&earlier) => findings.push(
                Finding::error(
                    Code::DuplicateKey,
                    at,
                    format!(
                        "`{name}` is given twice in {}; IAM would keep only one",
                        place.describe()
                    ),
                )
                .with_help(format!(
                    "the first `{name}` is on line {}; keep one, holding every value",
                    line_of(text, earlier)
                )),
            ),
            None => {
                first.insert(name, name_range(&prop.name).start);
            }
        }
    }
}

/// The properties of `object` as IAM reads them: of a key given twice, the last.
pub fn last_of_each_key<'o, 'a>(object: &'o Object<'a>) -> Vec<&'o ObjectProp<'a>> {
    let last: HashMap<&str, usize> = object
        .properties
        .iter()
        .enumerate()
        .map(|(i, prop)| (key_name(&prop.name).0, i))
        .collect();
    object
        .properties
        .iter()
        .enumerate()
        .filter(|(i, prop)| last.get(key_name(&prop.name).0) == Some(i))
        .map(|(_, prop)| prop)
        .collect()
}

fn name_range(name: &ObjectPropName) -> jsonc_parser::common::Range {
    match name {
        ObjectPropName::String(s) => s.range,
        ObjectPropName::Word(w) => w.range,
    }
}

/// The 1-based line of byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |before| before.matches('\n').count())
        + 1
}

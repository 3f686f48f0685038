//! A JSON-shaped value whose strings and map keys are [`Template`]s: a policy document (or a
//! property) as a reader resolved it, before it becomes the model.

use crate::model::{Part, Template};

/// Map entries in the order written; keys may hold placeholders (a condition key with the
/// cluster's OIDC host).
pub type TvMap = Vec<(Template, Tv)>;

#[derive(Debug, Clone, Default, PartialEq)]
pub enum Tv {
    #[default]
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(Template),
    List(Vec<Tv>),
    Map(TvMap),
}

impl Tv {
    /// The value under `key`, compared as IAM compares element names: exactly.
    pub fn get(&self, key: &str) -> Option<&Tv> {
        match self {
            Tv::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_plain().as_deref() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_template(&self) -> Option<&Template> {
        match self {
            Tv::Str(template) => Some(template),
            _ => None,
        }
    }

    /// A scalar as IAM reads it in a document: strings, and booleans and numbers as their text.
    pub fn scalar(&self) -> Option<Template> {
        match self {
            Tv::Str(template) => Some(template.clone()),
            Tv::Bool(b) => Some(Template::literal(b.to_string())),
            Tv::Number(n) => Some(Template::literal(n.to_string())),
            _ => None,
        }
    }

    /// IAM's one-or-many: a list's elements, or a single value as a list of one.
    pub fn items(&self) -> Vec<&Tv> {
        match self {
            Tv::List(items) => items.iter().collect(),
            other => vec![other],
        }
    }

    /// A JSON value, its strings read by `string` (a raw IAM document: only policy variables
    /// are special).
    pub fn from_json(value: &serde_json::Value, string: &dyn Fn(&str) -> Template) -> Tv {
        match value {
            serde_json::Value::Null => Tv::Null,
            serde_json::Value::Bool(b) => Tv::Bool(*b),
            serde_json::Value::Number(n) => Tv::Number(n.clone()),
            serde_json::Value::String(s) => Tv::Str(string(s)),
            serde_json::Value::Array(items) => {
                Tv::List(items.iter().map(|v| Tv::from_json(v, string)).collect())
            }
            serde_json::Value::Object(map) => Tv::Map(
                map.iter()
                    .map(|(k, v)| (string(k), Tv::from_json(v, string)))
                    .collect(),
            ),
        }
    }
}

/// IAM text, where only `${...}` is special: a policy variable.
pub fn iam_text(text: &str) -> Template {
    let mut template = Template::default();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let Some(end) = rest[start..].find('}').map(|e| start + e) else {
            break;
        };
        template.push_text(&rest[..start]);
        template.push(Part::Var(rest[start + 2..end].to_owned()));
        rest = &rest[end + 1..];
    }
    template.push_text(rest);
    template
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_variables_are_parts_and_braces_are_text() {
        assert_eq!(
            iam_text("arn:aws:s3:::b/${aws:username}/{x}").0,
            vec![
                Part::Text("arn:aws:s3:::b/".into()),
                Part::Var("aws:username".into()),
                Part::Text("/{x}".into()),
            ]
        );
        assert_eq!(iam_text("a${b").0, vec![Part::Text("a${b".into())]);
    }
}

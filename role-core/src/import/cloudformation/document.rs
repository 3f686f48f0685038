//! Policy documents: a property written as YAML/JSON structure, or as the JSON text a `Fn::Sub`
//! gives (as AWS's own templates write a document with a placeholder in a condition key). Either
//! way every string is IAM text once resolved: a `${...}` left in it is a policy variable.

use super::Reader;
use super::locate::Path;
use super::node::Node;
use crate::import::value::iam_text;
use crate::import::{NoteKind, Tv};
use crate::model::{Part, Template};

/// Marks a placeholder inside JSON text while it is parsed; from Unicode's private use area,
/// which a template's text does not hold.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

impl<'t> Reader<'t> {
    /// The policy document `node`, resolved.
    pub(super) fn document(&mut self, node: &'t Node, path: &Path) -> Option<Tv> {
        match self.value(node, path)? {
            Tv::Str(text) => match json_document(&text) {
                Ok(document) => Some(document),
                Err(reason) => {
                    self.note(
                        path,
                        NoteKind::Unexpressible,
                        format!("the policy document's JSON text cannot be read ({reason}); it is left out"),
                    );
                    None
                }
            },
            other => Some(iam_value(other)),
        }
    }
}

/// Every string and key of a resolved value read as IAM text.
fn iam_value(value: Tv) -> Tv {
    match value {
        Tv::Str(template) => Tv::Str(iam_template(template)),
        Tv::List(items) => Tv::List(items.into_iter().map(iam_value).collect()),
        Tv::Map(entries) => Tv::Map(
            entries
                .into_iter()
                .map(|(k, v)| (iam_template(k), iam_value(v)))
                .collect(),
        ),
        scalar => scalar,
    }
}

/// The literal text of a template read as IAM text; its placeholders stay as they are.
fn iam_template(template: Template) -> Template {
    let mut out = Template::default();
    for part in template.0 {
        match part {
            Part::Text(text) => {
                for part in iam_text(&text).0 {
                    out.push(part);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The JSON text of a document, its placeholders kept as parts of the strings they are in.
fn json_document(text: &Template) -> Result<Tv, String> {
    let mut json = String::new();
    let mut placeholders = Vec::new();
    for part in &text.0 {
        match part {
            Part::Text(t) if t.contains([OPEN, CLOSE]) => {
                return Err("it holds characters of Unicode's private use area".to_owned());
            }
            Part::Text(t) => json.push_str(t),
            other => {
                json.push(OPEN);
                json.push_str(&placeholders.len().to_string());
                json.push(CLOSE);
                placeholders.push(other.clone());
            }
        }
    }
    let value: serde_json::Value = serde_json::from_str(&json).map_err(|e| {
        if json.contains(OPEN) && e.is_syntax() {
            format!("{e}; a placeholder outside a JSON string cannot be read")
        } else {
            e.to_string()
        }
    })?;
    Ok(Tv::from_json(&value, &|s| {
        with_placeholders(s, &placeholders)
    }))
}

/// A string of the parsed JSON: IAM text, with the placeholders marked in it put back.
fn with_placeholders(text: &str, placeholders: &[Part]) -> Template {
    let mut out = Template::default();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        for part in iam_text(&rest[..start]).0 {
            out.push(part);
        }
        let after = &rest[start + OPEN.len_utf8()..];
        let end = after.find(CLOSE).unwrap_or(after.len());
        if let Some(part) = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| placeholders.get(i))
        {
            out.push(part.clone());
        }
        rest = after.get(end + CLOSE.len_utf8()..).unwrap_or("");
    }
    for part in iam_text(rest).0 {
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pseudo;

    #[test]
    fn json_text_keeps_placeholders_in_keys_and_values() {
        let mut text = Template::literal(
            r#"{"Condition": {"StringEquals": {"aws:ResourceTag/kubernetes.io/cluster/"#,
        );
        text.push(Part::Field("cluster_name".into()));
        text.push_text(r#"": "owned"}}, "Resource": "arn:"#);
        text.push(Part::Pseudo(Pseudo::Partition));
        text.push_text(r#":s3:::b/${aws:username}/{x}"}"#);
        let document = json_document(&text).unwrap();
        let key = match document
            .get("Condition")
            .unwrap()
            .get("StringEquals")
            .unwrap()
        {
            Tv::Map(entries) => entries[0].0.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            key.0,
            vec![
                Part::Text("aws:ResourceTag/kubernetes.io/cluster/".into()),
                Part::Field("cluster_name".into())
            ]
        );
        assert_eq!(
            document.get("Resource").unwrap().as_template().unwrap().0,
            vec![
                Part::Text("arn:".into()),
                Part::Pseudo(Pseudo::Partition),
                Part::Text(":s3:::b/".into()),
                Part::Var("aws:username".into()),
                Part::Text("/{x}".into()),
            ]
        );
    }

    #[test]
    fn a_placeholder_outside_a_string_is_named() {
        let mut text = Template::literal(r#"{"Resource": "#);
        text.push(Part::List("arns".into()));
        text.push_text("}");
        let err = json_document(&text).unwrap_err();
        assert!(err.contains("outside a JSON string"), "{err}");
    }
}

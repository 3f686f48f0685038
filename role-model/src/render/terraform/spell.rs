//! How a [`Template`] is written as a Terraform string. Every JSON string in a `.tf.json` file is
//! a Terraform template, so literal text must be escaped, and placeholders become references.

use std::collections::BTreeSet;

use super::super::{Format, RenderError};
use crate::model::{Part, Pseudo, Template};

/// Where a string goes, which decides how a policy variable is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Inside a `data "aws_iam_policy_document"` block, which turns `&{...}` into `${...}`.
    Document,
    /// Any other argument, where `${aws:username}` is just text.
    Argument,
}

/// Spells templates, and remembers the variables and data sources they refer to, so that the
/// module declares exactly those.
#[derive(Debug, Default)]
pub struct Speller {
    pub fields: BTreeSet<String>,
    /// The list parameters named, declared as `list(string)` variables.
    pub lists: BTreeSet<String>,
    pub pseudos: BTreeSet<Pseudo>,
}

impl Speller {
    pub fn spell(&mut self, template: &Template, place: Place) -> Result<String, RenderError> {
        let mut out = String::new();
        let parts = &template.0;
        for (i, part) in parts.iter().enumerate() {
            match part {
                Part::Text(text) => {
                    if place == Place::Document && text.contains("&{") {
                        return Err(RenderError::Unrepresentable {
                            format: Format::Terraform,
                            text: text.clone(),
                            reason: "`aws_iam_policy_document` reads `&{` as the start of a policy variable, \
                                     and has no escape for it"
                                .into(),
                        });
                    }
                    let before_reference =
                        matches!(parts.get(i + 1), Some(Part::Field(_) | Part::Pseudo(_)));
                    out.push_str(&escape_text(text, before_reference));
                }
                Part::Field(field) => {
                    self.fields.insert(field.clone());
                    out.push_str(&format!("${{var.{field}}}"));
                }
                // Only a whole element of a list holds one, which `spell_list` writes; joined, it
                // reads the same as `Env::resolve`.
                Part::List(field) => {
                    self.lists.insert(field.clone());
                    out.push_str(&format!("${{join(\",\", var.{field})}}"));
                }
                Part::Pseudo(pseudo) => {
                    self.pseudos.insert(*pseudo);
                    out.push_str(&format!("${{{}}}", pseudo_reference(*pseudo)));
                }
                // A default value may hold `${` or `%{`, which Terraform would read as its own.
                Part::Var(var) => match place {
                    Place::Document => out.push_str(&format!("&{{{}}}", escape(var))),
                    Place::Argument => out.push_str(&format!("$${{{}}}", escape(var))),
                },
            }
        }
        Ok(out)
    }

    /// A list of strings: a JSON array; a list parameter alone, the variable itself; mixed, one
    /// `concat(...)` of the written elements and the lists.
    pub fn spell_list(
        &mut self,
        templates: &[Template],
        place: Place,
    ) -> Result<serde_json::Value, RenderError> {
        use serde_json::Value;
        if templates.iter().all(|t| t.list().is_none()) {
            return templates
                .iter()
                .map(|t| self.spell(t, place).map(Value::String))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array);
        }
        let mut groups: Vec<String> = Vec::new();
        let mut written: Vec<String> = Vec::new();
        for template in templates {
            match template.list() {
                Some(field) => {
                    if !written.is_empty() {
                        groups.push(format!("[{}]", written.join(", ")));
                        written.clear();
                    }
                    self.lists.insert(field.to_owned());
                    groups.push(format!("var.{field}"));
                }
                None => written.push(quoted(&self.spell(template, place)?)),
            }
        }
        if !written.is_empty() {
            groups.push(format!("[{}]", written.join(", ")));
        }
        Ok(Value::String(match groups.as_slice() {
            [one] => format!("${{{one}}}"),
            _ => format!("${{concat({})}}", groups.join(", ")),
        }))
    }
}

/// A spelled template as a quoted string inside an expression: HCL's string escapes, with the
/// template sequences (`${`, `$${`) kept as they are.
fn quoted(spelled: &str) -> String {
    let mut out = String::with_capacity(spelled.len() + 2);
    out.push('"');
    for c in spelled.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The attribute of the data source that gives a pseudo-parameter.
pub fn pseudo_reference(pseudo: Pseudo) -> &'static str {
    match pseudo {
        Pseudo::Partition => "data.aws_partition.current.partition",
        Pseudo::AccountId => "data.aws_caller_identity.current.account_id",
        // `name` is deprecated since provider v6 in favour of `region`.
        Pseudo::Region => "data.aws_region.current.region",
    }
}

/// The name of a pseudo-parameter's data source type.
pub fn pseudo_data_source(pseudo: Pseudo) -> &'static str {
    match pseudo {
        Pseudo::Partition => "aws_partition",
        Pseudo::AccountId => "aws_caller_identity",
        Pseudo::Region => "aws_region",
    }
}

/// Literal text as a Terraform template: `${` → `$${`, `%{` → `%%{`.
pub fn escape(text: &str) -> String {
    text.replace("${", "$${").replace("%{", "%%{")
}

/// Like [`escape`], but text that ends in `$` right before a `${reference}` would make `$${`,
/// the escape for a literal `${`; those dollars are written as an interpolated string instead.
fn escape_text(text: &str, before_reference: bool) -> String {
    let head = text.trim_end_matches('$');
    if !before_reference || head.len() == text.len() {
        return escape(text);
    }
    let dollars = &text[head.len()..];
    format!("{}${{\"{dollars}\"}}", escape(head))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template_of(parts: Vec<Part>) -> Template {
        parts.into_iter().collect()
    }

    #[test]
    fn literal_interpolation_and_directive_markers_are_escaped() {
        assert_eq!(escape("a${b}%{c}"), "a$${b}%%{c}");
        assert_eq!(escape("$${x}"), "$$${x}");
        assert_eq!(escape("50% {ok} $ plain"), "50% {ok} $ plain");
    }

    #[test]
    fn fields_and_pseudos_become_references_and_are_remembered() {
        let t = template_of(vec![
            Part::Text("arn:".into()),
            Part::Pseudo(Pseudo::Partition),
            Part::Text(":s3:::".into()),
            Part::Field("bucket".into()),
            Part::Text("/${literal}/".into()),
            Part::Var("aws:username".into()),
        ]);
        let mut speller = Speller::default();
        assert_eq!(
            speller.spell(&t, Place::Document).unwrap(),
            "arn:${data.aws_partition.current.partition}:s3:::${var.bucket}/$${literal}/&{aws:username}"
        );
        assert_eq!(
            speller.spell(&t, Place::Argument).unwrap(),
            "arn:${data.aws_partition.current.partition}:s3:::${var.bucket}/$${literal}/$${aws:username}"
        );
        assert_eq!(speller.fields.iter().collect::<Vec<_>>(), ["bucket"]);
        assert_eq!(
            speller.pseudos.iter().copied().collect::<Vec<_>>(),
            [Pseudo::Partition]
        );
    }

    #[test]
    fn a_dollar_right_before_a_reference_stays_a_dollar() {
        let t = template_of(vec![
            Part::Text("cost$$".into()),
            Part::Field("amount".into()),
        ]);
        let mut speller = Speller::default();
        assert_eq!(
            speller.spell(&t, Place::Argument).unwrap(),
            "cost${\"$$\"}${var.amount}"
        );
    }

    #[test]
    fn literal_ampersand_brace_in_a_document_is_refused() {
        let t = Template::literal("arn:aws:s3:::b/&{x}");
        let err = Speller::default().spell(&t, Place::Document).unwrap_err();
        assert!(matches!(err, RenderError::Unrepresentable { .. }), "{err}");
        assert_eq!(
            Speller::default().spell(&t, Place::Argument).unwrap(),
            "arn:aws:s3:::b/&{x}"
        );
    }
}

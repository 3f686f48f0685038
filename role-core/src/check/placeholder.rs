//! The placeholder rules: every `{name}` names a field, every field is used, no field takes a
//! pseudo-parameter's name, every field is a string or a list of strings, and a list field
//! stands alone as a whole element of a list.

use std::collections::BTreeSet;

use crate::diag::{Code, Finding, Findings, did_you_mean, nearest};
use crate::model::{Part, Pseudo, Template};
use crate::syntax::ast::{Decl, Field, FieldKind, Str};
use crate::syntax::template;

/// A list field where one value is needed, or inside a longer string.
fn list_in_string(s: &Str, placeholder: &template::Placeholder, element: bool) -> Finding {
    let name = &placeholder.name;
    let (message, help) = if element {
        (
            format!(
                "`{{{name}}}` is a list field, so it stands for whole elements: it cannot be part of a longer string"
            ),
            format!(
                "write `\"{{{name}}}\"` alone as an element of the list, and give its elements whole; or make `{name}` a `String`"
            ),
        )
    } else {
        (
            format!("`{{{name}}}` is a list field, and this argument takes one value"),
            format!(
                "make `{name}` a `String`, or use it where a list is written (`on`, principals, condition values, `managed`)"
            ),
        )
    };
    Finding::error(
        Code::ListPlaceholderInString,
        s.spot.part(placeholder.start, placeholder.end),
        message,
    )
    .with_help(help)
}

/// Parses the strings of one declaration and remembers which fields they used.
pub struct Placeholders<'a> {
    fields: &'a [Field],
    tuple_fields: Option<crate::diag::Spot>,
    used: BTreeSet<String>,
    /// A raw IAM document: braces are text, only policy variables are special.
    raw_iam: bool,
    /// A string had a brace mistake: which field it meant is unknown, so none is called unused.
    garbled: bool,
}

impl<'a> Placeholders<'a> {
    pub fn new(decl: &'a Decl) -> Self {
        Placeholders {
            fields: &decl.fields,
            tuple_fields: decl.tuple_fields,
            used: BTreeSet::new(),
            raw_iam: false,
            garbled: false,
        }
    }

    /// For the strings of a raw IAM policy document.
    pub fn raw_iam() -> Placeholders<'static> {
        Placeholders {
            fields: &[],
            tuple_fields: None,
            used: BTreeSet::new(),
            raw_iam: true,
            garbled: false,
        }
    }

    /// The template of a string that holds one value, with a finding for each placeholder that
    /// names no field or names a list.
    pub fn template(&mut self, s: &Str, findings: &mut Findings) -> Template {
        self.parse(s, false, findings)
    }

    /// The template of one element of a list (a resource, a principal, a condition value, a
    /// managed policy): `"{arns}"` alone stands for every element of the list field `arns`.
    pub fn element(&mut self, s: &Str, findings: &mut Findings) -> Template {
        self.parse(s, true, findings)
    }

    /// The list fields among `fields`.
    fn is_list(&self, name: &str) -> bool {
        self.fields
            .iter()
            .any(|f| f.name == name && f.kind == FieldKind::List)
    }

    fn parse(&mut self, s: &Str, element: bool, findings: &mut Findings) -> Template {
        let before = findings.0.len();
        let parsed = if self.raw_iam {
            template::parse_iam(s, findings)
        } else {
            template::parse(s, findings)
        };
        self.garbled |= findings.0[before..]
            .iter()
            .any(|f| f.code == Code::UnbalancedBrace);
        if let Some(catalogue) = super::catalogue() {
            super::condition_key::policy_variables(s, catalogue, findings);
        }
        let mut template = parsed.template;
        let whole = template.0.len() == 1;
        for placeholder in parsed.fields {
            if self.is_list(&placeholder.name) {
                if element && whole {
                    template = Template(vec![Part::List(placeholder.name.clone())]);
                } else {
                    findings.push(list_in_string(s, &placeholder, element));
                }
                self.used.insert(placeholder.name);
                continue;
            }
            if self.fields.iter().any(|f| f.name == placeholder.name) {
                self.used.insert(placeholder.name);
                continue;
            }
            let names = self
                .fields
                .iter()
                .map(|f| f.name.as_str())
                .chain(Pseudo::ALL.map(Pseudo::placeholder));
            let suggestion = nearest(&placeholder.name, names);
            // The misspelt field is meant to be used: saying it is unused too would be noise.
            if let Some(field) = suggestion.filter(|s| self.fields.iter().any(|f| f.name == *s)) {
                self.used.insert(field.to_owned());
            }
            let hint = did_you_mean(suggestion);
            let finding = Finding::error(
                Code::UnknownPlaceholder,
                s.spot.part(placeholder.start, placeholder.end),
                format!(
                    "placeholder `{{{}}}` names no field of the struct{hint}",
                    placeholder.name
                ),
            );
            findings.push(finding.with_help(
                "a placeholder is a struct field (a parameter) or one of {partition}, {account_id}, {region}; write `{{` for a literal brace",
            ));
        }
        template
    }

    /// The rules that need every string read first.
    pub fn finish(self, findings: &mut Findings) {
        if let Some(spot) = self.tuple_fields {
            findings.error(Code::NonStringField, spot, "parameters are named fields: a tuple struct's fields cannot be named by a placeholder");
        }
        for field in self.fields {
            if Pseudo::from_placeholder(&field.name).is_some() {
                findings.push(
                    Finding::error(
                        Code::ReservedField,
                        field.spot,
                        format!("field `{}` is named like the pseudo-parameter `{{{}}}`", field.name, field.name),
                    )
                    .with_help("`{partition}`, `{account_id}` and `{region}` always mean where the role is deployed; rename the field"),
                );
                continue;
            }
            if field.kind == FieldKind::Other {
                findings.push(
                    Finding::error(
                        Code::NonStringField,
                        field.ty_spot,
                        format!(
                            "parameter `{}` must be a `String`, a `&'static str` or a list of them",
                            field.name
                        ),
                    )
                    .with_help(
                        "a list parameter is a `Vec<String>` or a `&'static [&'static str]`",
                    ),
                );
            }
            if !self.used.contains(&field.name) && !self.garbled {
                findings.push(
                    Finding::error(
                        Code::UnusedField,
                        field.spot,
                        format!("field `{}` is used by no placeholder", field.name),
                    )
                    .with_help(format!(
                        "use it as `{{{}}}` in a resource, principal or condition, or remove it",
                        field.name
                    )),
                );
            }
        }
    }
}

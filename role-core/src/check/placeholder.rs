//! The placeholder rules: every `{name}` names a field, every field is used, no field takes a
//! pseudo-parameter's name, and every field is a string.

use std::collections::BTreeSet;

use crate::diag::{Code, Finding, Findings, did_you_mean, nearest};
use crate::model::{Pseudo, Template};
use crate::syntax::ast::{Decl, Field, Str};
use crate::syntax::template;

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

    /// The template of `s`, with a finding for each placeholder that names no field.
    pub fn template(&mut self, s: &Str, findings: &mut Findings) -> Template {
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
        for placeholder in parsed.fields {
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
        parsed.template
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
            if !field.is_string {
                findings.error(
                    Code::NonStringField,
                    field.ty_spot,
                    format!(
                        "parameter `{}` must be a `String` or a `&'static str`",
                        field.name
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

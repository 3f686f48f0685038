//! The fields a template gives: one per parameter, and one per value the import cannot resolve
//! (a stand-in), each a usable Rust identifier that no other field has.

use super::locate::Path;
use super::node::Node;
use super::{Parameter, Reader, StandIn};
use crate::import::{FieldIn, NoteKind, Tv};
use crate::model::{ParamKind, Part, Pseudo, Template};
use crate::render::names::snake_case;

impl<'t> Reader<'t> {
    /// Every parameter, as a field named in snake_case (`ClusterName` → `cluster_name`).
    pub(super) fn read_parameters(&mut self, parameters: Option<&'t Node>) {
        let Some(entries) = parameters.and_then(Node::entries) else {
            return;
        };
        for (id, spec) in entries {
            let Some(id) = id.as_str() else { continue };
            let kind = spec
                .get("Type")
                .and_then(Node::as_str)
                .map_or(ParamKind::Text, parameter_kind);
            let field = self.unused_field_name(id);
            let doc = spec
                .get("Description")
                .and_then(Node::as_str)
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty());
            self.fields.push(FieldIn {
                name: field.clone(),
                kind,
                doc,
            });
            self.parameters.push(Parameter {
                id,
                field,
                kind,
                default: spec.get("Default"),
            });
        }
    }

    /// The field `source` stands for, made on first use, with a note at `path` saying what it
    /// stands for. `what` names the value as the template wrote it.
    pub(super) fn stand_in(
        &mut self,
        source: &Node,
        base: &str,
        kind: ParamKind,
        what: &str,
        path: &Path,
    ) -> Tv {
        let existing = self
            .stand_ins
            .iter()
            .find(|s| &s.source == source)
            .map(|s| s.field.clone());
        let field = match existing {
            Some(field) => field,
            None => {
                let field = self.unused_field_name(base);
                self.fields.push(FieldIn {
                    name: field.clone(),
                    kind,
                    doc: Some(format!(
                        "Stands for {what}, which the import could not write as a template."
                    )),
                });
                self.stand_ins.push(StandIn {
                    field: field.clone(),
                    source: source.clone(),
                });
                field
            }
        };
        self.note(
            path,
            NoteKind::Unexpressible,
            format!("{what} cannot be written in the DSL; it became the field `{field}`"),
        );
        let part = match kind {
            ParamKind::Text => Part::Field(field),
            ParamKind::List => Part::List(field),
        };
        Tv::Str(Template(vec![part]))
    }

    /// A field name from a name in the template, unlike any field so far.
    fn unused_field_name(&self, name: &str) -> String {
        let mut base = identifier(name);
        if !usable(&base) {
            base.push_str("_value");
        }
        let taken = |candidate: &str| self.fields.iter().any(|f| f.name == candidate);
        let mut candidate = base.clone();
        let mut n = 2;
        while taken(&candidate) {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        candidate
    }
}

/// `CommaDelimitedList`, `List<AWS::EC2::Subnet::Id>` and SSM parameters holding lists are
/// lists; every other type (`String`, `Number`, `AWS::EC2::VPC::Id`) is one string.
fn parameter_kind(type_name: &str) -> ParamKind {
    let list = type_name == "CommaDelimitedList"
        || type_name.starts_with("List<")
        || type_name.contains("<List<")
        || type_name.contains("<CommaDelimitedList>");
    if list {
        ParamKind::List
    } else {
        ParamKind::Text
    }
}

/// snake_case, with what an identifier cannot hold turned into `_`: `KarpenterNodeRole.Arn`
/// → `karpenter_node_role_arn`.
fn identifier(name: &str) -> String {
    let words: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let snake = snake_case(&words).to_ascii_lowercase();
    let mut out = String::with_capacity(snake.len());
    for c in snake.chars() {
        if c == '_' && (out.is_empty() || out.ends_with('_')) {
            continue;
        }
        out.push(c);
    }
    let out = out.trim_end_matches('_').to_owned();
    match out.chars().next() {
        None => "value".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("n{out}"),
        Some(_) => out,
    }
}

/// A field may not be a Rust keyword, nor named like a pseudo-parameter (`{region}` means the
/// deployment's region).
fn usable(name: &str) -> bool {
    Pseudo::from_placeholder(name).is_none() && syn::parse_str::<syn::Ident>(name).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_identifiers() {
        assert_eq!(identifier("ClusterName"), "cluster_name");
        assert_eq!(identifier("OIDCProvider"), "oidc_provider");
        assert_eq!(
            identifier("KarpenterNodeRole_Arn"),
            "karpenter_node_role_arn"
        );
        assert_eq!(identifier("Endpoint.Address"), "endpoint_address");
        assert_eq!(identifier("-CodeCommitArn"), "code_commit_arn");
        assert_eq!(identifier("1st"), "n1st");
        assert_eq!(identifier("::"), "value");
    }

    #[test]
    fn keywords_and_pseudo_parameters_are_not_fields() {
        assert!(usable("cluster_name"));
        assert!(!usable("type"));
        assert!(!usable("region"));
        assert!(!usable("account_id"));
    }

    #[test]
    fn list_types() {
        assert_eq!(parameter_kind("CommaDelimitedList"), ParamKind::List);
        assert_eq!(
            parameter_kind("List<AWS::EC2::Subnet::Id>"),
            ParamKind::List
        );
        assert_eq!(
            parameter_kind("AWS::SSM::Parameter::Value<List<String>>"),
            ParamKind::List
        );
        assert_eq!(parameter_kind("String"), ParamKind::Text);
        assert_eq!(parameter_kind("Number"), ParamKind::Text);
        assert_eq!(
            parameter_kind("AWS::EC2::KeyPair::KeyName"),
            ParamKind::Text
        );
    }
}

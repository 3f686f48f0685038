//! Reads a Terraform configuration (`.tf` in HCL, `.tf.json` in Terraform's JSON syntax) into
//! what an import found: the IAM roles, managed policies and policy documents it declares, their
//! strings resolved to templates (variables become fields, the partition, caller identity and
//! region data sources `{partition}`, `{account_id}`, `{region}`), and a note, at its block, for
//! every construct the DSL cannot say. Conditions (`count`, `cond ? a : b`) are decided with the
//! variables' defaults, each decision noted.

mod attachments;
mod config;
mod document;
mod eval;
mod lists;
mod names;
mod resolve;
mod resources;
mod syntax;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use hcl::Expression;

use super::{FieldIn, Found, Input, Note, NoteKind, Place, ReadError, Tv};
use crate::model::{ParamKind, Template};
use config::{Config, VarKind};
use eval::Defaults;

/// What `input` declares.
pub fn read(input: &Input) -> Result<Found, ReadError> {
    let body = syntax::parse(input)?;
    let config = Config::collect(&body);
    let mut reader = Reader::new(&config);
    reader.read_resources();
    Ok(reader.found)
}

/// Where in the configuration the reader is: the block path and the line, for notes.
#[derive(Debug, Clone)]
struct At {
    path: String,
    line: Option<usize>,
}

impl At {
    fn block(block: &syntax::Block) -> At {
        let mut path = block.kind.clone();
        for label in &block.labels {
            path.push('.');
            path.push_str(label);
        }
        At {
            path,
            line: block.line,
        }
    }

    fn attr(&self, attr: &syntax::Attr) -> At {
        At {
            path: format!("{}.{}", self.path, attr.name),
            line: attr.line.or(self.line),
        }
    }

    fn child(&self, segment: &str, line: Option<usize>) -> At {
        At {
            path: format!("{}.{segment}", self.path),
            line: line.or(self.line),
        }
    }

    fn place(&self) -> Place {
        Place {
            line: self.line,
            column: None,
            path: self.path.clone(),
        }
    }
}

/// How literal text reads where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Names, descriptions, tags: text as written.
    Plain,
    /// Inside a policy document: `${aws:username}` is a policy variable.
    Iam,
    /// Inside `aws_iam_policy_document`, where `&{aws:username}` is Terraform's spelling of it too.
    PolicyDocument,
}

/// The name and path a role or policy of the configuration is created with, for references to
/// its name and ARN.
#[derive(Debug, Clone)]
struct Named {
    name: Option<Template>,
    path: Option<Template>,
}

struct Reader<'c> {
    config: &'c Config<'c>,
    defaults: Defaults,
    found: Found,
    /// Field names by what they stand for (`var.bucket`, `replace(var.url, ...)`): one field each.
    fields_by_origin: HashMap<String, String>,
    /// Fields made for what could not be resolved, counted so that a local can tell whether it
    /// resolved whole.
    fallbacks: usize,
    locals_in_progress: Vec<String>,
    /// `aws_iam_policy_document` blocks by name, once built.
    documents: HashMap<String, Option<Tv>>,
    documents_in_progress: Vec<String>,
    /// Roles of the configuration by Terraform name: their index in `found`.
    roles: HashMap<String, usize>,
    /// Policies of the configuration by Terraform name: their struct identifier.
    policies: HashMap<String, String>,
    role_names: HashMap<String, Named>,
    policy_names: HashMap<String, Named>,
}

impl<'c> Reader<'c> {
    fn new(config: &'c Config<'c>) -> Reader<'c> {
        let gates: Vec<&Expression> = config
            .resources("aws_iam_role")
            .filter_map(|b| b.body.attr("count").map(|a| &a.expr))
            .collect();
        let mut reader = Reader {
            config,
            defaults: Defaults::new(config, &gates),
            found: Found::default(),
            fields_by_origin: HashMap::new(),
            fallbacks: 0,
            locals_in_progress: Vec::new(),
            documents: HashMap::new(),
            documents_in_progress: Vec::new(),
            roles: HashMap::new(),
            policies: HashMap::new(),
            role_names: HashMap::new(),
            policy_names: HashMap::new(),
        };
        for variable in &config.variables {
            let kind = match variable.kind {
                VarKind::Text => ParamKind::Text,
                VarKind::List => ParamKind::List,
                _ => continue,
            };
            reader.field_named(
                &format!("var.{}", variable.name),
                &variable.name,
                kind,
                variable.doc.clone(),
            );
        }
        reader
    }

    /// A note at `at`, once; expressions quoted in it on one line.
    fn note(&mut self, at: &At, kind: NoteKind, message: String) {
        let note = Note {
            place: at.place(),
            kind,
            message: one_line(&message),
        };
        if !self.found.notes.contains(&note) {
            self.found.notes.push(note);
        }
    }

    /// The field standing for `origin`, made the first time with a name like `wanted`.
    fn field_named(
        &mut self,
        origin: &str,
        wanted: &str,
        kind: ParamKind,
        doc: Option<String>,
    ) -> String {
        if let Some(name) = self.fields_by_origin.get(origin) {
            return name.clone();
        }
        let base = names::field_ident(wanted);
        let mut name = base.clone();
        let mut n = 2;
        while self.found.fields.iter().any(|f| f.name == name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.found.fields.push(FieldIn {
            name: name.clone(),
            kind,
            doc,
        });
        self.fields_by_origin
            .insert(origin.to_owned(), name.clone());
        name
    }

    /// What could not be resolved becomes a field named after it, with a note saying why.
    fn field_for(&mut self, expr: &Expression, kind: ParamKind, at: &At, why: &str) -> Template {
        let text = one_line(&expr.to_string());
        self.fallbacks += 1;
        let name = self.field_named(
            &format!("expr:{text}"),
            &names::expression_field(expr),
            kind,
            Some(format!("Terraform: `{text}`")),
        );
        self.note(
            at,
            NoteKind::Unexpressible,
            format!("`{text}` {why}: it became the field `{name}`"),
        );
        placeholder(kind, name)
    }
}

/// `text` with its line breaks (and the indentation after them) as single spaces: how an
/// expression reads quoted in a note.
fn one_line(text: &str) -> String {
    if !text.contains('\n') {
        return text.to_owned();
    }
    text.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `{name}`, as a text or a list placeholder.
fn placeholder(kind: ParamKind, name: String) -> Template {
    Template(vec![match kind {
        ParamKind::Text => crate::model::Part::Field(name),
        ParamKind::List => crate::model::Part::List(name),
    }])
}

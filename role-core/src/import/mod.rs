//! `role-cli import`: existing IAM (raw JSON documents, CloudFormation templates, Terraform
//! configurations) into DSL source. Each reader resolves what it can of its format into the
//! format-neutral [`Found`]: values whose strings are [`Template`]s (parameters and variables
//! become fields, pseudo-parameters and the Terraform data sources `{partition}`, `{account_id}`,
//! `{region}`, policy variables stay policy variables), and a [`Note`] for everything it could
//! not express, at its place in the input. [`model`] turns that into the validated model, and
//! [`source`] writes the model as DSL source.

pub mod cloudformation;
mod document;
pub mod dsl;
mod json;
pub mod model;
pub mod names;
pub mod source;
pub mod terraform;
mod trust;
pub mod value;

pub use value::{Tv, TvMap};

use crate::model::{ParamKind, Template};

/// One file given to `role-cli import` (or a folder's `.tf` files, joined).
#[derive(Debug, Clone)]
pub struct Input {
    /// As given on the command line, for messages.
    pub path: String,
    pub text: String,
    /// The format, when the caller knows it (a folder is a Terraform module); else it is told by
    /// the path and the text.
    pub format: Option<Format>,
}

impl Input {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Input {
        Input {
            path: path.into(),
            text: text.into(),
            format: None,
        }
    }
}

/// Where in its input a note is about: a line and column when the reader knows them, and a path
/// of names (`Resources.NodeRole.Properties.Policies[0]`, `resource.aws_iam_role.node`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub path: String,
}

/// Something the import could not carry over as it is, or did differently than written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub place: Place,
    pub kind: NoteKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// The DSL cannot say it: it became a field, or a `TODO` comment in the source.
    Unexpressible,
    /// Said another way that means the same (two inline policies merged into one, say).
    Changed,
    /// The input holds something the import does not read at all (a resource of another type).
    Skipped,
}

/// A struct field the import gives a role or policy: a template parameter, a Terraform variable,
/// or what stands for a value the import could not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIn {
    /// A Rust identifier (snake_case), as placeholders name it.
    pub name: String,
    pub kind: ParamKind,
    /// The parameter's description or the variable's, for the field's doc comment.
    pub doc: Option<String>,
}

/// A role as a reader found it, its values resolved to templates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoleIn {
    /// The struct's identifier (UpperCamelCase): the logical id, the Terraform resource name.
    pub ident: String,
    pub place: Place,
    pub name: Option<Template>,
    pub description: Option<Template>,
    pub path: Option<Template>,
    pub max_session: Option<u32>,
    /// The trust policy document.
    pub trust: Option<Tv>,
    /// Its inline policy documents (merged into one by [`model`], with a note when there are
    /// several).
    pub inline: Vec<Tv>,
    /// Managed policy ARNs (or list fields standing for several).
    pub managed: Vec<Template>,
    /// The identifiers of the policies of the same input it attaches.
    pub policies: Vec<String>,
    pub boundary: Option<Template>,
    pub tags: Vec<(String, Template)>,
    /// `None`: no instance profile; `Some(None)`: one named like the role; `Some(Some(name))`.
    pub instance_profile: Option<Option<Template>>,
}

/// A managed policy as a reader found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyIn {
    pub ident: String,
    pub place: Place,
    pub name: Option<Template>,
    pub description: Option<Template>,
    pub path: Option<Template>,
    pub document: Tv,
    pub tags: Vec<(String, Template)>,
}

/// The policy of a resource that is not IAM's (a bucket's, a key's, a queue's): the DSL has no
/// place for it, so the import leaves it out (with a note), but `role-cli diff` compares it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourcePolicyIn {
    /// The logical id of the resource whose property holds it.
    pub ident: String,
    pub place: Place,
    /// `AWS::S3::BucketPolicy`, `AWS::KMS::Key`, ...
    pub resource_type: String,
    pub document: Tv,
}

/// What a reader found in one input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub roles: Vec<RoleIn>,
    pub policies: Vec<PolicyIn>,
    /// Resource policies, read after everything else and adding nothing to `fields` or `notes`.
    pub resource_policies: Vec<ResourcePolicyIn>,
    /// Every field the roles and policies may name; [`model`] gives each struct the ones it uses.
    pub fields: Vec<FieldIn>,
    pub notes: Vec<Note>,
    /// The reader has noted each role and policy without a name in its own words (or the input
    /// cannot name what it holds, as a raw policy document cannot): no further note.
    pub unnamed_noted: bool,
}

/// Why an input could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub place: Place,
    pub message: String,
}

/// The formats `role-cli import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A policy document, `aws iam get-role` or `get-account-authorization-details`.
    IamJson,
    CloudFormation,
    Terraform,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::IamJson => "IAM JSON",
            Format::CloudFormation => "CloudFormation",
            Format::Terraform => "Terraform",
        }
    }
}

/// Which format an input is in: by its name (`.tf`, `.tf.json`, `.yaml`), else by what a JSON
/// document holds.
pub fn format_of(input: &Input) -> Result<Format, ReadError> {
    if let Some(format) = input.format {
        return Ok(format);
    }
    let path = input.path.to_ascii_lowercase();
    if path.ends_with(".tf") || path.ends_with(".tf.json") {
        return Ok(Format::Terraform);
    }
    if [".yaml", ".yml"].iter().any(|e| path.ends_with(e)) {
        return Ok(Format::CloudFormation);
    }
    let value: serde_json::Value = serde_json::from_str(&input.text).map_err(|e| ReadError {
        place: Place {
            line: Some(e.line()),
            column: Some(e.column()),
            path: String::new(),
        },
        message: format!("this is not JSON ({e}); role-cli import reads IAM JSON documents, CloudFormation templates (JSON or YAML) and Terraform (.tf, .tf.json)"),
    })?;
    if value.get("Resources").is_some() || value.get("AWSTemplateFormatVersion").is_some() {
        return Ok(Format::CloudFormation);
    }
    if json::recognizes(&value) {
        return Ok(Format::IamJson);
    }
    if ["resource", "data", "variable", "module", "locals"]
        .iter()
        .any(|k| value.get(k).is_some())
    {
        return Ok(Format::Terraform);
    }
    Err(ReadError {
        place: Place::default(),
        message: "this JSON is neither a policy document (`Statement`), `aws iam` output (`Role`, `RoleDetailList`), a CloudFormation template (`Resources`) nor Terraform (`resource`)".into(),
    })
}

/// Reads one input in its format.
pub fn read(input: &Input) -> Result<(Format, Found), ReadError> {
    let format = format_of(input)?;
    let found = match format {
        Format::IamJson => {
            let value: serde_json::Value =
                serde_json::from_str(&input.text).expect("format_of parsed it");
            json::read(input, &value)?
        }
        Format::CloudFormation => cloudformation::read(input)?,
        Format::Terraform => terraform::read(input)?,
    };
    Ok((format, found))
}

/// One input (or a `NAME.trust.json` with its `NAME.policy.json`), imported: its items, every
/// note in the order found, and the notes about no one item (for the file's header).
#[derive(Debug, Clone)]
pub struct Imported {
    /// The paths of the inputs, as given.
    pub inputs: Vec<String>,
    pub format: Format,
    pub items: Vec<dsl::Item>,
    pub notes: Vec<Note>,
    pub header: Vec<String>,
}

impl Imported {
    /// The input as one source file.
    pub fn source(&self) -> String {
        let inputs: Vec<&str> = self.inputs.iter().map(String::as_str).collect();
        source::file(&inputs, &self.header, &self.items)
    }
}

/// An input that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub path: String,
    pub error: ReadError,
}

/// Imports every input; the struct identifiers are unique across all of them, so that their
/// sources can live in one crate. The first input that cannot be read stops the import.
pub fn import(inputs: &[Input]) -> Result<Vec<Imported>, Unreadable> {
    let mut taken = std::collections::HashSet::new();
    let mut out = Vec::new();
    for unit in json::pairs(inputs) {
        let paths: Vec<String> = unit.iter().map(|i| inputs[*i].path.clone()).collect();
        let read = match unit.as_slice() {
            [trust, policy] => {
                json::read_pair(&inputs[*trust], &inputs[*policy]).map(|f| (Format::IamJson, f))
            }
            _ => read(&inputs[unit[0]]),
        };
        let (format, found) = read.map_err(|error| Unreadable {
            path: paths.last().cloned().unwrap_or_default(),
            error,
        })?;
        let model::Imported { items, notes } = model::items(found, &mut taken);
        let header = notes
            .iter()
            .filter(|n| {
                !items
                    .iter()
                    .any(|i| !i.place.path.is_empty() && n.place.path.starts_with(&i.place.path))
            })
            .map(|n| match n.place.path.as_str() {
                "" => n.message.clone(),
                path => format!("{path}: {}", n.message),
            })
            .collect();
        out.push(Imported {
            inputs: paths,
            format,
            items,
            notes,
            header,
        });
    }
    Ok(out)
}

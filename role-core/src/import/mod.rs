//! `role-cli import`: existing IAM (raw JSON documents, CloudFormation templates, Terraform
//! configurations) into DSL source. Each reader resolves what it can of its format into the
//! format-neutral [`Found`]: values whose strings are [`Template`]s (parameters and variables
//! become fields, pseudo-parameters and the Terraform data sources `{partition}`, `{account_id}`,
//! `{region}`, policy variables stay policy variables), and a [`Note`] for everything it could
//! not express, at its place in the input. [`model`] turns that into the validated model, and
//! [`source`] writes the model as DSL source.

pub mod cloudformation;
pub mod terraform;
pub mod value;

pub use value::{Tv, TvMap};

use crate::model::{ParamKind, Template};

/// One file given to `role-cli import`.
#[derive(Debug, Clone)]
pub struct Input {
    /// As given on the command line, for messages.
    pub path: String,
    pub text: String,
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

/// What a reader found in one input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub roles: Vec<RoleIn>,
    pub policies: Vec<PolicyIn>,
    /// Every field the roles and policies may name; [`model`] gives each struct the ones it uses.
    pub fields: Vec<FieldIn>,
    pub notes: Vec<Note>,
}

/// Why an input could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub place: Place,
    pub message: String,
}

//! The DSL as the import writes it: a declaration is a list of arguments in the forms a user
//! would write (`account = "..."` rather than a root ARN, defaults left out). [`super::model`]
//! decides the forms, [`super::source`] spells them.

use crate::model::{Effect, ParamKind, Template};

use super::Place;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Role,
    Policy,
}

impl ItemKind {
    pub fn attr(self) -> &'static str {
        match self {
            ItemKind::Role => "role",
            ItemKind::Policy => "policy",
        }
    }
}

/// One `#[role]` or `#[policy]` struct to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kind: ItemKind,
    pub ident: String,
    pub place: Place,
    /// The description, written as the doc comment (the DSL's default for `description`).
    pub doc: Option<String>,
    /// What the import could not say or said another way, written as comments above the item.
    pub comments: Vec<String>,
    pub args: Vec<Arg>,
    pub fields: Vec<Field>,
}

/// A struct field: a parameter of the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub kind: ParamKind,
    pub doc: Option<String>,
}

/// One argument of `#[role(...)]` / `#[policy(...)]`.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// `name = "..."`, `description`, `path`, `boundary`, `instance_profile = "name"`.
    Text(&'static str, Template),
    /// `max_session = "1h"`, in seconds.
    Duration(&'static str, u32),
    /// `instance_profile = false`.
    Bool(&'static str, bool),
    /// `managed = [...]`.
    List(&'static str, Vec<Template>),
    /// `policies(A, B)`.
    Idents(&'static str, Vec<String>),
    /// `tags(team = "platform")`.
    Tags(Vec<(String, Template)>),
    Trust(Trust),
    Statement(Statement),
}

/// The DSL's principal arguments of `trust(...)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrincipalForm {
    Service,
    Account,
    Arn,
    Oidc,
    Saml,
}

impl PrincipalForm {
    pub fn arg(self) -> &'static str {
        match self {
            PrincipalForm::Service => "service",
            PrincipalForm::Account => "account",
            PrincipalForm::Arn => "arn",
            PrincipalForm::Oidc => "oidc",
            PrincipalForm::Saml => "saml",
        }
    }

    /// The action the DSL gives a trust statement of this principal when `actions` is not
    /// written.
    pub fn default_action(self) -> &'static str {
        match self {
            PrincipalForm::Service | PrincipalForm::Account | PrincipalForm::Arn => {
                "sts:AssumeRole"
            }
            PrincipalForm::Oidc => "sts:AssumeRoleWithWebIdentity",
            PrincipalForm::Saml => "sts:AssumeRoleWithSAML",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trust {
    pub principal: PrincipalForm,
    pub values: Vec<Template>,
    /// `None`: the principal's default action.
    pub actions: Option<Vec<String>>,
    pub external_id: Option<Template>,
    pub conditions: Vec<Condition>,
    pub sid: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub effect: Effect,
    /// `Action`, written as positional literals; or `NotAction`.
    pub actions: Vec<String>,
    pub not_actions: bool,
    pub resources: Vec<Template>,
    pub not_resources: bool,
    pub conditions: Vec<Condition>,
    pub sid: Option<String>,
}

/// `StringEquals("key", "value")`, `ForAnyValue::StringLike("key", ["a", "b"])`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// `ForAnyValue` or `ForAllValues`.
    pub set: Option<String>,
    pub operator: String,
    pub key: Template,
    pub values: Vec<Value>,
}

/// A condition value as written in the input: IAM reads all of them as strings, the DSL writes
/// each in its own kind of literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(Template),
    Bool(bool),
    /// An integer, as its digits.
    Int(String),
}

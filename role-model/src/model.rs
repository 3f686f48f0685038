//! The validated model: what a role or policy *is*, once every check has passed.
//!
//! Renderers read only this. Strings that may hold placeholders are [`Template`]s: a list of
//! typed parts, so that each output format can spell a parameter, a pseudo-parameter or a policy
//! variable in its own syntax.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One piece of a string that may hold placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Part {
    /// Literal text, with `{{`/`}}` already unescaped.
    Text(String),
    /// `{bucket}`: the struct field `bucket`, a parameter of the role.
    Field(String),
    /// `{partition}`, `{account_id}`, `{region}`: where the role is deployed.
    Pseudo(Pseudo),
    /// `${aws:username}`: an IAM policy variable, kept as such in every output. Holds the text
    /// between `${` and `}`.
    Var(String),
    /// `{arns}` naming a list field: it stands for every element of the list, so it is always a
    /// whole element of a list (the validator sees to it) and never part of a longer string.
    List(String),
}

impl FromIterator<Part> for Template {
    fn from_iter<I: IntoIterator<Item = Part>>(parts: I) -> Self {
        let mut template = Template::default();
        for part in parts {
            template.push(part);
        }
        template
    }
}

/// The AWS pseudo-parameters a string may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Pseudo {
    Partition,
    AccountId,
    Region,
}

impl Pseudo {
    pub const ALL: [Pseudo; 3] = [Pseudo::Partition, Pseudo::AccountId, Pseudo::Region];

    /// The name written between braces in the DSL.
    pub fn placeholder(self) -> &'static str {
        match self {
            Pseudo::Partition => "partition",
            Pseudo::AccountId => "account_id",
            Pseudo::Region => "region",
        }
    }

    pub fn from_placeholder(name: &str) -> Option<Pseudo> {
        Pseudo::ALL.into_iter().find(|p| p.placeholder() == name)
    }
}

/// A string with placeholders, as typed parts. Adjacent text parts are always merged. Shown, it
/// reads as the DSL spells it (`KarpenterNodeRole-{cluster}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Template(pub Vec<Part>);

impl Template {
    pub fn literal(text: impl Into<String>) -> Template {
        let text = text.into();
        if text.is_empty() {
            Template(Vec::new())
        } else {
            Template(vec![Part::Text(text)])
        }
    }

    /// Appends a part, merging it into the previous one when both are text.
    pub fn push(&mut self, part: Part) {
        match (self.0.last_mut(), part) {
            (_, Part::Text(t)) if t.is_empty() => {}
            (Some(Part::Text(prev)), Part::Text(t)) => prev.push_str(&t),
            (_, part) => self.0.push(part),
        }
    }

    pub fn push_text(&mut self, text: &str) {
        self.push(Part::Text(text.to_owned()));
    }

    /// The text, when the template holds no placeholder that needs a value (policy variables
    /// are written back as `${...}`).
    pub fn as_plain(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Var(v) => {
                    out.push_str("${");
                    out.push_str(v);
                    out.push('}');
                }
                Part::Field(_) | Part::Pseudo(_) | Part::List(_) => return None,
            }
        }
        Some(out)
    }

    /// The parameters (text and list fields) the template names.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|p| match p {
            Part::Field(f) | Part::List(f) => Some(f.as_str()),
            _ => None,
        })
    }

    /// The list field this template stands for, when it is one whole list placeholder.
    pub fn list(&self) -> Option<&str> {
        match self.0.as_slice() {
            [Part::List(name)] => Some(name),
            _ => None,
        }
    }

    /// The literal text alone, placeholders left out: what limits can be checked on before the
    /// values are known.
    pub fn literal_text(&self) -> String {
        self.0
            .iter()
            .filter_map(|p| match p {
                Part::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Equal to `other` once both are resolved with any values, as IAM compares names: literal
    /// text ignoring ASCII case, placeholders by name.
    pub fn same_name(&self, other: &Template) -> bool {
        self.0.len() == other.0.len()
            && self.0.iter().zip(&other.0).all(|pair| match pair {
                (Part::Text(a), Part::Text(b)) => a.eq_ignore_ascii_case(b),
                (a, b) => a == b,
            })
    }

    pub fn pseudos(&self) -> impl Iterator<Item = Pseudo> + '_ {
        self.0.iter().filter_map(|p| match p {
            Part::Pseudo(p) => Some(*p),
            _ => None,
        })
    }

    pub fn has_vars(&self) -> bool {
        self.0.iter().any(|p| matches!(p, Part::Var(_)))
    }

    /// Needs a parameter or a pseudo-parameter to be resolved.
    pub fn is_parameterized(&self) -> bool {
        self.0
            .iter()
            .any(|p| matches!(p, Part::Field(_) | Part::Pseudo(_) | Part::List(_)))
    }
}

/// Literal text: braces are text, nothing is a placeholder.
impl From<&str> for Template {
    fn from(text: &str) -> Template {
        Template::literal(text)
    }
}

impl From<String> for Template {
    fn from(text: String) -> Template {
        Template::literal(text)
    }
}

/// Equal to text when it is that text, placeholders and all written out: `name == "log-writer"`.
impl PartialEq<str> for Template {
    fn eq(&self, other: &str) -> bool {
        self.as_plain().is_some_and(|plain| plain == other)
    }
}

impl PartialEq<&str> for Template {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.0 {
            match part {
                Part::Text(text) => f.write_str(&text.replace('{', "{{").replace('}', "}}"))?,
                Part::Field(name) | Part::List(name) => write!(f, "{{{name}}}")?,
                Part::Pseudo(pseudo) => write!(f, "{{{}}}", pseudo.placeholder())?,
                Part::Var(var) => write!(f, "${{{var}}}")?,
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Effect {
    Allow,
    Deny,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// The key of a trust statement's `Principal` element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PrincipalKind {
    Service,
    Aws,
    Federated,
}

impl PrincipalKind {
    /// The key as IAM spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::Service => "Service",
            PrincipalKind::Aws => "AWS",
            PrincipalKind::Federated => "Federated",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub kind: PrincipalKind,
    pub values: Vec<Template>,
}

/// `Action` or `NotAction`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actions {
    Action(Vec<String>),
    NotAction(Vec<String>),
}

impl Actions {
    pub fn key(&self) -> &'static str {
        match self {
            Actions::Action(_) => "Action",
            Actions::NotAction(_) => "NotAction",
        }
    }

    pub fn list(&self) -> &[String] {
        match self {
            Actions::Action(l) | Actions::NotAction(l) => l,
        }
    }
}

/// `Resource` or `NotResource`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resources {
    Resource(Vec<Template>),
    NotResource(Vec<Template>),
}

impl Resources {
    pub fn key(&self) -> &'static str {
        match self {
            Resources::Resource(_) => "Resource",
            Resources::NotResource(_) => "NotResource",
        }
    }

    pub fn list(&self) -> &[Template] {
        match self {
            Resources::Resource(l) | Resources::NotResource(l) => l,
        }
    }
}

/// One key of a condition operator block: `"aws:SourceAccount": ["123456789012"]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionEntry {
    /// May hold placeholders: `oidc.eks.{region}.amazonaws.com/id/{oidc_id}:sub`.
    pub key: Template,
    /// Values are strings in every output, as IAM reads them; `true` and `42` become `"true"`
    /// and `"42"`.
    pub values: Vec<Template>,
}

/// One operator of a `Condition` element, with its keys in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionBlock {
    /// As IAM spells it, with the set qualifier: `ForAnyValue:StringLike`.
    pub operator: String,
    pub entries: Vec<ConditionEntry>,
}

/// Empty and absent parts are left out of the serialized form the macros embed: less to write
/// in the unoptimized proc macro, and less to read at run time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: Effect,
    /// Present in trust policies only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<Principal>,
    pub actions: Actions,
    /// Absent in trust policies only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionBlock>,
}

impl Statement {
    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        let principals = self.principal.iter().flat_map(|p| p.values.iter());
        let resources = self.resources.iter().flat_map(|r| r.list().iter());
        let conditions = self
            .conditions
            .iter()
            .flat_map(|b| b.entries.iter())
            .flat_map(|e| std::iter::once(&e.key).chain(&e.values));
        principals.chain(resources).chain(conditions)
    }
}

/// A policy document: `{"Version": "2012-10-17", "Statement": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Document {
    pub statements: Vec<Statement>,
}

impl Document {
    pub const VERSION: &'static str = "2012-10-17";

    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        self.statements.iter().flat_map(Statement::templates)
    }

    /// Whether a condition key holds a placeholder: CloudFormation cannot substitute inside a
    /// map key, so such a document is written as one `Fn::Sub` of its JSON text.
    pub fn has_parameterized_key(&self) -> bool {
        self.statements
            .iter()
            .flat_map(|s| &s.conditions)
            .flat_map(|b| &b.entries)
            .any(|e| e.key.is_parameterized())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: Template,
}

/// What a struct field holds: one string, or a list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ParamKind {
    /// `String` or `&'static str`.
    Text,
    /// `Vec<String>` or `&'static [&'static str]`: `{name}` stands for whole elements of lists.
    List,
}

/// A struct field: a parameter of the role or policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
}

/// An IAM role, as declared by `#[role(...)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The struct's identifier: the CloudFormation logical id, and (in snake_case) the Terraform
    /// resource name.
    pub ident: String,
    /// RoleName.
    pub name: Template,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Template>,
    /// As declared; `None` means IAM's default `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Template>,
    /// MaxSessionDuration in seconds, as declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_session: Option<u32>,
    pub trust: Document,
    /// The inline permissions policy, when the role has `allow`/`deny` statements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Document>,
    /// ARNs of managed policies to attach (AWS managed names are already expanded to ARNs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub managed: Vec<Template>,
    /// Identifiers of the `#[policy]` structs to attach, last path segment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<Template>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// The name of the role's instance profile, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_profile: Option<Template>,
    /// The struct's fields, in declaration order: the role's parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
}

/// A customer managed policy, as declared by `#[policy(...)]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub ident: String,
    /// PolicyName / ManagedPolicyName.
    pub name: Template,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Template>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Template>,
    pub document: Document,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
}

impl Role {
    /// Every string of the role that may hold placeholders.
    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        let properties = std::iter::once(&self.name)
            .chain(&self.description)
            .chain(&self.path)
            .chain(&self.instance_profile)
            .chain(self.tags.iter().map(|t| &t.value));
        self.trust
            .templates()
            .chain(self.policy.iter().flat_map(Document::templates))
            .chain(self.managed.iter())
            .chain(self.boundary.iter())
            .chain(properties)
    }
}

impl Policy {
    /// Every string of the policy that may hold placeholders.
    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        let properties = std::iter::once(&self.name)
            .chain(&self.description)
            .chain(&self.path)
            .chain(self.tags.iter().map(|t| &t.value));
        self.document.templates().chain(properties)
    }
}

/// `#[policy]`s by identifier.
pub type PolicyIndex<'a> = std::collections::HashMap<&'a str, &'a Policy>;

/// Everything one render covers: the roles and policies found, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Bundle {
    pub roles: Vec<Role>,
    pub policies: Vec<Policy>,
}

impl Bundle {
    /// The `#[policy]`s by identifier, built once: a render looks one up per attachment.
    pub fn policy_index(&self) -> PolicyIndex<'_> {
        self.policies
            .iter()
            .map(|p| (p.ident.as_str(), p))
            .collect()
    }

    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        self.roles
            .iter()
            .flat_map(Role::templates)
            .chain(self.policies.iter().flat_map(Policy::templates))
    }

    /// The parameters used anywhere, sorted by name and deduplicated. A name that is a list in
    /// one struct and text in another appears twice; the bundle rules report it.
    pub fn params(&self) -> Vec<Param> {
        let mut params: Vec<Param> = self
            .templates()
            .flat_map(|t| &t.0)
            .filter_map(|part| match part {
                Part::Field(name) => Some(Param {
                    name: name.clone(),
                    kind: ParamKind::Text,
                }),
                Part::List(name) => Some(Param {
                    name: name.clone(),
                    kind: ParamKind::List,
                }),
                _ => None,
            })
            .collect();
        params.sort();
        params.dedup();
        params
    }

    /// The pseudo-parameters used anywhere, sorted and deduplicated.
    pub fn pseudos(&self) -> Vec<Pseudo> {
        let mut used: Vec<Pseudo> = self.templates().flat_map(|t| t.pseudos()).collect();
        used.sort();
        used.dedup();
        used
    }
}

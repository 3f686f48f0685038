//! The declarations as written, every part with its place: what the validator reads.

use crate::diag::Spot;
use crate::model::{Effect, PrincipalKind};

/// A string literal's value and where it stands.
#[derive(Debug, Clone)]
pub struct Str {
    pub value: String,
    pub spot: Spot,
}

/// Whether the item is a `#[role]` or a `#[policy]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeclKind {
    Role,
    Policy,
}

impl DeclKind {
    pub fn attr(self) -> &'static str {
        match self {
            DeclKind::Role => "role",
            DeclKind::Policy => "policy",
        }
    }
}

/// What a field's type makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// `String`, `&str` or `&'static str`: a text parameter.
    Text,
    /// `Vec<String>`, `Vec<&'static str>`, `&'static [&'static str]`: a list parameter.
    List,
    /// Anything else, which no placeholder can name.
    Other,
}

/// One field of the struct: a parameter of the role.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub spot: Spot,
    pub kind: FieldKind,
    pub ty_spot: Spot,
}

/// One `#[role(...)]` or `#[policy(...)]` item.
#[derive(Debug, Clone)]
pub struct Decl {
    pub kind: DeclKind,
    pub ident: String,
    pub ident_spot: Spot,
    /// The doc comment, lines joined with a space and trimmed.
    pub doc: Option<String>,
    pub fields: Vec<Field>,
    /// The field holds a name that is not a plain identifier (a tuple struct's fields).
    pub tuple_fields: Option<Spot>,
    pub args: Args,
    /// An argument could not be read (and was reported): the declaration gets no model, since
    /// what it meant is not all there.
    pub malformed: bool,
}

/// `max_session = "1h30m"` or `max_session = 5400`.
#[derive(Debug, Clone)]
pub enum DurationArg {
    Text(Str),
    Seconds { value: u64, spot: Spot },
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub key: Str,
    pub value: Str,
}

/// A `#[policy]` named in `policies(...)`.
#[derive(Debug, Clone)]
pub struct PolicyRef {
    /// The last path segment: the policy's identifier.
    pub ident: String,
    /// The path as written, for messages.
    pub path: String,
    pub spot: Spot,
    /// The path's tokens, so that the macro can ask the compiler that it is a `#[policy]`.
    pub syn_path: syn::Path,
}

/// Everything the attribute says.
#[derive(Debug, Clone, Default)]
pub struct Args {
    pub name: Option<Str>,
    pub description: Option<Str>,
    pub path: Option<Str>,
    pub max_session: Option<DurationArg>,
    pub trust: Vec<Trust>,
    pub statements: Vec<Stmt>,
    pub managed: Vec<Str>,
    pub managed_spot: Option<Spot>,
    pub policies: Vec<PolicyRef>,
    pub boundary: Option<Str>,
    pub tags: Vec<Tag>,
    pub tags_spot: Option<Spot>,
    pub instance_profile: Option<InstanceProfileArg>,
    /// What the checks let through: actions newer than the catalogue, and finding codes.
    pub unchecked: Vec<Str>,
    /// The lints accepted on purpose for the whole role or policy, each with its reason.
    pub accepts: Vec<Accept>,
    /// The account's quotas, where raised above IAM's defaults.
    pub quotas: Quotas,
}

/// `accept("RL111", "why")`: a lint silenced on purpose where it applies. The reason is kept in
/// the lint report; a missing one is reported by the validator.
#[derive(Debug, Clone)]
pub struct Accept {
    /// The whole `accept(...)`.
    pub spot: Spot,
    pub code: Option<Str>,
    pub reason: Option<Str>,
}

/// `instance_profile = true`, `= false` or `= "NodeProfile-{cluster}"` (a name of its own).
#[derive(Debug, Clone)]
pub enum InstanceProfileArg {
    Enabled(bool, Spot),
    Named(Str),
}

/// `quotas(managed_policies = 20, trust_policy_size = 4096)`: an account can raise these.
#[derive(Debug, Clone, Default)]
pub struct Quotas {
    pub managed_policies: Option<(u64, Spot)>,
    pub trust_policy_size: Option<(u64, Spot)>,
}

/// The principal arguments of `trust(...)`, as the user names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalArg {
    Service,
    Account,
    Arn,
    Oidc,
    Saml,
}

impl PrincipalArg {
    pub const ALL: [(&'static str, PrincipalArg); 5] = [
        ("service", PrincipalArg::Service),
        ("account", PrincipalArg::Account),
        ("arn", PrincipalArg::Arn),
        ("oidc", PrincipalArg::Oidc),
        ("saml", PrincipalArg::Saml),
    ];

    pub fn name(self) -> &'static str {
        PrincipalArg::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }

    pub fn kind(self) -> PrincipalKind {
        match self {
            PrincipalArg::Service => PrincipalKind::Service,
            PrincipalArg::Account | PrincipalArg::Arn => PrincipalKind::Aws,
            PrincipalArg::Oidc | PrincipalArg::Saml => PrincipalKind::Federated,
        }
    }
}

#[derive(Debug, Clone)]
pub struct PrincipalDecl {
    pub arg: PrincipalArg,
    pub spot: Spot,
    pub values: Vec<Str>,
}

/// One `trust(...)`.
#[derive(Debug, Clone)]
pub struct Trust {
    pub spot: Spot,
    pub principals: Vec<PrincipalDecl>,
    pub external_id: Option<Str>,
    pub actions: Option<(Spot, Vec<Str>)>,
    pub conditions: Vec<Cond>,
    pub sid: Option<Str>,
    /// What the checks let through in this statement alone.
    pub unchecked: Vec<Str>,
    /// The lints accepted in this statement alone.
    pub accepts: Vec<Accept>,
    /// An argument of it was already reported: the rules on what is missing stay quiet.
    pub had_errors: bool,
}

/// One `allow(...)` or `deny(...)`.
#[derive(Debug, Clone)]
pub struct Stmt {
    pub effect: Effect,
    pub spot: Spot,
    pub actions: Vec<Str>,
    pub not_actions: Option<(Spot, Vec<Str>)>,
    pub on: Option<(Spot, Vec<Str>)>,
    pub not_on: Option<(Spot, Vec<Str>)>,
    pub conditions: Vec<Cond>,
    pub sid: Option<Str>,
    /// What the checks let through in this statement alone.
    pub unchecked: Vec<Str>,
    /// The lints accepted in this statement alone.
    pub accepts: Vec<Accept>,
    /// An argument of it was already reported: the rules on what is missing stay quiet.
    pub had_errors: bool,
}

impl Stmt {
    /// A statement with nothing read into it yet.
    pub fn new(effect: Effect, spot: Spot) -> Stmt {
        Stmt {
            effect,
            spot,
            actions: Vec::new(),
            not_actions: None,
            on: None,
            not_on: None,
            conditions: Vec::new(),
            sid: None,
            unchecked: Vec::new(),
            accepts: Vec::new(),
            had_errors: false,
        }
    }
}

/// A literal in a condition: strings, integers and booleans are all strings to IAM.
#[derive(Debug, Clone)]
pub struct CondValue {
    pub text: String,
    pub spot: Spot,
    /// Written as a string literal (and so may hold placeholders).
    pub is_str: bool,
}

/// One `Op("key", value, ...)` inside `when(...)`.
#[derive(Debug, Clone)]
pub struct Cond {
    /// `ForAnyValue` or `ForAllValues`, when written.
    pub set: Option<(String, Spot)>,
    pub operator: String,
    pub operator_spot: Spot,
    pub key: Option<Str>,
    pub values: Vec<CondValue>,
    pub spot: Spot,
}

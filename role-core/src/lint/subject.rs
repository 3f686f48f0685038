//! The one shape the lint rules read, built from a validated declaration or a raw JSON
//! document: statements with their places, and for a role what it attaches and its sizes.

use crate::check::Checked;
use crate::check::size::least_size;
use crate::diag::Spot;
use crate::model::Effect;
use crate::syntax::ast::{Accept, Cond, Decl, DeclKind, PrincipalArg, PrincipalDecl, Stmt, Str};
use crate::syntax::json::JsonDocument;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    Role,
    Policy,
    Document,
}

/// One statement: a permission statement, or a trust statement with its principals.
#[derive(Debug, Clone)]
pub struct Statement {
    pub stmt: Stmt,
    pub principals: Vec<PrincipalDecl>,
    /// `trust(external_id = "...")`; in JSON it is a condition like any other.
    pub external_id: Option<Str>,
    /// Who may assume the role (a principal and no resource), rather than what may be done.
    pub trust: bool,
}

impl Statement {
    pub fn allows(&self) -> bool {
        self.stmt.effect == Effect::Allow
    }

    pub fn conditions(&self) -> &[Cond] {
        &self.stmt.conditions
    }

    /// Whether a condition of the statement tests `key` (ignoring case).
    pub fn tests_key(&self, key: &str) -> bool {
        self.conditions().iter().any(|c| {
            c.key
                .as_ref()
                .is_some_and(|k| k.value.eq_ignore_ascii_case(key))
        })
    }

    /// The principals of one kind, each value with its place.
    pub fn principal_values(&self, args: &[PrincipalArg]) -> impl Iterator<Item = &Str> {
        self.principals
            .iter()
            .filter(move |p| args.contains(&p.arg))
            .flat_map(|p| &p.values)
    }
}

/// What a role attaches and how large its trust policy is, for the rules on a whole role.
#[derive(Debug, Clone, Default)]
pub struct RoleFacts {
    pub managed: Vec<Str>,
    pub managed_spot: Option<Spot>,
    /// AWS and customer managed policies together: what IAM's quota counts.
    pub attached: usize,
    /// The trust policy's fewest characters once deployed.
    pub trust_size: usize,
}

/// One role, `#[policy]` or JSON document.
#[derive(Debug, Clone)]
pub struct Subject {
    pub kind: SubjectKind,
    /// `role LogWriter`, `policy ReadConfig`, `document`.
    pub item: String,
    /// The identifier, or the document's opening brace.
    pub spot: Spot,
    pub statements: Vec<Statement>,
    /// The `accept(...)`s of the whole role or policy.
    pub accepts: Vec<Accept>,
    pub role: Option<RoleFacts>,
    /// A JSON document's size, as IAM counts it, when it is a trust policy.
    pub trust_document_size: Option<usize>,
}

impl Subject {
    pub fn from_decl(decl: &Decl, checked: &Checked) -> Subject {
        let args = &decl.args;
        let mut statements: Vec<Statement> = args
            .trust
            .iter()
            .map(|t| {
                let mut stmt = Stmt::new(Effect::Allow, t.spot);
                stmt.actions = t
                    .actions
                    .as_ref()
                    .map(|(_, a)| a.clone())
                    .unwrap_or_default();
                stmt.conditions = t.conditions.clone();
                stmt.sid = t.sid.clone();
                stmt.accepts = t.accepts.clone();
                Statement {
                    stmt,
                    principals: t.principals.clone(),
                    external_id: t.external_id.clone(),
                    trust: true,
                }
            })
            .collect();
        statements.extend(args.statements.iter().map(|s| Statement {
            stmt: s.clone(),
            principals: Vec::new(),
            external_id: None,
            trust: false,
        }));
        let role = match checked {
            Checked::Role(role) => Some(RoleFacts {
                managed: args.managed.clone(),
                managed_spot: args.managed_spot,
                attached: args.managed.len() + args.policies.len(),
                trust_size: least_size(&role.trust, &role.params),
            }),
            Checked::Policy(_) => None,
        };
        let kind = match decl.kind {
            DeclKind::Role => SubjectKind::Role,
            DeclKind::Policy => SubjectKind::Policy,
        };
        Subject {
            kind,
            item: format!("{} {}", decl.kind.attr(), decl.ident),
            spot: decl.ident_spot,
            statements,
            accepts: args.accepts.clone(),
            role,
            trust_document_size: None,
        }
    }

    pub fn from_json(doc: &JsonDocument) -> Subject {
        let statements: Vec<Statement> = doc
            .statements
            .iter()
            .map(|s| Statement {
                stmt: s.stmt.clone(),
                principals: s.principals.clone(),
                external_id: None,
                trust: s.names_principal && s.stmt.on.is_none() && s.stmt.not_on.is_none(),
            })
            .collect();
        let all_trust = !statements.is_empty() && statements.iter().all(|s| s.trust);
        Subject {
            kind: SubjectKind::Document,
            item: "document".to_owned(),
            spot: doc.spot,
            statements,
            accepts: Vec::new(),
            role: None,
            trust_document_size: all_trust.then_some(doc.size),
        }
    }

    /// The statements that grant permissions (not trust), with their index.
    pub fn permissions(&self) -> impl Iterator<Item = (usize, &Statement)> {
        self.statements.iter().enumerate().filter(|(_, s)| !s.trust)
    }

    /// The trust statements, with their index.
    pub fn trusts(&self) -> impl Iterator<Item = (usize, &Statement)> {
        self.statements.iter().enumerate().filter(|(_, s)| s.trust)
    }
}

/// Whether `text` holds a `{placeholder}`: its value is not known here, so rules that judge a
/// value leave it be.
pub fn has_placeholder(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            // `${aws:username}` is a policy variable, kept as such.
            b'{' if i > 0 && bytes[i - 1] == b'$' => i += 1,
            b'{' => return true,
            _ => i += 1,
        }
    }
    false
}

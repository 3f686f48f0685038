//! The one validator: turns a spanned declaration into the validated model, recording every
//! finding at its place. Each rule is a small function in the module of what it checks; this
//! module only puts a role or a policy together.

pub mod accept;
pub mod action;
pub mod arn;
pub mod condition;
pub mod condition_key;
pub mod json;
pub mod placeholder;
pub mod properties;
pub mod resource;
pub mod size;
pub mod statement;
pub mod trust;
pub mod unchecked;

use crate::catalogue::Catalogue;
use crate::diag::{Code, Finding, Findings};
use crate::model::{Bundle, Document, Param, ParamKind, Policy, Role, Template};
use crate::rules::{self, Conflict};
use crate::syntax::ast::{Decl, DeclKind, FieldKind};
use placeholder::Placeholders;
use unchecked::Unchecked;

/// A checked declaration.
#[derive(Debug, Clone)]
pub enum Checked {
    Role(Role),
    Policy(Policy),
}

/// Validates one declaration. The model is returned only when there was no error (silenced
/// findings and warnings do not count).
pub fn decl(decl: &Decl, findings: &mut Findings) -> Option<Checked> {
    let before = findings.0.len();
    if let Err(err) = Catalogue::current() {
        findings.push(
            Finding::error(
                Code::CatalogueUnavailable,
                decl.ident_spot,
                format!("cannot read the AWS catalogue: {err}"),
            )
            .with_help(format!(
                "fix or unset {}; the checks against AWS's actions, resources and keys are skipped",
                crate::catalogue::ENV_VAR
            )),
        );
    }
    accept::decl(decl, findings);
    let outer = Unchecked::read(&decl.args.unchecked, findings);
    let start = findings.0.len();
    let checked = match decl.kind {
        DeclKind::Role => Checked::Role(role(decl, &outer, findings)),
        DeclKind::Policy => Checked::Policy(policy(decl, &outer, findings)),
    };
    outer.silence(findings, start);
    let failed = decl.malformed || findings.has_errors_since(before);
    (!failed).then_some(checked)
}

fn params(decl: &Decl) -> Vec<Param> {
    decl.fields
        .iter()
        .map(|f| Param {
            name: f.name.clone(),
            kind: match f.kind {
                FieldKind::List => ParamKind::List,
                FieldKind::Text | FieldKind::Other => ParamKind::Text,
            },
        })
        .collect()
}

fn role(decl: &Decl, outer: &Unchecked, findings: &mut Findings) -> Role {
    let args = &decl.args;
    let mut placeholders = Placeholders::new(decl);
    if args.trust.is_empty() {
        findings.push(
            Finding::error(
                Code::MissingTrust,
                decl.ident_spot,
                format!("role `{}` has no trust(...)", decl.ident),
            )
            .with_help(
                "name who may assume it, such as `trust(service = \"lambda.amazonaws.com\")`",
            ),
        );
    }
    statement::duplicate_sids(args.trust.iter().map(|t| t.sid.as_ref()), findings);
    let trust_findings = findings.0.len();
    let mut trust = Document::default();
    for t in &args.trust {
        let own = Unchecked::read(&t.unchecked, findings);
        let actions = own.actions_with(outer);
        let before = findings.0.len();
        trust
            .statements
            .push(trust::statement(t, &actions, &mut placeholders, findings));
        own.silence(findings, before);
    }
    // A statement already reported may be what would have let a principal in.
    let reported = args.trust.iter().any(|t| t.had_errors);
    if !reported && !findings.has_errors_since(trust_findings) {
        trust::assumable(&trust.statements, decl, findings);
    }
    let policy = statement::document(&args.statements, outer, &mut placeholders, findings);
    let managed: Vec<Template> = args
        .managed
        .iter()
        .map(|m| properties::managed(m, &mut placeholders, findings))
        .collect();
    let boundary = args.boundary.as_ref().map(|b| {
        let template = placeholders.template(b, findings);
        let before = findings.0.len();
        arn::check(b, arn::Expect::Arn, findings);
        if findings.0.len() == before {
            arn::kind(b, arn::Kind::Policy, "a permissions boundary", findings);
        }
        template
    });
    properties::attachment_count(decl, findings);
    let name = properties::name(decl, &mut placeholders, findings);
    let description = properties::description(decl, &mut placeholders, findings);
    let path = properties::path(decl, &mut placeholders, findings);
    let tags = properties::tags(decl, &mut placeholders, findings);
    let instance_profile = properties::instance_profile(decl, &name, &mut placeholders, findings);
    placeholders.finish(findings);
    let role = Role {
        ident: decl.ident.clone(),
        name,
        description,
        path,
        max_session: properties::max_session(decl, findings),
        instance_profile,
        trust,
        policy,
        managed,
        policies: args.policies.iter().map(|p| p.ident.clone()).collect(),
        boundary,
        tags,
        params: params(decl),
    };
    size::role(&role, decl, findings);
    attached_twice(&role, decl, findings);
    role
}

/// The bundle rules that one role can break on its own: a policy attached twice.
fn attached_twice(role: &Role, decl: &Decl, findings: &mut Findings) {
    let alone = Bundle {
        roles: vec![role.clone()],
        policies: Vec::new(),
    };
    for conflict in rules::conflicts(&alone) {
        let spot = match &conflict {
            Conflict::PolicyAttachedTwice { policy, .. } => decl
                .args
                .policies
                .iter()
                .filter(|p| &p.ident == policy)
                .nth(1)
                .map(|p| p.spot),
            Conflict::ManagedAttachedTwice { arn, .. } => role
                .managed
                .iter()
                .zip(&decl.args.managed)
                .filter(|(m, _)| m.same_name(arn))
                .nth(1)
                .map(|(_, s)| s.spot),
            _ => None,
        };
        if let Some(spot) = spot {
            let finding = Finding::error(Code::DuplicateRole, spot, conflict.message(&alone));
            findings.push(match conflict.help() {
                Some(help) => finding.with_help(help),
                None => finding,
            });
        }
    }
}

fn policy(decl: &Decl, outer: &Unchecked, findings: &mut Findings) -> Policy {
    let mut placeholders = Placeholders::new(decl);
    let document = statement::document(&decl.args.statements, outer, &mut placeholders, findings);
    if document.is_none() {
        findings.error(
            Code::MissingActions,
            decl.ident_spot,
            format!(
                "policy `{}` has no statement; add `allow(...)` or `deny(...)`",
                decl.ident
            ),
        );
    }
    let name = properties::name(decl, &mut placeholders, findings);
    let description = properties::description(decl, &mut placeholders, findings);
    let path = properties::path(decl, &mut placeholders, findings);
    let tags = properties::tags(decl, &mut placeholders, findings);
    placeholders.finish(findings);
    let policy = Policy {
        ident: decl.ident.clone(),
        name,
        description,
        path,
        document: document.unwrap_or_default(),
        tags,
        params: params(decl),
    };
    size::policy(&policy, decl, findings);
    policy
}

/// The catalogue the AWS rules read; `None` when the user's catalogue file cannot be read
/// (reported once per declaration by [`decl`]), and those rules are skipped.
pub fn catalogue() -> Option<&'static Catalogue> {
    Catalogue::current().ok()
}

//! The one validator: turns a spanned declaration into the validated model, recording every
//! finding at its place. Each rule is a small function in the module of what it checks; this
//! module only puts a role or a policy together.

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

use crate::catalogue::Catalogue;
use crate::diag::{Code, Finding, Findings};
use crate::model::{Document, Policy, Role, Template};
use crate::syntax::ast::{Decl, DeclKind};
use placeholder::Placeholders;

/// A checked declaration.
#[derive(Debug, Clone)]
pub enum Checked {
    Role(Role),
    Policy(Policy),
}

/// Validates one declaration. The model is returned only when there was no error.
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
    let checked = match decl.kind {
        DeclKind::Role => Checked::Role(role(decl, findings)),
        DeclKind::Policy => Checked::Policy(policy(decl, findings)),
    };
    let failed = findings.0[before..]
        .iter()
        .any(|f| f.severity == crate::diag::Severity::Error);
    (!failed).then_some(checked)
}

fn role(decl: &Decl, findings: &mut Findings) -> Role {
    let args = &decl.args;
    let mut placeholders = Placeholders::new(decl);
    if args.trust.is_empty() {
        findings.push(
            crate::diag::Finding::error(
                Code::MissingTrust,
                decl.ident_spot,
                format!("role `{}` has no trust(...)", decl.ident),
            )
            .with_help(
                "name who may assume it, such as `trust(service = \"lambda.amazonaws.com\")`",
            ),
        );
    }
    let trust = Document {
        statements: args
            .trust
            .iter()
            .map(|t| trust::statement(t, &args.unchecked, &mut placeholders, findings))
            .collect(),
    };
    let policy = statement::document(
        &args.statements,
        &args.unchecked,
        &mut placeholders,
        findings,
    );
    let managed: Vec<Template> = args
        .managed
        .iter()
        .map(|m| properties::managed(m, &mut placeholders, findings))
        .collect();
    let boundary = args.boundary.as_ref().map(|b| {
        let template = placeholders.template(b, findings);
        arn::check(b, arn::Expect::Arn, findings);
        template
    });
    properties::attachment_count(decl, findings);
    placeholders.finish(findings);
    let role = Role {
        ident: decl.ident.clone(),
        name: properties::name(decl, 64, findings),
        description: properties::description(decl, findings),
        path: properties::path(decl, findings),
        max_session: properties::max_session(decl, findings),
        instance_profile: properties::instance_profile(decl),
        trust,
        policy,
        managed,
        policies: args.policies.iter().map(|p| p.ident.clone()).collect(),
        boundary,
        tags: properties::tags(decl, findings),
        params: decl.fields.iter().map(|f| f.name.clone()).collect(),
    };
    size::role(&role, decl, findings);
    role
}

fn policy(decl: &Decl, findings: &mut Findings) -> Policy {
    let mut placeholders = Placeholders::new(decl);
    let document = statement::document(
        &decl.args.statements,
        &decl.args.unchecked,
        &mut placeholders,
        findings,
    );
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
    placeholders.finish(findings);
    let policy = Policy {
        ident: decl.ident.clone(),
        name: properties::name(decl, 128, findings),
        description: properties::description(decl, findings),
        path: properties::path(decl, findings),
        document: document.unwrap_or_default(),
        params: decl.fields.iter().map(|f| f.name.clone()).collect(),
    };
    size::policy(&policy, decl, findings);
    policy
}

/// The catalogue the AWS rules read; `None` when the user's catalogue file cannot be read
/// (reported once per declaration by [`decl`]), and those rules are skipped.
pub fn catalogue() -> Option<&'static Catalogue> {
    Catalogue::current().ok()
}

//! The traits the macros implement: a role's or policy's definition, and its documents with the
//! struct's field values and a deployment environment filled in. Both are object-safe, so that
//! an application can hold `Box<dyn Role>` of different roles.

use role_model::env::{Env, ResolveError, Resolver};
use role_model::limits::{POLICY_NAME, ROLE_NAME};
use role_model::model::{self, ParamKind};
use role_model::render::iam;
use serde_json::Value;

/// A parameter's value, as the struct holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue<'a> {
    /// A `String` or `&'static str` field.
    Text(&'a str),
    /// A `Vec<String>` or `&'static [&'static str]` field.
    List(Vec<&'a str>),
}

/// An IAM role declared with `#[role(...)]`.
#[diagnostic::on_unimplemented(message = "`{Self}` is not a #[role] struct")]
pub trait Role {
    /// The validated definition, placeholders still in place: `LogWriter::definition()`.
    fn definition() -> &'static model::Role
    where
        Self: Sized;

    /// The same definition, through a value: what a `dyn Role` answers.
    fn model(&self) -> &'static model::Role;

    /// The value of the field `name`: a parameter of the role.
    fn param(&self, name: &str) -> Option<ParamValue<'_>>;

    /// RoleName, with the field values and `env` filled in, checked against IAM's limits.
    fn name(&self, env: &Env) -> Result<String, ResolveError> {
        let definition = self.model();
        let env = with_params(env, &definition.params, |n| self.param(n));
        resolved_name(&definition.name, &ROLE_NAME, &env)
    }

    /// The trust policy, with the field values and `env` filled in.
    fn trust_policy(&self, env: &Env) -> Result<Value, ResolveError> {
        let definition = self.model();
        resolved(&definition.trust, env, &definition.params, |n| {
            self.param(n)
        })
    }

    /// The inline permissions policy, if the role has one.
    fn inline_policy(&self, env: &Env) -> Result<Option<Value>, ResolveError> {
        let definition = self.model();
        definition
            .policy
            .as_ref()
            .map(|doc| resolved(doc, env, &definition.params, |n| self.param(n)))
            .transpose()
    }
}

/// A customer managed policy declared with `#[policy(...)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a #[policy] struct",
    label = "named in policies(...)",
    note = "policies(...) lists structs declared with #[policy(...)]"
)]
pub trait Policy {
    /// The validated definition, placeholders still in place.
    fn definition() -> &'static model::Policy
    where
        Self: Sized;

    /// The same definition, through a value: what a `dyn Policy` answers.
    fn model(&self) -> &'static model::Policy;

    /// The value of the field `name`: a parameter of the policy.
    fn param(&self, name: &str) -> Option<ParamValue<'_>>;

    /// ManagedPolicyName, with the field values and `env` filled in.
    fn name(&self, env: &Env) -> Result<String, ResolveError> {
        let definition = self.model();
        let env = with_params(env, &definition.params, |n| self.param(n));
        resolved_name(&definition.name, &POLICY_NAME, &env)
    }

    /// The policy document, with the field values and `env` filled in.
    fn document(&self, env: &Env) -> Result<Value, ResolveError> {
        let definition = self.model();
        resolved(&definition.document, env, &definition.params, |n| {
            self.param(n)
        })
    }
}

/// A name resolved, and checked against its limit.
fn resolved_name(
    name: &model::Template,
    limit: &role_model::limits::Limit,
    env: &Env,
) -> Result<String, ResolveError> {
    let mut resolver = Resolver::new(env);
    let name = resolver.limited(name, limit);
    resolver.finish().map(|()| name)
}

/// `env` with the struct's own values added.
fn with_params<'a>(
    env: &Env,
    params: &[model::Param],
    param: impl Fn(&str) -> Option<ParamValue<'a>>,
) -> Env {
    let mut env = env.clone();
    for p in params {
        match (p.kind, param(&p.name)) {
            (ParamKind::Text, Some(ParamValue::Text(value))) => {
                env.values.insert(p.name.clone(), value.to_owned());
            }
            (ParamKind::List, Some(ParamValue::List(values))) => {
                let values = values.into_iter().map(str::to_owned).collect();
                env.lists.insert(p.name.clone(), values);
            }
            _ => {}
        }
    }
    env
}

fn resolved<'a>(
    document: &model::Document,
    env: &Env,
    params: &[model::Param],
    param: impl Fn(&str) -> Option<ParamValue<'a>>,
) -> Result<Value, ResolveError> {
    let env = with_params(env, params, param);
    let mut resolver = Resolver::new(&env);
    let value = iam::document(document, &mut resolver);
    resolver.finish().map(|()| value)
}

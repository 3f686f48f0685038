//! The traits the macros implement: a role's or policy's definition, and its documents with the
//! struct's field values and a deployment environment filled in.

use role_model::env::{Env, Missing};
use role_model::model;
use role_model::render::iam;
use serde_json::Value;

/// An IAM role declared with `#[role(...)]`.
#[diagnostic::on_unimplemented(message = "`{Self}` is not a #[role] struct")]
pub trait Role {
    /// The validated definition, placeholders still in place.
    fn definition() -> &'static model::Role
    where
        Self: Sized;

    /// The value of the field `name`: a parameter of the role.
    fn param(&self, name: &str) -> Option<&str>;

    /// RoleName.
    fn name(&self) -> &'static str
    where
        Self: Sized,
    {
        &Self::definition().name
    }

    /// The trust policy, with the field values and `env` filled in.
    fn trust_policy(&self, env: &Env) -> Result<Value, Missing>
    where
        Self: Sized,
    {
        let definition = Self::definition();
        resolved(&definition.trust, env, &definition.params, |name| {
            self.param(name)
        })
    }

    /// The inline permissions policy, if the role has one.
    fn inline_policy(&self, env: &Env) -> Result<Option<Value>, Missing>
    where
        Self: Sized,
    {
        let definition = Self::definition();
        let param = |name: &str| self.param(name);
        definition
            .policy
            .as_ref()
            .map(|doc| resolved(doc, env, &definition.params, param))
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
    fn definition() -> &'static model::Policy
    where
        Self: Sized;

    /// The value of the field `name`: a parameter of the policy.
    fn param(&self, name: &str) -> Option<&str>;

    fn name(&self) -> &'static str
    where
        Self: Sized,
    {
        &Self::definition().name
    }

    /// The policy document, with the field values and `env` filled in.
    fn document(&self, env: &Env) -> Result<Value, Missing>
    where
        Self: Sized,
    {
        let definition = Self::definition();
        resolved(&definition.document, env, &definition.params, |name| {
            self.param(name)
        })
    }
}

fn resolved<'a>(
    document: &model::Document,
    env: &Env,
    params: &[String],
    param: impl Fn(&str) -> Option<&'a str>,
) -> Result<Value, Missing> {
    let mut env = env.clone();
    for name in params {
        if let Some(value) = param(name) {
            env.values.insert(name.clone(), value.to_owned());
        }
    }
    let mut missing = Missing::default();
    let value = iam::document(document, &env, &mut missing);
    if missing.0.is_empty() {
        Ok(value)
    } else {
        Err(missing)
    }
}

//! The run-time half of role-dsl: what a validated role or policy *is*, the values that resolve
//! its placeholders, and the renderers. Applications link this crate; the parser, the validator
//! and the AWS catalogue stay in role-core, which only the macros and the CLI build.

pub mod env;
pub mod limits;
pub mod model;
pub mod render;
pub mod rules;

pub use env::{Env, Invalid, Missing, Needed, ResolveError, Resolver};
pub use model::Bundle;

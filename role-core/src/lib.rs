//! The engine behind the macros and the CLI: source → syntax → validated model, with the AWS
//! catalogue the checks stand on. Not a stable API: applications depend on `role-dsl`.
//!
//! The model and the renderers live in `role-model`, which applications link; they are
//! re-exported here so that the engine reads them as its own.

pub mod catalogue;
pub mod check;
pub mod diag;
pub mod import;
pub mod lint;
pub mod project;
pub mod syntax;

pub use role_model::{env, limits, model, render, rules};

pub use env::{Env, Missing, Needed};
pub use model::Bundle;

//! The engine shared by the macros, the CLI and applications: source → syntax → validated
//! model → renderers, with the AWS catalogue the checks stand on.

pub mod catalogue;
pub mod check;
pub mod diag;
pub mod env;
pub mod model;
pub mod project;
pub mod render;
pub mod syntax;

pub use env::{Env, Missing, Needed};
pub use model::Bundle;

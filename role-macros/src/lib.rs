//! The `#[role]` and `#[policy]` attribute macros: thin wrappers around role-core's parser and
//! validator, so that `cargo check` and `role-cli check` always say the same thing.
//! Use them through `role_dsl`: `use role_dsl::{role, policy};`.

mod expand;

use proc_macro::TokenStream;
use role_core::syntax::DeclKind;

/// Declares an IAM role. See the `role_dsl` crate for the arguments.
#[proc_macro_attribute]
pub fn role(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(DeclKind::Role, attr.into(), item.into()).into()
}

/// Declares a reusable customer managed policy. See the `role_dsl` crate for the arguments.
#[proc_macro_attribute]
pub fn policy(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(DeclKind::Policy, attr.into(), item.into()).into()
}

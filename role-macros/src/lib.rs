//! The `#[role]` and `#[policy]` attribute macros: thin wrappers around role-core's parser and
//! validator, so that `cargo check` and `role-cli check` always say the same thing.
//! Use them through `role_dsl`: `use role_dsl::{role, policy};`.

mod expand;
#[cfg(feature = "lint-warnings")]
mod warn;

use proc_macro::TokenStream;
use role_core::syntax::DeclKind;

/// Declares an IAM role. See the `role_dsl` crate for the arguments.
#[proc_macro_attribute]
pub fn role(attr: TokenStream, item: TokenStream) -> TokenStream {
    output(expand::attribute(DeclKind::Role, attr.into(), item.into()))
}

/// Declares a reusable customer managed policy. See the `role_dsl` crate for the arguments.
#[proc_macro_attribute]
pub fn policy(attr: TokenStream, item: TokenStream) -> TokenStream {
    output(expand::attribute(
        DeclKind::Policy,
        attr.into(),
        item.into(),
    ))
}

/// The spanned tokens, then the generated text lexed by the compiler itself (in one call across
/// the bridge, rather than one a token).
fn output(expansion: expand::Expansion) -> TokenStream {
    let mut out: TokenStream = expansion.spanned.into();
    if expansion.text.is_empty() {
        return out;
    }
    match expansion.text.parse::<TokenStream>() {
        Ok(generated) => out.extend(generated),
        // Only text this crate did not write could do it; say so rather than panic.
        Err(err) => {
            let message = format!("role-dsl could not write its expansion: {err}");
            let error: TokenStream = syn::Error::new(proc_macro2::Span::call_site(), message)
                .to_compile_error()
                .into();
            out.extend(error);
        }
    }
    out
}

//! Parse → check → expand. The struct is emitted as written; beside it, inside
//! `const _: () = { ... };`, the trait implementation and the registration. On error, every
//! finding becomes a `compile_error!` at its span, and a fallback implementation keeps the rest
//! of the crate free of follow-on errors.
//!
//! The generated items are written as text and handed to the compiler's lexer in one call: a
//! token built by `quote!` crosses the proc-macro bridge on its own, which is most of what an
//! expansion costs `cargo check` (BENCHMARKS.md, section 3). Only what must point at the user's
//! code (the paths in `policies(...)`, the errors) keeps its span.

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use role_core::check::{self, Checked};
use role_core::diag::{Finding, Findings};
use role_core::syntax::ast::FieldKind;
use role_core::syntax::{self, Decl, DeclKind};

/// What a macro gives back: tokens that keep their spans (the item as written, the errors, the
/// checks at the user's paths), and the generated items as text for the compiler to lex.
pub struct Expansion {
    pub spanned: TokenStream,
    pub text: String,
}

pub fn attribute(kind: DeclKind, attr: TokenStream, item: TokenStream) -> Expansion {
    let parsed: syn::Item = match syn::parse2(item.clone()) {
        Ok(parsed) => parsed,
        Err(err) => {
            let err = err.to_compile_error();
            return Expansion {
                spanned: quote!(#item #err),
                text: String::new(),
            };
        }
    };
    let mut findings = Findings::default();
    let decl = syntax::parse_decl(kind, attr, &parsed, &mut findings);
    let checked = decl.as_ref().and_then(|d| check::decl(d, &mut findings));
    // A silenced finding is what the user chose to let through; warnings and lints go through
    // `warn` (with the `lint-warnings` feature).
    let errors = findings
        .0
        .iter()
        .filter(|f| f.is_error())
        .map(compile_error);
    let (policies_exist, text) = match &decl {
        Some(decl) => (policy_checks(decl), implementation(decl, checked.as_ref())),
        None => (TokenStream::new(), String::new()),
    };
    let warnings = match &decl {
        Some(decl) => warnings(&findings, decl, checked.as_ref()),
        None => TokenStream::new(),
    };
    Expansion {
        spanned: quote! {
            #item
            #(#errors)*
            #policies_exist
            #warnings
        },
        text,
    }
}

#[cfg(feature = "lint-warnings")]
fn warnings(findings: &Findings, decl: &Decl, checked: Option<&Checked>) -> TokenStream {
    crate::warn::tokens(&findings.0, decl, checked)
}

#[cfg(not(feature = "lint-warnings"))]
fn warnings(_: &Findings, _: &Decl, _: Option<&Checked>) -> TokenStream {
    TokenStream::new()
}

fn compile_error(finding: &Finding) -> TokenStream {
    syn::Error::new(finding.spot.span, finding.macro_text()).to_compile_error()
}

/// The trait implementation and the registration, as the text of a `const _: () = { ... };`;
/// with `checked` absent (the declaration had errors), an implementation whose definition is
/// never reached, since the crate does not compile, and no registration.
fn implementation(decl: &Decl, checked: Option<&Checked>) -> String {
    let (trait_name, register) = match decl.kind {
        DeclKind::Role => ("Role", "register_role"),
        DeclKind::Policy => ("Policy", "register_policy"),
    };
    let ident = &decl.ident;
    let json = checked.and_then(|c| match c {
        Checked::Role(role) => serde_json::to_string(role).ok(),
        Checked::Policy(policy) => serde_json::to_string(policy).ok(),
    });
    let mut text = String::with_capacity(json.as_ref().map_or(0, String::len) + 1024);
    text.push_str("const _: () = {");
    track_catalogue(&mut text);
    // `{:?}` of a `str` is a Rust string literal of it.
    let definition = match &json {
        Some(json) => format!("::role_dsl::__private::definition({json:?})"),
        None => "::core::unreachable!(\"this declaration did not compile\")".to_owned(),
    };
    let _ = write!(
        text,
        "impl ::role_dsl::{trait_name} for {ident} {{\
            fn definition() -> &'static ::role_dsl::model::{trait_name} {{ {definition} }}\
            fn model(&self) -> &'static ::role_dsl::model::{trait_name} {{\
                <Self as ::role_dsl::{trait_name}>::definition()\
            }}\
            fn param(&self, name: &str) -> ::core::option::Option<::role_dsl::ParamValue<'_>> {{\
                match name {{"
    );
    // A match on the name: the least code for the compiler to check.
    for field in &decl.fields {
        let member = raw_or_plain(&field.name);
        let value = match field.kind {
            FieldKind::Text => format!("::role_dsl::__private::text(&self.{member})"),
            FieldKind::List => format!("::role_dsl::__private::list(self.{member}.iter())"),
            FieldKind::Other => continue,
        };
        let _ = write!(text, "{:?} => {value},", field.name);
    }
    text.push_str("_ => ::core::option::Option::None, } } }");
    if checked.is_some() {
        // A load-time constructor registers the struct (role_dsl's registry), in the sections
        // `inventory` uses for each platform.
        let _ = write!(
            text,
            "#[used]\
            #[cfg_attr(any(target_os = \"linux\", target_os = \"android\", target_os = \"dragonfly\", \
                target_os = \"freebsd\", target_os = \"haiku\", target_os = \"illumos\", \
                target_os = \"netbsd\", target_os = \"nto\", target_os = \"openbsd\", \
                target_os = \"redox\", target_os = \"vxworks\", target_os = \"none\"), \
                unsafe(link_section = \".init_array\"))]\
            #[cfg_attr(any(target_os = \"macos\", target_os = \"ios\"), \
                unsafe(link_section = \"__DATA,__mod_init_func,mod_init_funcs\"))]\
            #[cfg_attr(windows, unsafe(link_section = \".CRT$XCU\"))]\
            static __REGISTER: extern \"C\" fn() = ::role_dsl::__private::{register}::<{ident}>;"
        );
    }
    text.push_str("};");
    text
}

/// The paths of `policies(...)`, each where the user wrote it, so that a struct that is no
/// #[policy] is reported there.
fn policy_checks(decl: &Decl) -> TokenStream {
    if decl.args.policies.is_empty() {
        return TokenStream::new();
    }
    let checks = decl.args.policies.iter().map(|p| {
        let path = &p.syn_path;
        quote_spanned!(p.spot.span=> ::role_dsl::__private::assert_policy::<#path>();)
    });
    quote! {
        const _: () = {
            #[allow(dead_code)]
            fn __role_dsl_policies_exist() {
                #(#checks)*
            }
        };
    }
}

/// Makes cargo check the crate again when the catalogue the checks read changes: an
/// `option_env!` of its variable, once a crate (each crate is compiled in a process of its own).
fn track_catalogue(text: &mut String) {
    static TRACKED: std::sync::Once = std::sync::Once::new();
    TRACKED.call_once(|| {
        let _ = write!(
            text,
            "const _: ::core::option::Option<&str> = ::core::option_env!({:?});",
            role_core::catalogue::ENV_VAR
        );
    });
}

/// A field's name as Rust code: `r#type` for a keyword.
fn raw_or_plain(name: &str) -> String {
    if syn::parse_str::<syn::Ident>(name).is_ok() {
        name.to_owned()
    } else {
        format!("r#{name}")
    }
}

//! Parse → check → expand. The struct is emitted as written; beside it, inside
//! `const _: () = { ... };`, the trait implementation and the registration. On error, every
//! finding becomes a `compile_error!` at its span, and a fallback implementation keeps the rest
//! of the crate free of follow-on errors.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use role_core::check::{self, Checked};
use role_core::diag::{Finding, Findings};
use role_core::syntax::ast::FieldKind;
use role_core::syntax::{self, Decl, DeclKind};

pub fn attribute(kind: DeclKind, attr: TokenStream, item: TokenStream) -> TokenStream {
    let parsed: syn::Item = match syn::parse2(item.clone()) {
        Ok(parsed) => parsed,
        Err(err) => {
            let err = err.to_compile_error();
            return quote!(#item #err);
        }
    };
    let mut findings = Findings::default();
    let decl = syntax::parse_decl(kind, attr, &parsed, &mut findings);
    let checked = decl.as_ref().and_then(|d| check::decl(d, &mut findings));
    // Warnings and silenced findings are for `role-cli check`: stable Rust gives a macro no way
    // to warn, and a silenced finding is what the user chose to let through.
    let errors = findings
        .0
        .iter()
        .filter(|f| f.is_error())
        .map(compile_error);
    let generated = match (&decl, &checked) {
        (Some(decl), Some(checked)) => implementation(decl, Some(checked)),
        (Some(decl), None) => implementation(decl, None),
        (None, _) => TokenStream::new(),
    };
    quote! {
        #item
        #(#errors)*
        #generated
    }
}

fn compile_error(finding: &Finding) -> TokenStream {
    syn::Error::new(finding.spot.span, finding.macro_text()).to_compile_error()
}

/// The trait implementation; with `checked` absent (the declaration had errors), one whose
/// definition is never reached, since the crate does not compile.
fn implementation(decl: &Decl, checked: Option<&Checked>) -> TokenStream {
    let ident = syn::Ident::new(&decl.ident, decl.ident_spot.span);
    let json = checked.map(|c| match c {
        Checked::Role(role) => serde_json::to_string(role),
        Checked::Policy(policy) => serde_json::to_string(policy),
    });
    // A match on the name rather than a list: the least code for the compiler to check, as the
    // expansion is paid for once per role in every build.
    let arms = decl.fields.iter().filter_map(|f| {
        let name = &f.name;
        let member = syn::Ident::new_raw_or_plain(name, f.spot.span);
        match f.kind {
            FieldKind::Text => Some(quote!(#name => ::core::option::Option::Some(::role_dsl::ParamValue::Text(::core::convert::AsRef::<str>::as_ref(&self.#member))),)),
            FieldKind::List => Some(quote!(#name => ::core::option::Option::Some(::role_dsl::__private::list(self.#member.iter())),)),
            FieldKind::Other => None,
        }
    });
    let (trait_name, model_type) = match decl.kind {
        DeclKind::Role => (quote!(Role), quote!(Role)),
        DeclKind::Policy => (quote!(Policy), quote!(Policy)),
    };
    let (definition, definition_body) = match json {
        Some(Ok(json)) => (
            quote! {
                static DEFINITION: ::role_dsl::__private::Definition<::role_dsl::model::#model_type> =
                    ::role_dsl::__private::Definition::new(#json);
            },
            quote!(DEFINITION.get()),
        ),
        _ => (
            TokenStream::new(),
            quote!(::core::unreachable!("this declaration did not compile")),
        ),
    };
    let policy_checks = decl.args.policies.iter().map(|p| {
        let path = &p.syn_path;
        let span = p.spot.span;
        quote_spanned!(span=> ::role_dsl::__private::assert_policy::<#path>();)
    });
    let policies_exist = (!decl.args.policies.is_empty()).then(|| {
        quote! {
            #[allow(dead_code)]
            fn __role_dsl_policies_exist() {
                #(#policy_checks)*
            }
        }
    });
    // Registration by a load-time constructor (see role_dsl's registry): one static, with the
    // sections `inventory` uses for each platform.
    let register_fn = match decl.kind {
        DeclKind::Role => quote!(register_role),
        DeclKind::Policy => quote!(register_policy),
    };
    let register = checked.is_some().then(|| {
        quote! {
            #[used]
            #[cfg_attr(
                any(
                    target_os = "linux", target_os = "android", target_os = "dragonfly",
                    target_os = "freebsd", target_os = "haiku", target_os = "illumos",
                    target_os = "netbsd", target_os = "nto", target_os = "openbsd",
                    target_os = "redox", target_os = "vxworks", target_os = "none",
                ),
                unsafe(link_section = ".init_array")
            )]
            #[cfg_attr(
                any(target_os = "macos", target_os = "ios"),
                unsafe(link_section = "__DATA,__mod_init_func,mod_init_funcs")
            )]
            #[cfg_attr(windows, unsafe(link_section = ".CRT$XCU"))]
            static __REGISTER: extern "C" fn() = ::role_dsl::__private::#register_fn::<#ident>;
        }
    });
    let catalogue_var = role_core::catalogue::ENV_VAR;
    quote! {
        const _: () = {
            // Makes cargo check the crate again when the catalogue the checks read changes.
            const _: ::core::option::Option<&str> = ::core::option_env!(#catalogue_var);
            #definition
            impl ::role_dsl::#trait_name for #ident {
                fn definition() -> &'static ::role_dsl::model::#model_type {
                    #definition_body
                }
                fn model(&self) -> &'static ::role_dsl::model::#model_type {
                    #definition_body
                }
                fn param(&self, name: &str) -> ::core::option::Option<::role_dsl::ParamValue<'_>> {
                    match name {
                        #(#arms)*
                        _ => ::core::option::Option::None,
                    }
                }
            }
            #policies_exist
            #register
        };
    }
}

trait NewIdent {
    fn new_raw_or_plain(name: &str, span: Span) -> syn::Ident;
}

impl NewIdent for syn::Ident {
    /// Field names that are keywords were written `r#type`.
    fn new_raw_or_plain(name: &str, span: Span) -> syn::Ident {
        syn::parse_str::<syn::Ident>(name).map_or_else(
            |_| syn::Ident::new_raw(name, span),
            |_| syn::Ident::new(name, span),
        )
    }
}

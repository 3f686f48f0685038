//! The one parser: reads `#[role(...)]` and `#[policy(...)]` from a macro's tokens or from a
//! source file into spanned declarations ([`ast`]), for the validator.

pub mod args;
pub mod ast;
pub mod item;
pub mod json;
pub mod meta;
pub mod statement;
pub mod template;

use proc_macro2::TokenStream;
use syn::parse::Parser;

use crate::diag::{Code, Findings};
pub use ast::{Decl, DeclKind};

/// A macro's view: the attribute's tokens and the item it stands on.
pub fn parse_decl(
    kind: DeclKind,
    attr: TokenStream,
    item: &syn::Item,
    findings: &mut Findings,
) -> Option<Decl> {
    let metas = match meta::parse_list.parse2(attr) {
        Ok(metas) => metas,
        Err(err) => {
            for e in err {
                findings.error(Code::InvalidArgument, e.span(), e.to_string());
            }
            return None;
        }
    };
    let before = findings.0.len();
    let args = args::read_args(kind, &metas, findings);
    let malformed = findings.has_errors_since(before);
    let mut decl = item::read_item(kind, item, args, findings)?;
    decl.malformed = malformed;
    Some(decl)
}

/// The CLI's view: every `#[role]` and `#[policy]` item of a Rust file, in source order,
/// including those inside inline modules.
pub fn scan_file(source: &str, findings: &mut Findings) -> Vec<Decl> {
    let file = match syn::parse_file(source) {
        Ok(file) => file,
        Err(err) => {
            findings.error(
                Code::SourceError,
                err.span(),
                format!("this file does not parse as Rust: {err}"),
            );
            return Vec::new();
        }
    };
    let mut decls = Vec::new();
    scan_items(&file.items, findings, &mut decls);
    decls
}

fn scan_items(items: &[syn::Item], findings: &mut Findings, decls: &mut Vec<Decl>) {
    for item in items {
        if let syn::Item::Mod(module) = item
            && let Some((_, inner)) = &module.content
        {
            scan_items(inner, findings, decls);
        }
        for attr in item_attrs(item) {
            let Some(kind) = decl_kind(attr.path()) else {
                continue;
            };
            let tokens = match &attr.meta {
                syn::Meta::List(list) => list.tokens.clone(),
                _ => TokenStream::new(),
            };
            let before = findings.0.len();
            if let Some(decl) = parse_decl(kind, tokens, item, findings) {
                decls.push(decl);
            }
            // syn places "unexpected end of input" at the call site, which has no place in a
            // file: point at the attribute instead.
            for finding in &mut findings.0[before..] {
                if finding.spot.span.start().line == 0 {
                    finding.spot = crate::diag::Spot::new(syn::spanned::Spanned::span(&attr.meta));
                }
            }
        }
    }
}

/// `#[role]`, `#[role_dsl::role]`, `#[policy]`, `#[role_dsl::policy]`.
fn decl_kind(path: &syn::Path) -> Option<DeclKind> {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let last = match segments.as_slice() {
        [last] => last,
        [krate, last] if krate == "role_dsl" || krate == "role_macros" => last,
        _ => return None,
    };
    match last.as_str() {
        "role" => Some(DeclKind::Role),
        "policy" => Some(DeclKind::Policy),
        _ => None,
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        _ => &[],
    }
}

//! Reads the item a `#[role]` or `#[policy]` stands on: its name, doc comment and fields.

use syn::spanned::Spanned;

use super::ast::{Args, Decl, DeclKind, Field, FieldKind};
use crate::diag::{Code, Findings, Spot};

/// The declaration of `item`, or a finding when it is not a struct.
pub fn read_item(
    kind: DeclKind,
    item: &syn::Item,
    args: Args,
    findings: &mut Findings,
) -> Option<Decl> {
    let syn::Item::Struct(item) = item else {
        let span = match item {
            syn::Item::Enum(e) => e.enum_token.span,
            syn::Item::Fn(f) => f.sig.fn_token.span,
            syn::Item::Union(u) => u.union_token.span,
            other => other.span(),
        };
        findings.error(
            Code::NotAStruct,
            span,
            format!(
                "#[{}] goes on a struct; its fields are the parameters",
                kind.attr()
            ),
        );
        return None;
    };
    if !item.generics.params.is_empty() {
        findings.error(
            Code::NotAStruct,
            item.generics.span(),
            format!("#[{}] goes on a struct without generics: its parameters are `String`, `&'static str` or `Vec<String>` fields", kind.attr()),
        );
        return None;
    }
    let mut fields = Vec::new();
    let mut tuple_fields = None;
    for field in &item.fields {
        match &field.ident {
            Some(ident) => fields.push(Field {
                name: ident.to_string().trim_start_matches("r#").to_owned(),
                spot: Spot::new(ident.span()),
                kind: field_kind(&field.ty),
                ty_spot: Spot::new(field.ty.span()),
            }),
            None => tuple_fields = Some(Spot::new(field.span())),
        }
    }
    Some(Decl {
        kind,
        ident: item.ident.to_string(),
        ident_spot: Spot::new(item.ident.span()),
        doc: doc_comment(&item.attrs),
        fields,
        tuple_fields,
        args,
        malformed: false,
    })
}

/// The doc comment's lines, trimmed and joined with a space; none when there is no text.
pub fn doc_comment(attrs: &[syn::Attribute]) -> Option<String> {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let syn::Meta::NameValue(nv) = &attr.meta
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
        {
            let value = s.value();
            for line in value.lines() {
                let line = line.trim();
                if !line.is_empty() {
                    lines.push(line.to_owned());
                }
            }
        }
    }
    if lines.is_empty() {
        None
    } else {
        Some(lines.join(" "))
    }
}

/// Text for `String` and `&'static str`, a list for `Vec<String>`, `Vec<&'static str>`,
/// `&'static [&'static str]` and `&'static [String]`.
fn field_kind(ty: &syn::Type) -> FieldKind {
    if is_string_type(ty) {
        return FieldKind::Text;
    }
    let element = match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().and_then(|s| match &s.arguments {
                syn::PathArguments::AngleBracketed(args)
                    if s.ident == "Vec" && args.args.len() == 1 =>
                {
                    match &args.args[0] {
                        syn::GenericArgument::Type(t) => Some(t),
                        _ => None,
                    }
                }
                _ => None,
            })
        }
        syn::Type::Reference(r)
            if r.mutability.is_none()
                && r.lifetime.as_ref().is_none_or(|l| l.ident == "static") =>
        {
            match &*r.elem {
                syn::Type::Slice(slice) => Some(&*slice.elem),
                _ => None,
            }
        }
        syn::Type::Paren(p) => return field_kind(&p.elem),
        _ => None,
    };
    match element {
        Some(element) if is_string_type(element) => FieldKind::List,
        _ => FieldKind::Other,
    }
}

/// `String`, `&str` or `&'static str`: what a text parameter may be.
fn is_string_type(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(p) => {
            p.qself.is_none()
                && p.path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "String" && s.arguments.is_none())
        }
        syn::Type::Reference(r) => {
            r.mutability.is_none()
                && matches!(&*r.elem, syn::Type::Path(p) if p.path.is_ident("str"))
                && r.lifetime.as_ref().is_none_or(|l| l.ident == "static")
        }
        syn::Type::Paren(p) => is_string_type(&p.elem),
        _ => false,
    }
}

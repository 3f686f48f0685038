//! The one parser: reads `#[role(...)]` and `#[policy(...)]` from a macro's tokens or from a
//! source file into spanned declarations ([`ast`]), for the validator.

pub mod args;
pub mod ast;
pub mod item;
pub mod json;
pub mod lexical;
pub mod meta;
pub mod nesting;
pub mod statement;
pub mod template;

use std::str::FromStr;

use proc_macro2::TokenStream;
use syn::parse::Parser;

use crate::diag::{Code, Finding, Findings, Spot};
pub use ast::{Decl, DeclKind};

/// The deepest nesting of an attribute's arguments that is read.
pub const MAX_ARGUMENT_DEPTH: usize = 32;

/// A macro's view: the attribute's tokens and the item it stands on.
pub fn parse_decl(
    kind: DeclKind,
    attr: TokenStream,
    item: &syn::Item,
    findings: &mut Findings,
) -> Option<Decl> {
    // The arguments parse recursively: nesting deeper than the DSL ever does (`role(trust(
    // when(Op(...))))` is four) is refused before it can exhaust the stack.
    let (depth, deepest) = nesting::measure(&attr);
    if depth > MAX_ARGUMENT_DEPTH {
        findings.error(
            Code::InvalidArgument,
            deepest,
            format!(
                "the arguments nest {depth} levels deep; #[{}(...)] reads arguments nested up to {MAX_ARGUMENT_DEPTH} levels",
                kind.attr()
            ),
        );
        return None;
    }
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
    let Some(file) = parse_file(source, findings) else {
        return Vec::new();
    };
    let mut decls = Vec::new();
    scan_items(&file.items, findings, &mut decls);
    decls
}

/// `source` as syn reads it, in three steps so that no file makes the CLI crash or say less
/// than rustc would: proc-macro2 splits it into tokens (without recursing), a walk over the
/// tokens measures how deeply syn would recurse, and only then does syn parse them.
fn parse_file(source: &str, findings: &mut Findings) -> Option<syn::File> {
    let (offset, content) = without_shebang(source);
    let tokens = match TokenStream::from_str(content) {
        Ok(tokens) => tokens,
        Err(err) => {
            let problem = lexical::explain(content, err.span().byte_range().start);
            findings.push(lexical_finding(problem, offset));
            return None;
        }
    };
    let (depth, deepest) = nesting::measure(&tokens);
    if depth > nesting::MAX_DEPTH {
        findings.push(
            Finding::error(
                Code::SourceError,
                deepest,
                format!(
                    "this file nests {depth} levels deep; role-cli reads files nested up to {} levels",
                    nesting::MAX_DEPTH
                ),
            )
            .with_help("its parser recurses once a level; move the #[role] and #[policy] declarations into a file of their own"),
        );
        return None;
    }
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => Some(file),
        Err(err) => {
            findings.error(
                Code::SourceError,
                err.span(),
                format!("this file does not parse as Rust: {err}"),
            );
            None
        }
    }
}

/// The text of a file that syn reads, and its byte offset in the file: without a byte order
/// mark, and without a first line `#!...` that is no inner attribute `#![...]`, as rustc and
/// `syn::parse_file` skip them. The line break stays, so that lines keep their numbers.
fn without_shebang(source: &str) -> (usize, &str) {
    let (bom, text) = match source.strip_prefix('\u{feff}') {
        Some(rest) => ('\u{feff}'.len_utf8(), rest),
        None => (0, source),
    };
    match text.strip_prefix("#!") {
        Some(rest) if !rest.trim_start().starts_with('[') => {
            let line_end = text.find('\n').unwrap_or(text.len());
            (bom + line_end, &text[line_end..])
        }
        _ => (bom, text),
    }
}

fn lexical_finding(problem: lexical::LexProblem, offset: usize) -> Finding {
    let at = Spot::bytes(offset + problem.at.start, offset + problem.at.end);
    let finding = Finding::error(
        Code::SourceError,
        at,
        format!("this file does not parse as Rust: {}", problem.message),
    );
    match problem.help {
        Some(help) => finding.with_help(help),
        None => finding,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(source: &str) -> (Vec<Decl>, Vec<Finding>) {
        let mut findings = Findings::default();
        let decls = scan_file(source, &mut findings);
        (decls, findings.0)
    }

    #[test]
    fn a_file_nested_too_deeply_is_a_finding_not_a_crash() {
        let deep = format!("{}{}", "mod m {".repeat(100_000), "}".repeat(100_000));
        let (decls, findings) = scan(&deep);
        assert!(decls.is_empty());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, Code::SourceError);
        assert_eq!(
            findings[0].message,
            "this file nests 100000 levels deep; role-cli reads files nested up to 500 levels"
        );
        assert_eq!(findings[0].spot.span.start().column, 7 * 99_999 + 6);
    }

    #[test]
    fn lexical_mistakes_point_at_their_bytes_in_the_file() {
        let source = "fn f() {\n    let s = \"open;\n}\n";
        let (_, findings) = scan(source);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "this file does not parse as Rust: unterminated double quote string"
        );
        assert_eq!(findings[0].spot.bytes, Some((21, 22)));
        // The first line `#!...` is skipped as syn skips it; the bytes stay the file's.
        let source = "#!/usr/bin/env run-cargo-script\nfn f() { (] }\n";
        let (_, findings) = scan(source);
        let (start, end) = findings[0].spot.bytes.unwrap();
        assert_eq!(&source[start..end], "]");
        assert!(
            findings[0]
                .message
                .contains("the `(` at 2:10 is still open")
        );
    }

    #[test]
    fn a_shebang_and_an_inner_attribute_are_told_apart() {
        assert_eq!(without_shebang("#!/bin/sh\nfn f() {}"), (9, "\nfn f() {}"));
        assert_eq!(without_shebang("#![allow(x)]\nfn f() {}").0, 0);
        assert_eq!(without_shebang("#! [allow(x)]").0, 0);
        assert_eq!(without_shebang("\u{feff}#!x\ny"), (6, "\ny"));
        let (decls, findings) = scan(
            "#!/usr/bin/env x\n#[role(trust(service = \"lambda.amazonaws.com\"), allow(\"s3:GetObject\", on = \"*\"))]\nstruct A;\n",
        );
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(decls.len(), 1);
    }
}

//! Compiler warnings at a declaration: what `role-cli lint` and `role-cli check` would warn
//! about there, so that `cargo check` says it too. Stable Rust gives a macro no way to warn;
//! a deprecated constant used at the span is the way that works (proc-macro-warning writes
//! it), and the text reads like the CLI's.
//!
//! Only what one declaration shows is known here: the escalation paths across roles
//! (`RL115`) need the whole project and stay with `role-cli lint`. A finding silenced by
//! `accept(...)` or `unchecked = [...]` is not shown, and a lint of level `note` neither:
//! `cargo check` is no place for a remark.

use proc_macro_warning::FormattedWarning;
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use role_core::check::Checked;
use role_core::diag::{Finding, Spot};
use role_core::lint::{self, Level, Subject};
use role_core::syntax::Decl;

/// The warnings of one declaration, inside a `const _: () = { ... };`; nothing when it has
/// none. `checked` is absent when the declaration has errors: its lints would be guesses.
pub fn tokens(findings: &[Finding], decl: &Decl, checked: Option<&Checked>) -> TokenStream {
    let mut warnings = Vec::new();
    for finding in findings
        .iter()
        .filter(|f| !f.is_error() && f.silenced.is_none())
    {
        let text = finding.macro_text();
        warnings.push(warning(
            warnings.len(),
            finding.code.slug(),
            text,
            finding.spot,
        ));
    }
    if let Some(checked) = checked {
        let subject = Subject::from_decl(decl, checked);
        for found in lint::subject(&subject) {
            if found.accepted.is_some() || found.lint.level == Level::Note {
                continue;
            }
            let text = format!(
                "[{}] {}\n  = help: {}\n  = note: `accept(\"{}\", \"why\")` on the statement or the {} silences it",
                found.lint.code,
                found.message,
                found.lint.fix,
                found.lint.code,
                decl.kind.attr(),
            );
            warnings.push(warning(warnings.len(), found.lint.name, text, found.spot));
        }
    }
    if warnings.is_empty() {
        return TokenStream::new();
    }
    // The warning's `let _ = _w;` is clippy's `let_unit_value` at the user's span: only the
    // deprecation is meant to be seen.
    quote! {
        #[allow(clippy::let_unit_value)]
        const _: () = { #(#warnings)* };
    }
}

/// One warning, named after its code's slug so that rustc's "use of deprecated constant" line
/// says which it is.
fn warning(index: usize, slug: &str, text: String, spot: Spot) -> TokenStream {
    let name = format!("{}_{index}", slug.replace('-', "_"));
    FormattedWarning::new_deprecated(name, text, spot.span).into_token_stream()
}

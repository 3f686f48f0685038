//! Where a finding points, as byte offsets into its file: the span's line and column (columns
//! count characters) turned into bytes, narrowed to the exact part of a string literal when the
//! finding names one.

use std::ops::Range;

use proc_macro2::{LineColumn, Span};
use role_core::diag::Spot;

use crate::literal;

/// The bytes of `text` that `spot` points at; `None` when the span has no place in the file
/// (a parse error at the end of an attribute's arguments is reported at the call site).
pub fn range(text: &str, spot: &Spot) -> Option<Range<usize>> {
    if let Some((start, end)) = spot.bytes {
        let token = text.get(start..end)?;
        return match spot
            .within
            .and_then(|within| literal::locate_json(token, within))
        {
            Some(part) => Some(start + part.start..start + part.end),
            None => Some(start..end),
        };
    }
    if is_call_site(spot.span) {
        return None;
    }
    let start = offset(text, spot.span.start())?;
    let end = offset(text, spot.span.end())?.max(start);
    if let Some(within) = spot.within
        && let Some(part) = literal::locate(&text[start..end], within)
    {
        return Some(start + part.start..start + part.end);
    }
    Some(start..end)
}

/// The byte offset of a line and column from proc-macro2 (line 1-based, column 0-based in
/// characters).
fn offset(text: &str, at: LineColumn) -> Option<usize> {
    if at.line == 0 {
        return None;
    }
    let mut line_start = 0;
    for _ in 1..at.line {
        line_start += text[line_start..].find('\n')? + 1;
    }
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    match line.char_indices().nth(at.column) {
        Some((i, _)) => Some(line_start + i),
        None if line.chars().count() == at.column => Some(line_start + line.len()),
        None => None,
    }
}

/// `Span::call_site()` is the only span at offset zero: every file parsed starts after it.
fn is_call_site(span: Span) -> bool {
    format!("{span:?}") == "bytes(0..0)"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(line: usize, column: usize) -> LineColumn {
        LineColumn { line, column }
    }

    #[test]
    fn lines_and_character_columns_become_bytes() {
        let text = "ab\néé x\n";
        assert_eq!(offset(text, lc(1, 0)), Some(0));
        assert_eq!(offset(text, lc(2, 0)), Some(3));
        assert_eq!(offset(text, lc(2, 3)), Some(8));
        assert_eq!(offset(text, lc(2, 4)), Some(9));
        assert_eq!(offset(text, lc(2, 5)), None);
        assert_eq!(offset(text, lc(3, 0)), Some(10));
        assert_eq!(offset(text, lc(4, 0)), None);
        assert_eq!(offset(text, lc(0, 0)), None);
    }

    /// The first literal of `tokens` whose text starts with `prefix`, searching groups too.
    fn literal(tokens: proc_macro2::TokenStream, prefix: &str) -> Option<proc_macro2::Literal> {
        tokens.into_iter().find_map(|token| match token {
            proc_macro2::TokenTree::Literal(lit) if lit.to_string().starts_with(prefix) => {
                Some(lit)
            }
            proc_macro2::TokenTree::Group(group) => literal(group.stream(), prefix),
            _ => None,
        })
    }

    #[test]
    fn a_finding_inside_a_literal_points_at_its_part() {
        let text = "// é\n#[role(allow(\"s3:PutObject\", on = \"arn:{partition}:s3:::{buckt}/*\"))]\nstruct A;";
        let lit = literal(text.parse().unwrap(), "\"arn").unwrap();
        let spot = Spot::new(lit.span());
        assert_eq!(
            &text[range(text, &spot).unwrap()],
            "\"arn:{partition}:s3:::{buckt}/*\""
        );
        assert_eq!(&text[range(text, &spot.part(21, 28)).unwrap()], "{buckt}");
        // A part the literal does not have falls back to the whole literal.
        assert_eq!(
            &text[range(text, &spot.part(21, 99)).unwrap()],
            "\"arn:{partition}:s3:::{buckt}/*\""
        );
        assert!(range(text, &Spot::new(Span::call_site())).is_none());
    }
}

//! A finding may point at part of a string literal's *value* (`{buckt}` inside
//! `"arn:aws:s3:::{buckt}/*"`). This maps that part back to the source bytes that wrote it,
//! through escapes, line continuations and raw strings, so the caret sits under the exact text.

use std::ops::Range;

/// The source bytes of the value bytes `within` of the literal at the start of `source` (which
/// may run on past the literal), relative to the literal's first byte. `None` when `source` does
/// not start with a string literal whose value is that long.
pub fn locate(source: &str, within: (usize, usize)) -> Option<Range<usize>> {
    let (start, end) = within;
    let literal = read(source)?;
    if start > end || end > literal.bytes.len() {
        return None;
    }
    let from = match literal.bytes.get(start) {
        Some(bytes) => bytes.start,
        None => literal.close,
    };
    let to = if end > start {
        literal.bytes[end - 1].end
    } else {
        from
    };
    Some(from..to)
}

/// As [`locate`], for a JSON string (a policy document given to `role-cli check`).
pub fn locate_json(source: &str, within: (usize, usize)) -> Option<Range<usize>> {
    let literal = read_cooked(source.strip_prefix('"')?, 1, Syntax::Json)?;
    let (start, end) = within;
    if start > end || end > literal.bytes.len() {
        return None;
    }
    let from = literal.bytes.get(start).map_or(literal.close, |b| b.start);
    let to = if end > start {
        literal.bytes[end - 1].end
    } else {
        from
    };
    Some(from..to)
}

/// Whose escapes a quoted string uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Rust,
    Json,
}

/// A string literal as read: for each byte of its value, the source bytes that wrote it.
#[derive(Debug, PartialEq, Eq)]
struct Literal {
    bytes: Vec<Range<usize>>,
    /// Where the closing quote is.
    close: usize,
}

fn read(source: &str) -> Option<Literal> {
    if let Some(rest) = source.strip_prefix('r') {
        read_raw(rest, 1)
    } else if let Some(rest) = source.strip_prefix('"') {
        read_cooked(rest, 1, Syntax::Rust)
    } else {
        None
    }
}

/// `r"..."`, `r#"..."#`: the value is the source, byte for byte.
fn read_raw(rest: &str, offset: usize) -> Option<Literal> {
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    let body = rest[hashes..].strip_prefix('"')?;
    let start = offset + hashes + 1;
    let terminator = format!("\"{}", "#".repeat(hashes));
    let len = body.find(&terminator)?;
    Some(Literal {
        bytes: (start..start + len).map(|i| i..i + 1).collect(),
        close: start + len,
    })
}

/// `"..."`, with its escapes.
fn read_cooked(body: &str, offset: usize, syntax: Syntax) -> Option<Literal> {
    let mut bytes = Vec::new();
    let mut chars = body.char_indices().peekable();
    let at = |i: usize| offset + i;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                return Some(Literal {
                    bytes,
                    close: at(i),
                });
            }
            '\\' => {
                let (j, escape) = chars.next()?;
                match escape {
                    'n' | 't' | 'r' | '\\' | '"' | '\'' | '0' => bytes.push(at(i)..at(j + 1)),
                    '/' | 'b' | 'f' if syntax == Syntax::Json => bytes.push(at(i)..at(j + 1)),
                    'u' if syntax == Syntax::Json => {
                        // `\uXXXX`, one UTF-16 unit: what it stands for is at most 3 bytes of
                        // UTF-8 (a surrogate pair is two escapes).
                        let mut code = 0u32;
                        let mut last = j;
                        for _ in 0..4 {
                            let (k, digit) = chars.next()?;
                            code = code * 16 + digit.to_digit(16)?;
                            last = k;
                        }
                        let len = char::from_u32(code).map_or(2, char::len_utf8);
                        bytes.extend(std::iter::repeat_n(at(i)..at(last + 1), len));
                    }
                    'x' => {
                        let (_, high) = chars.next()?;
                        let (k, low) = chars.next()?;
                        if !high.is_ascii_hexdigit() || !low.is_ascii_hexdigit() {
                            return None;
                        }
                        bytes.push(at(i)..at(k + 1));
                    }
                    'u' => {
                        let (_, open) = chars.next()?;
                        if open != '{' {
                            return None;
                        }
                        let mut code = 0u32;
                        let close = loop {
                            let (k, digit) = chars.next()?;
                            match digit {
                                '}' => break k,
                                '_' => {}
                                _ => {
                                    code = code.checked_mul(16)?.checked_add(digit.to_digit(16)?)?
                                }
                            }
                        };
                        let len = char::from_u32(code)?.len_utf8();
                        bytes.extend(std::iter::repeat_n(at(i)..at(close + 1), len));
                    }
                    // A line continuation: the newline and the whitespace after it are no part
                    // of the value.
                    '\n' | '\r' => {
                        while chars
                            .next_if(|&(_, c)| matches!(c, ' ' | '\t' | '\n' | '\r'))
                            .is_some()
                        {}
                    }
                    _ => return None,
                }
            }
            // A CRLF line ending is read as `\n`.
            '\r' if chars.peek().is_some_and(|&(_, c)| c == '\n') => {
                let (j, _) = chars.next()?;
                bytes.push(at(i)..at(j + 1));
            }
            _ => bytes.extend(std::iter::repeat_n(
                at(i)..at(i + c.len_utf8()),
                c.len_utf8(),
            )),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The source text that `within` of the literal `source` maps to.
    fn part(source: &str, within: (usize, usize)) -> Option<&str> {
        locate(source, within).map(|range| &source[range])
    }

    #[test]
    fn a_plain_literal_maps_one_to_one_past_the_quote() {
        let source = r#""arn:aws:s3:::{buckt}/*", rest"#;
        assert_eq!(part(source, (13, 20)), Some("{buckt}"));
        assert_eq!(part(source, (0, 22)), Some("arn:aws:s3:::{buckt}/*"));
    }

    #[test]
    fn escapes_take_more_source_than_value() {
        // value: a\nb"c\\{x}
        let source = r#""a\nb\"c\\{x}""#;
        assert_eq!(part(source, (1, 2)), Some(r"\n"));
        assert_eq!(part(source, (3, 4)), Some(r#"\""#));
        assert_eq!(part(source, (6, 9)), Some("{x}"));
    }

    #[test]
    fn hex_unicode_and_nul_escapes() {
        // value: A é \0 {x}
        let source = r#""\x41\u{e9}\0{x}""#;
        assert_eq!(part(source, (0, 1)), Some(r"\x41"));
        assert_eq!(part(source, (1, 3)), Some(r"\u{e9}"));
        assert_eq!(part(source, (1, 2)), Some(r"\u{e9}"));
        assert_eq!(part(source, (3, 4)), Some(r"\0"));
        assert_eq!(part(source, (4, 7)), Some("{x}"));
    }

    #[test]
    fn a_line_continuation_skips_the_newline_and_indent() {
        // value: arn:aws:s3:::{x}
        let source = "\"arn:aws:\\\n        s3:::{x}\"";
        assert_eq!(part(source, (8, 13)), Some("s3:::"));
        assert_eq!(part(source, (13, 16)), Some("{x}"));
    }

    #[test]
    fn multibyte_characters_keep_their_width() {
        let source = "\"é{x}\"";
        assert_eq!(part(source, (2, 5)), Some("{x}"));
    }

    #[test]
    fn raw_strings_map_one_to_one_after_their_prefix() {
        assert_eq!(part(r#"r"a{x}b""#, (1, 4)), Some("{x}"));
        assert_eq!(part(r###"r##"a"#{x}"##"###, (3, 6)), Some("{x}"));
    }

    #[test]
    fn an_empty_part_points_between_bytes_and_at_the_close() {
        assert_eq!(locate(r#""ab""#, (1, 1)), Some(2..2));
        assert_eq!(locate(r#""ab""#, (2, 2)), Some(3..3));
    }

    #[test]
    fn what_is_not_a_literal_or_too_short_gives_nothing() {
        assert_eq!(locate("ident", (0, 1)), None);
        assert_eq!(locate(r#""ab""#, (1, 3)), None);
        assert_eq!(locate(r#""ab"#, (0, 1)), None);
        assert_eq!(locate(r#""\q""#, (0, 1)), None);
        assert_eq!(locate(r#""\u{110000}""#, (0, 1)), None);
        assert_eq!(locate(r#""\u{ffffffffffff}""#, (0, 1)), None);
    }
}

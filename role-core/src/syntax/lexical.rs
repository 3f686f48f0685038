//! Why a Rust file cannot be split into tokens, in rustc's words. proc-macro2, which lexes for
//! syn, says only "cannot parse string into token stream" and the place where it stopped; this
//! reads the file again, minding comments, strings and character literals, to say what is wrong
//! there: an unterminated string or comment, a delimiter closed wrongly or never, an escape or a
//! character Rust does not have.
//!
//! It runs only once proc-macro2 has failed, so a slip here can never reject a valid file.

use std::ops::Range;

/// A lexical mistake: what it is, its bytes in the file, and the fix when one is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexProblem {
    pub message: String,
    pub at: Range<usize>,
    pub help: Option<String>,
}

impl LexProblem {
    fn new(message: impl Into<String>, at: Range<usize>) -> LexProblem {
        LexProblem {
            message: message.into(),
            at,
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> LexProblem {
        self.help = Some(help.into());
        self
    }
}

/// What is wrong in `source`, where proc-macro2 stopped lexing at byte `stop`: the first mistake
/// a reading that minds comments and literals finds, when it is no later than `stop` (an
/// unterminated comment lets proc-macro2 go on into the comment's text), else what stands at
/// `stop`.
pub fn explain(source: &str, stop: usize) -> LexProblem {
    match first_problem(source) {
        Err(problem) if problem.at.start <= stop => problem,
        _ => at_stop(source, stop),
    }
}

fn unterminated_comment(at: usize) -> LexProblem {
    LexProblem::new("unterminated block comment", at..at + 2)
        .help("close it with `*/`; block comments nest, so each `/*` inside it needs its own `*/`")
}

/// Reads `source` token by token as far as the first comment, literal or delimiter that does
/// not end as Rust's lexer requires.
fn first_problem(source: &str) -> Result<(), LexProblem> {
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut i = 0;
    while i < source.len() {
        i = step(source, i, &mut open)?;
    }
    match open.pop() {
        Some((opener, at)) => Err(LexProblem::new(
            format!("the `{}` opened here is never closed", opener as char),
            at..at + 1,
        )
        .help(format!("close it with `{}`", closing(opener) as char))),
        None => Ok(()),
    }
}

/// Where the token at `i` ends.
fn step(source: &str, i: usize, open: &mut Vec<(u8, usize)>) -> Result<usize, LexProblem> {
    let bytes = source.as_bytes();
    match bytes[i] {
        b'/' if bytes.get(i + 1) == Some(&b'/') => {
            Ok(source[i..].find('\n').map_or(source.len(), |n| i + n))
        }
        b'/' if bytes.get(i + 1) == Some(&b'*') => {
            block_comment_end(bytes, i).ok_or_else(|| unterminated_comment(i))
        }
        b'"' => quoted_end(bytes, i + 1).ok_or_else(|| unterminated_string(i..i + 1)),
        b'\'' => char_or_lifetime_end(source, i, i + 1),
        opener @ (b'(' | b'[' | b'{') => {
            open.push((opener, i));
            Ok(i + 1)
        }
        close @ (b')' | b']' | b'}') => match open.pop() {
            Some((opener, _)) if closing(opener) == close => Ok(i + 1),
            Some((opener, at)) => Err(LexProblem::new(
                format!(
                    "mismatched closing delimiter `{}`: the `{}` at {} is still open",
                    close as char,
                    opener as char,
                    line_column(source, at)
                ),
                i..i + 1,
            )
            .help(format!(
                "close the `{}` with `{}` first",
                opener as char,
                closing(opener) as char
            ))),
            None => Err(LexProblem::new(
                format!(
                    "unexpected closing delimiter `{}`: nothing is open here",
                    close as char
                ),
                i..i + 1,
            )),
        },
        _ => match word_end(source, i) {
            Some(end) => prefixed_literal(source, i, end),
            None => Ok(i + source[i..].chars().next().map_or(1, char::len_utf8)),
        },
    }
}

fn closing(opener: u8) -> u8 {
    match opener {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// The end of the (nesting) block comment at `start`, if it ends.
fn block_comment_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The end of a string whose text starts at `from`, after its opening quote: a backslash
/// escapes the byte after it.
fn quoted_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn unterminated_string(at: Range<usize>) -> LexProblem {
    LexProblem::new("unterminated double quote string", at)
        .help("close it with `\"`; a `\"` inside a string is written `\\\"`")
}

/// After a `'` at `quote` (its content from `from`): a character literal (`'a'`, `'\n'`), or
/// a lifetime or label (`'a`, `'static`).
fn char_or_lifetime_end(source: &str, quote: usize, from: usize) -> Result<usize, LexProblem> {
    let rest = &source[from..];
    let mut chars = rest.chars();
    let unterminated = || {
        LexProblem::new("unterminated character literal", quote..from).help(
            "close it with `'`; a character literal holds one character, a string `\"...\"` more",
        )
    };
    match chars.next() {
        Some('\\') => {
            // An escape: up to the closing quote on the same line.
            let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
            match line.get(2..).and_then(|after| after.find('\'')) {
                Some(close) => Ok(from + 2 + close + 1),
                None => Err(unterminated()),
            }
        }
        Some('\'') => Err(LexProblem::new("empty character literal", quote..from + 1)),
        Some(c) if chars.next() == Some('\'') => Ok(from + c.len_utf8() + 1),
        Some(c) if c == '_' || c.is_alphabetic() => {
            Ok(word_end(source, from).unwrap_or(from + c.len_utf8()))
        }
        _ => Err(unterminated()),
    }
}

/// The end of the identifier, keyword or number at `start`, if one starts there.
fn word_end(source: &str, start: usize) -> Option<usize> {
    let first = source[start..].chars().next()?;
    if !(first == '_' || first.is_alphanumeric()) {
        return None;
    }
    let len = source[start..]
        .char_indices()
        .find(|&(_, c)| !(c == '_' || c.is_alphanumeric()))
        .map_or(source.len() - start, |(i, _)| i);
    Some(start + len)
}

/// The word `source[start..end]`, or the literal it prefixes: `b"..."`, `c"..."`, `b'x'`,
/// `r"..."`, `r#"..."#`, `br"..."`, `cr#"..."#` (and `r#ident`, a raw identifier).
fn prefixed_literal(source: &str, start: usize, end: usize) -> Result<usize, LexProblem> {
    let bytes = source.as_bytes();
    match (&source[start..end], bytes.get(end)) {
        ("b" | "c", Some(b'"')) => {
            quoted_end(bytes, end + 1).ok_or_else(|| unterminated_string(start..end + 1))
        }
        ("b", Some(b'\'')) => char_or_lifetime_end(source, start, end + 1),
        ("r" | "br" | "cr", Some(b'"' | b'#')) => raw_string_end(source, start, end),
        _ => Ok(end),
    }
}

/// A raw string from its prefix at `start` (hashes and quote from `after_prefix`), or a raw
/// identifier `r#name`.
fn raw_string_end(source: &str, start: usize, after_prefix: usize) -> Result<usize, LexProblem> {
    let bytes = source.as_bytes();
    let hashes = bytes[after_prefix..]
        .iter()
        .take_while(|&&b| b == b'#')
        .count();
    let quote = after_prefix + hashes;
    if bytes.get(quote) != Some(&b'"') {
        // `r#name`; anything else after the hashes proc-macro2 reports itself.
        return Ok(word_end(source, quote).unwrap_or(quote));
    }
    let terminator = format!("\"{}", "#".repeat(hashes));
    match source[quote + 1..].find(&terminator) {
        Some(at) => Ok(quote + 1 + at + terminator.len()),
        None => Err(LexProblem::new("unterminated raw string", start..quote + 1)
            .help(format!("end it with `{terminator}`"))),
    }
}

/// What stands at `stop`, where proc-macro2 gave up though every literal and delimiter before
/// it ends: a literal Rust cannot read, or a character no token starts with.
fn at_stop(source: &str, stop: usize) -> LexProblem {
    let Some(c) = source.get(stop..).and_then(|rest| rest.chars().next()) else {
        return LexProblem::new("this file ends in the middle of a token", stop..stop);
    };
    let quoted_end = match c {
        '"' => quoted_end(source.as_bytes(), stop + 1),
        '\'' => char_or_lifetime_end(source, stop, stop + 1).ok(),
        _ => word_end(source, stop)
            .filter(|&end| matches!(source.as_bytes().get(end), Some(b'"' | b'\'' | b'#')))
            .and_then(|end| prefixed_literal(source, stop, end).ok()),
    };
    if let Some(end) = quoted_end {
        if let Some(escape) = unknown_escape(&source[stop..end]) {
            let at = stop + escape;
            let shown: String = source[at..].chars().take(2).collect();
            return LexProblem::new(
                format!("unknown character escape `{shown}`"),
                at..at + shown.len(),
            )
            .help("Rust's escapes are \\n \\r \\t \\\\ \\0 \\' \\\" \\x7F and \\u{7FFF}; write a backslash `\\\\`, or use a raw string r\"...\"");
        }
        return LexProblem::new("this literal is not valid Rust", stop..end);
    }
    if let Some(end) = word_end(source, stop) {
        let what = if c.is_ascii_digit() { "number" } else { "word" };
        return LexProblem::new(
            format!("this {what} is not a token Rust can read"),
            stop..end,
        );
    }
    let shown = if c.is_control() || c.is_whitespace() {
        format!("{:?}", c).trim_matches('\'').to_owned()
    } else {
        c.to_string()
    };
    let problem = LexProblem::new(
        format!(
            "unknown start of token: `{shown}` (U+{:04X}) is no character Rust allows here",
            u32::from(c)
        ),
        stop..stop + c.len_utf8(),
    );
    match c {
        '\u{201c}' | '\u{201d}' => problem.help("this is a typographic quote; Rust's is `\"`"),
        '\u{2018}' | '\u{2019}' => problem.help("this is a typographic quote; Rust's is `'`"),
        _ => problem,
    }
}

/// The offset in `literal` (a quoted literal with its prefix) of a backslash escape Rust does
/// not have.
fn unknown_escape(literal: &str) -> Option<usize> {
    let quote = literal.find(['"', '\''])?;
    if literal[..quote].contains('r') {
        return None;
    }
    let bytes = literal.as_bytes();
    let mut i = quote + 1;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' {
            let known = matches!(
                bytes[i + 1],
                b'n' | b'r' | b't' | b'\\' | b'0' | b'\'' | b'"' | b'x' | b'u' | b'\n' | b'\r'
            );
            if !known {
                return Some(i);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    None
}

/// `line:column` of byte `at`, 1-based as rustc shows them (columns in characters).
pub fn line_column(source: &str, at: usize) -> String {
    let before = &source[..at.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |n| n + 1)..]
        .chars()
        .count()
        + 1;
    format!("{line}:{column}")
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    /// What `source` gets, where proc-macro2 stops lexing it.
    fn problem(source: &str) -> LexProblem {
        let err = proc_macro2::TokenStream::from_str(source).unwrap_err();
        explain(source, err.span().byte_range().start)
    }

    /// The message and the text pointed at.
    fn said(source: &str) -> (String, &str) {
        let problem = problem(source);
        (problem.message, &source[problem.at])
    }

    #[test]
    fn unterminated_literals_and_comments_are_named_at_their_start() {
        let cases = [
            ("fn f() { \"abc }", "unterminated double quote string", "\""),
            ("let s = b\"abc", "unterminated double quote string", "b\""),
            ("let s = r##\"a\"# b", "unterminated raw string", "r##\""),
            ("let s = cr#\"a", "unterminated raw string", "cr#\""),
            ("let c = '  ;", "unterminated character literal", "'"),
            ("let c = '\\n;\n", "unterminated character literal", "'"),
            ("let c = '';", "empty character literal", "''"),
            // proc-macro2 goes on into the comment and stops at the quote.
            ("fn f() { /* x } \"", "unterminated block comment", "/*"),
            ("/* a /* b */ c \"", "unterminated block comment", "/*"),
        ];
        for (source, message, at) in cases {
            assert_eq!(said(source), (message.to_owned(), at), "{source}");
        }
        assert_eq!(problem("r#\"x").help.as_deref(), Some("end it with `\"#`"));
    }

    #[test]
    fn delimiters_closed_wrongly_or_never() {
        assert_eq!(
            said("fn f() {\n    let x = (1 + 2];\n}"),
            (
                "mismatched closing delimiter `]`: the `(` at 2:13 is still open".to_owned(),
                "]"
            )
        );
        assert_eq!(
            said("fn f() {}\n}"),
            (
                "unexpected closing delimiter `}`: nothing is open here".to_owned(),
                "}"
            )
        );
        assert_eq!(
            said("mod a {\n    fn f() {\n}"),
            ("the `{` opened here is never closed".to_owned(), "{")
        );
        let problem = problem("mod a {\n    fn f() {\n}");
        assert_eq!(problem.at.start, 6);
    }

    #[test]
    fn escapes_and_characters_rust_does_not_have() {
        assert_eq!(
            said("let s = \"a\\qb\";"),
            ("unknown character escape `\\q`".to_owned(), "\\q")
        );
        assert_eq!(
            said("let c = '\\q';"),
            ("unknown character escape `\\q`".to_owned(), "\\q")
        );
        assert_eq!(
            said("let x = 1 € 2;"),
            (
                "unknown start of token: `€` (U+20AC) is no character Rust allows here".to_owned(),
                "€"
            )
        );
        assert_eq!(
            said("let x = \u{1};"),
            (
                "unknown start of token: `\\u{1}` (U+0001) is no character Rust allows here"
                    .to_owned(),
                "\u{1}"
            )
        );
        let quote = problem("let s = \u{201c}x\u{201d};");
        assert_eq!(
            quote.help.as_deref(),
            Some("this is a typographic quote; Rust's is `\"`")
        );
    }

    #[test]
    fn valid_text_before_the_mistake_is_read_as_rustc_reads_it() {
        for source in [
            "let s = \"/* no comment \\\" nor quote\"; €",
            "let c = '\"'; let d = '\\''; let e = b'\\\\'; €",
            "let s = r#\"a \"quoted\" b\"#; let t = br\"\\q\"; €",
            "fn f<'a>(x: &'a str) -> &'a str { 'outer: loop {} x } €",
            "/* a /* b */ c */ // \" '\n €",
            "let r#match = 1; let n = 1_000u32 + 0x1F; €",
            "let s = \"line\\\n continued\"; €",
        ] {
            assert_eq!(said(source).1, "€", "{source}");
        }
    }

    #[test]
    fn lines_and_columns_count_characters_from_one() {
        assert_eq!(line_column("ab\néé(x", 7), "2:3");
        assert_eq!(line_column("(", 0), "1:1");
    }
}

//! The strings IAM matches with wildcards and policy variables: actions, resources, condition
//! values. Compiled once per policy, matched per request without allocating.
//!
//! In a pattern `*` is any run of characters and `?` exactly one; `${key}` is the value of a
//! request context key (`${key, 'default'}` with a default) and `${*}`, `${?}`, `${$}` are a
//! literal `*`, `?` and `$` ([policy variables]). A pattern naming a key the request does not
//! have (and no default), or a multi-valued key, matches nothing.
//!
//! [policy variables]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

use crate::context::Context;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    Text(Box<str>),
    /// `*`: any run of characters.
    Any,
    /// `?`: one character.
    One,
    Variable {
        /// The key, in ASCII lowercase: context keys ignore case.
        key: Box<str>,
        default: Option<Box<str>>,
    },
}

/// A compiled pattern. `Pattern::literal` keeps `*` and `?` as text, for the operators that do
/// not take wildcards (`StringEquals`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern {
    pieces: Vec<Piece>,
    has_variables: bool,
}

/// Whether wildcards and variables are read in a pattern's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Syntax {
    pub wildcards: bool,
    pub variables: bool,
}

impl Syntax {
    /// This syntax in a document of `Version` `2012-10-17` (`variables`), or of an earlier one,
    /// where "variables like `${aws:username}` are treated as literal strings"
    /// ([policy variables](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html)).
    pub fn in_version(self, variables: bool) -> Syntax {
        Syntax {
            wildcards: self.wildcards,
            variables: self.variables && variables,
        }
    }

    pub const GLOB: Syntax = Syntax {
        wildcards: true,
        variables: false,
    };
    pub const GLOB_AND_VARIABLES: Syntax = Syntax {
        wildcards: true,
        variables: true,
    };
    pub const VARIABLES: Syntax = Syntax {
        wildcards: false,
        variables: true,
    };
}

impl Pattern {
    pub fn new(text: &str, syntax: Syntax) -> Pattern {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        let flush = |literal: &mut String, pieces: &mut Vec<Piece>| {
            if !literal.is_empty() {
                pieces.push(Piece::Text(std::mem::take(literal).into_boxed_str()));
            }
        };
        while let Some(c) = rest.chars().next() {
            let variable_end = (syntax.variables && rest.starts_with("${"))
                .then(|| rest[2..].find('}'))
                .flatten();
            if let Some(end) = variable_end {
                let inner = &rest[2..2 + end];
                rest = &rest[3 + end..];
                match inner {
                    "*" | "?" | "$" => literal.push_str(inner),
                    _ => {
                        flush(&mut literal, &mut pieces);
                        pieces.push(variable(inner));
                    }
                }
                continue;
            }
            rest = &rest[c.len_utf8()..];
            match c {
                '*' if syntax.wildcards => {
                    flush(&mut literal, &mut pieces);
                    // `**` means what `*` does; one piece keeps the matcher linear.
                    if pieces.last() != Some(&Piece::Any) {
                        pieces.push(Piece::Any);
                    }
                }
                '?' if syntax.wildcards => {
                    flush(&mut literal, &mut pieces);
                    pieces.push(Piece::One);
                }
                _ => literal.push(c),
            }
        }
        flush(&mut literal, &mut pieces);
        let has_variables = pieces.iter().any(|p| matches!(p, Piece::Variable { .. }));
        Pattern {
            pieces,
            has_variables,
        }
    }

    /// Whether `text` matches. `ignore_case` compares letters as IAM does for action names.
    pub fn matches(&self, text: &str, context: &Context, ignore_case: bool) -> bool {
        self.try_match(text, context, ignore_case).unwrap_or(false)
    }

    /// As [`Pattern::matches`], `None` where a variable has no value: the callers that must
    /// tell "does not match" from "cannot be read" (a negated condition operator) need both.
    pub fn try_match(&self, text: &str, context: &Context, ignore_case: bool) -> Option<bool> {
        // The shapes most fields and actions have, decided without the general matcher.
        let eq = |a: &str, b: &str| match ignore_case {
            true => {
                a.eq_ignore_ascii_case(b)
                    || (!a.is_ascii() && starts_with(a, b, true) == Some(a.len()))
            }
            false => a == b,
        };
        match self.pieces.as_slice() {
            [] => return Some(text.is_empty()),
            [Piece::Any] => return Some(true),
            [Piece::Text(literal)] => return Some(eq(text, literal)),
            [Piece::Text(literal), Piece::Any] => {
                return Some(starts_with(text, literal, ignore_case).is_some());
            }
            _ => {}
        }
        if self.has_variables && !self.resolvable(context) {
            return None;
        }
        Some(glob(&self.pieces, text, context, ignore_case))
    }

    /// The pieces, for the diff's automata, which read a pattern as the language it matches.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The text of a pattern without wildcards nor variables.
    pub fn as_text(&self) -> Option<&str> {
        match self.pieces.as_slice() {
            [Piece::Text(text)] => Some(text),
            [] => Some(""),
            _ => None,
        }
    }

    /// The pattern's text with its variables replaced, where every one has a value: what a
    /// reason shows and what `Bool` compares.
    pub fn resolve(&self, context: &Context) -> Option<String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Any => out.push('*'),
                Piece::One => out.push('?'),
                Piece::Variable { key, default } => out.push_str(value_of(key, default, context)?),
            }
        }
        Some(out)
    }

    fn resolvable(&self, context: &Context) -> bool {
        self.pieces.iter().all(|p| match p {
            Piece::Variable { key, default } => value_of(key, default, context).is_some(),
            _ => true,
        })
    }
}

fn variable(inner: &str) -> Piece {
    // `${aws:username, 'someone'}`: IAM writes the default after a comma, in single quotes.
    let (key, default) = match inner.split_once(',') {
        Some((key, rest)) => {
            let rest = rest.trim();
            match rest.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
                Some(default) => (key, Some(default.into())),
                None => (key, None),
            }
        }
        None => (inner, None),
    };
    Piece::Variable {
        key: key.trim().to_ascii_lowercase().into(),
        default,
    }
}

fn value_of<'c>(
    key: &str,
    default: &'c Option<Box<str>>,
    context: &Context<'c>,
) -> Option<&'c str> {
    match context.single(key) {
        Some(value) => Some(value),
        // A multi-valued key cannot stand in a string: the default does not save it either.
        None if context.is_multi(key) => None,
        None => default.as_deref(),
    }
}

/// Wildcard matching with one backtrack point: the last `*` seen. Linear in practice, and
/// correct because a later `*` can absorb whatever an earlier one would have.
fn glob(pieces: &[Piece], text: &str, context: &Context, ignore_case: bool) -> bool {
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p == pieces.len() && t == text.len() {
            return true;
        }
        let step = match pieces.get(p) {
            Some(Piece::Any) => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some(Piece::One) => text[t..].chars().next().map(char::len_utf8),
            Some(Piece::Text(literal)) => starts_with(&text[t..], literal, ignore_case),
            Some(Piece::Variable { key, default }) => {
                let value = value_of(key, default, context).unwrap_or_default();
                starts_with(&text[t..], value, ignore_case)
            }
            None => None,
        };
        match step {
            Some(len) => {
                p += 1;
                t += len;
            }
            None => match star {
                Some((star_p, star_t)) => match text[star_t..].chars().next() {
                    Some(c) => {
                        let next = star_t + c.len_utf8();
                        star = Some((star_p, next));
                        p = star_p + 1;
                        t = next;
                    }
                    None => return false,
                },
                None => return false,
            },
        }
    }
}

/// The length of `text` that `prefix` matches at its start, if it does.
fn starts_with(text: &str, prefix: &str, ignore_case: bool) -> Option<usize> {
    if !ignore_case {
        return text.starts_with(prefix).then_some(prefix.len());
    }
    if prefix.is_ascii() {
        let head = text.as_bytes().get(..prefix.len())?;
        return head
            .eq_ignore_ascii_case(prefix.as_bytes())
            .then_some(prefix.len());
    }
    let mut taken = 0;
    let mut chars = text.chars();
    for p in prefix.chars() {
        let c = chars.next()?;
        if !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
        taken += c.len_utf8();
    }
    Some(taken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContextValue;
    use std::collections::BTreeMap;

    fn ctx(pairs: &[(&str, &str)]) -> BTreeMap<String, ContextValue> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), ContextValue::One(v.to_string())))
            .collect()
    }

    #[test]
    fn wildcards() {
        let empty = ctx(&[]);
        let empty = Context::new(&empty);
        let m = |p: &str, t: &str| Pattern::new(p, Syntax::GLOB).matches(t, &empty, false);
        assert!(m("*", ""));
        assert!(m("a*c", "abbbc"));
        assert!(m("a*b*c", "axxbyyc"));
        assert!(!m("a*b*c", "axxbyy"));
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(m("*abc", "ababc"));
        assert!(m("a*", "a"));
        assert!(m("?", "é"));
        assert!(!m("abc", "ABC"));
        assert!(Pattern::new("s3:get*", Syntax::GLOB).matches("S3:GetObject", &empty, true));
    }

    #[test]
    fn variables() {
        let c = ctx(&[("aws:username", "alice"), ("aws:PrincipalTag/Team", "a*b")]);
        let c = Context::new(&c);
        let m =
            |p: &str, t: &str| Pattern::new(p, Syntax::GLOB_AND_VARIABLES).matches(t, &c, false);
        assert!(m("home/${aws:username}/*", "home/alice/x"));
        assert!(!m("home/${aws:username}/*", "home/bob/x"));
        // A value's `*` is text, not a wildcard.
        assert!(m("${aws:principaltag/team}", "a*b"));
        assert!(!m("${aws:principaltag/team}", "axxb"));
        assert!(m("${*}${?}${$}", "*?$"));
        assert!(!m("${aws:userid}", ""));
        assert!(m("${aws:userid, 'none'}", "none"));
        assert!(!Pattern::new("a*", Syntax::VARIABLES).matches("ab", &c, false));
    }
}

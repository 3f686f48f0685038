//! Placeholders in strings: `{field}`, `{partition}`, `${aws:username}`, `{{`, `}}`. Turns a
//! string literal into a typed [`Template`], pointing at the exact characters of a mistake.

use super::ast::Str;
use crate::diag::{Code, Finding, Findings};
use crate::model::{Part, Pseudo, Template};

/// A placeholder as written, with where it stands in the literal's value.
#[derive(Debug, Clone)]
pub struct Placeholder {
    pub name: String,
    pub start: usize,
    pub end: usize,
}

/// What parsing a string gives: the template and the `{name}` placeholders that named fields
/// (their names are checked against the struct by the validator).
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub template: Template,
    pub fields: Vec<Placeholder>,
}

/// Policy variables whose key is not `namespace:name`: `${*}`, `${?}`, `${$}` stand for the
/// literal characters.
const SPECIAL_VARIABLES: &[&str] = &["*", "?", "$"];

/// A DSL string: `{field}`, `{partition}`, `{{`, `}}` and `${policy:variable}`.
pub fn parse(s: &Str, findings: &mut Findings) -> Parsed {
    parse_with(s, true, findings)
}

/// A string of a raw IAM document: only `${policy:variable}` is special, braces are text.
pub fn parse_iam(s: &Str, findings: &mut Findings) -> Parsed {
    parse_with(s, false, findings)
}

fn parse_with(s: &Str, placeholders: bool, findings: &mut Findings) -> Parsed {
    let text = s.value.as_str();
    let bytes = text.as_bytes();
    let mut parsed = Parsed::default();
    let mut literal = String::new();
    let mut i = 0;
    let flush = |literal: &mut String, template: &mut Template| {
        if !literal.is_empty() {
            template.push(Part::Text(std::mem::take(literal)));
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                let Some(close) = text[i + 2..].find('}').map(|c| i + 2 + c) else {
                    findings.push(Finding::error(
                        Code::MalformedPolicyVariable,
                        s.spot.part(i, text.len()),
                        format!("policy variable `{}` has no closing `}}`", &text[i..]),
                    ));
                    break;
                };
                let inner = &text[i + 2..close];
                if let Some(problem) = policy_variable_problem(inner) {
                    findings.push(Finding::error(
                        Code::MalformedPolicyVariable,
                        s.spot.part(i, close + 1),
                        format!("malformed policy variable `${{{inner}}}`: {problem}"),
                    ));
                }
                flush(&mut literal, &mut parsed.template);
                parsed.template.push(Part::Var(inner.to_owned()));
                i = close + 1;
            }
            b'{' | b'}' if !placeholders => {
                literal.push(bytes[i] as char);
                i += 1;
            }
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                literal.push('{');
                i += 2;
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') => {
                literal.push('}');
                i += 2;
            }
            b'{' => {
                let close = text[i + 1..].find(['}', '{']).map(|c| i + 1 + c);
                let Some(close) = close.filter(|&c| bytes[c] == b'}') else {
                    findings.push(unbalanced(
                        s,
                        i,
                        "`{` opens a placeholder that is never closed",
                    ));
                    literal.push('{');
                    i += 1;
                    continue;
                };
                let name = &text[i + 1..close];
                if !is_identifier(name) {
                    findings.push(Finding::error(
                        Code::UnbalancedBrace,
                        s.spot.part(i, close + 1),
                        format!("`{{{name}}}` is not a placeholder: a placeholder names a field, such as `{{bucket}}`"),
                    ).with_help("write `{{` and `}}` for literal braces"));
                    literal.push_str(&text[i..close + 1]);
                    i = close + 1;
                    continue;
                }
                flush(&mut literal, &mut parsed.template);
                match Pseudo::from_placeholder(name) {
                    Some(pseudo) => parsed.template.push(Part::Pseudo(pseudo)),
                    None => {
                        parsed.template.push(Part::Field(name.to_owned()));
                        parsed.fields.push(Placeholder {
                            name: name.to_owned(),
                            start: i,
                            end: close + 1,
                        });
                    }
                }
                i = close + 1;
            }
            b'}' => {
                findings.push(unbalanced(s, i, "`}` closes no placeholder"));
                literal.push('}');
                i += 1;
            }
            _ => {
                let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
                literal.push_str(&text[i..i + ch_len]);
                i += ch_len;
            }
        }
    }
    flush(&mut literal, &mut parsed.template);
    parsed
}

/// A Rust identifier: what a field placeholder must be.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn unbalanced(s: &Str, at: usize, message: &str) -> Finding {
    Finding::error(
        Code::UnbalancedBrace,
        s.spot.part(at, at + 1),
        format!("{message} in \"{}\"", s.value),
    )
    .with_help("write `{{` or `}}` for a literal brace")
}

/// Why `${inner}` is not a policy variable IAM reads, if it is not. IAM accepts `${key}`,
/// `${key, 'default'}` and the three special characters.
fn policy_variable_problem(inner: &str) -> Option<String> {
    if SPECIAL_VARIABLES.contains(&inner) {
        return None;
    }
    let key = match inner.split_once(',') {
        Some((key, default)) => {
            let default = default.trim();
            if !(default.len() >= 2 && default.starts_with('\'') && default.ends_with('\'')) {
                return Some("a default value is written `${key, 'default'}`".to_owned());
            }
            key.trim()
        }
        None => inner,
    };
    if key.is_empty() {
        return Some("it names no key".to_owned());
    }
    let Some((namespace, name)) = key.split_once(':') else {
        return Some("a policy variable names a condition key such as `aws:username`".to_owned());
    };
    // A tag key may hold `:` and the other tag characters: `${aws:PrincipalTag/eks:cluster}`.
    let valid_namespace = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let valid_name = |c: char| c.is_alphanumeric() || " -_./:=+@".contains(c);
    if namespace.is_empty()
        || name.is_empty()
        || !namespace.chars().all(valid_namespace)
        || !name.chars().all(valid_name)
    {
        return Some("a policy variable names a condition key such as `aws:username`".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Spot;

    fn run(text: &str) -> (Parsed, Findings) {
        let mut findings = Findings::default();
        let s = Str {
            value: text.to_owned(),
            spot: Spot::new(proc_macro2::Span::call_site()),
        };
        (parse(&s, &mut findings), findings)
    }

    #[test]
    fn parts_are_typed() {
        let (parsed, findings) = run("arn:{partition}:s3:::{bucket}/${aws:username}/{{x}}");
        assert!(findings.0.is_empty());
        assert_eq!(
            parsed.template.0,
            vec![
                Part::Text("arn:".into()),
                Part::Pseudo(Pseudo::Partition),
                Part::Text(":s3:::".into()),
                Part::Field("bucket".into()),
                Part::Text("/".into()),
                Part::Var("aws:username".into()),
                Part::Text("/{x}".into()),
            ]
        );
        assert_eq!(parsed.fields.len(), 1);
    }

    #[test]
    fn mistakes_point_at_the_exact_characters() {
        let (_, findings) = run("arn:aws:s3:::b/${aws:username");
        assert_eq!(findings.0[0].code, Code::MalformedPolicyVariable);
        assert_eq!(findings.0[0].spot.within, Some((15, 29)));
        let (_, findings) = run("a}b");
        assert_eq!(findings.0[0].code, Code::UnbalancedBrace);
        assert_eq!(findings.0[0].spot.within, Some((1, 2)));
        let (_, findings) = run("{bucket");
        assert_eq!(findings.0[0].code, Code::UnbalancedBrace);
    }

    #[test]
    fn policy_variables_with_defaults_and_specials() {
        for ok in [
            "${aws:username}",
            "${aws:PrincipalTag/team, 'none'}",
            "${*}",
            "${s3:prefix}",
        ] {
            assert!(run(ok).1.0.is_empty(), "{ok}");
        }
        for bad in ["${username}", "${}", "${aws:}", "${aws:x, none}"] {
            assert_eq!(run(bad).1.0.len(), 1, "{bad}");
        }
    }
}

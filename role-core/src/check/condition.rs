//! The rules of `when(...)`: operators IAM has, qualifiers where they fit, and values each
//! operator can read. Conditions are grouped into IAM's `{operator: {key: values}}` shape here.

use std::net::IpAddr;

use super::placeholder::Placeholders;
use crate::diag::{Code, Finding, Findings, did_you_mean, nearest};
use crate::model::{ConditionBlock, ConditionEntry, Template};
use crate::syntax::ast::{Cond, CondValue, Str};

/// The operator families; each reads its values in its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

/// Every base operator IAM has, with its family.
pub const OPERATORS: &[(&str, Family)] = &[
    ("StringEquals", Family::String),
    ("StringNotEquals", Family::String),
    ("StringEqualsIgnoreCase", Family::String),
    ("StringNotEqualsIgnoreCase", Family::String),
    ("StringLike", Family::String),
    ("StringNotLike", Family::String),
    ("NumericEquals", Family::Numeric),
    ("NumericNotEquals", Family::Numeric),
    ("NumericLessThan", Family::Numeric),
    ("NumericLessThanEquals", Family::Numeric),
    ("NumericGreaterThan", Family::Numeric),
    ("NumericGreaterThanEquals", Family::Numeric),
    ("DateEquals", Family::Date),
    ("DateNotEquals", Family::Date),
    ("DateLessThan", Family::Date),
    ("DateLessThanEquals", Family::Date),
    ("DateGreaterThan", Family::Date),
    ("DateGreaterThanEquals", Family::Date),
    ("Bool", Family::Bool),
    ("BinaryEquals", Family::Binary),
    ("IpAddress", Family::Ip),
    ("NotIpAddress", Family::Ip),
    ("ArnEquals", Family::Arn),
    ("ArnLike", Family::Arn),
    ("ArnNotEquals", Family::Arn),
    ("ArnNotLike", Family::Arn),
    ("Null", Family::Null),
];

const SET_QUALIFIERS: &[&str] = &["ForAnyValue", "ForAllValues"];

/// The family of `operator` (with or without `IfExists`), if IAM has it.
pub fn family(operator: &str) -> Option<Family> {
    let base = operator.strip_suffix("IfExists").unwrap_or(operator);
    OPERATORS
        .iter()
        .find(|(name, _)| *name == base)
        .map(|(_, f)| *f)
}

/// Every operator name a user may write, for suggestions.
fn all_operator_names() -> Vec<String> {
    OPERATORS
        .iter()
        .flat_map(|(name, family)| {
            let if_exists = (*family != Family::Null).then(|| format!("{name}IfExists"));
            std::iter::once(name.to_string()).chain(if_exists)
        })
        .collect()
}

/// The `Condition` blocks of `conds`, in the order first written.
pub fn blocks(
    conds: &[Cond],
    placeholders: &mut Placeholders,
    findings: &mut Findings,
) -> Vec<ConditionBlock> {
    let mut blocks: Vec<ConditionBlock> = Vec::new();
    for cond in conds {
        let Some(operator) = operator(cond, findings) else {
            continue;
        };
        let Some(key) = &cond.key else { continue };
        let key_template = placeholders.template(key, findings);
        let family = family(&cond.operator);
        let values: Vec<Template> = cond
            .values
            .iter()
            .map(|v| {
                if let Some(family) = family {
                    check_value(family, &cond.operator, v, findings);
                }
                value_template(v, placeholders, findings)
            })
            .collect();
        add(&mut blocks, &operator, key, key_template, values, findings);
    }
    blocks
}

/// Adds `key: values` under `operator`; one key twice under one operator is a finding, since
/// IAM's JSON keeps only one of them.
pub fn add(
    blocks: &mut Vec<ConditionBlock>,
    operator: &str,
    key: &Str,
    key_template: Template,
    values: Vec<Template>,
    findings: &mut Findings,
) {
    let entry = ConditionEntry {
        key: key_template,
        values,
    };
    match blocks.iter_mut().find(|b| b.operator == operator) {
        Some(block) => {
            if block.entries.iter().any(|e| e.key.same_name(&entry.key)) {
                findings.push(
                    Finding::error(
                        Code::DuplicateConditionKey,
                        key.spot,
                        format!("`{}` appears twice under `{operator}` (IAM compares keys ignoring case): IAM would keep only one", key.value),
                    )
                    .with_help("list every value in one condition: values of one key are ORed"),
                );
                return;
            }
            block.entries.push(entry);
        }
        None => blocks.push(ConditionBlock {
            operator: operator.to_owned(),
            entries: vec![entry],
        }),
    }
}

/// The operator as IAM spells it (`ForAnyValue:StringLike`), if it is one.
fn operator(cond: &Cond, findings: &mut Findings) -> Option<String> {
    let Some(family) = family(&cond.operator) else {
        let names = all_operator_names();
        let hint = did_you_mean(nearest(&cond.operator, names.iter().map(String::as_str)));
        findings.error(
            Code::UnknownOperator,
            cond.operator_spot,
            format!("unknown condition operator `{}`{hint}", cond.operator),
        );
        return None;
    };
    if family == Family::Null && cond.operator.ends_with("IfExists") {
        findings.push(
            Finding::error(
                Code::NullIfExists,
                cond.operator_spot,
                "`Null` has no `IfExists` form",
            )
            .with_help("`Null` already tests whether the key exists: write `Null`"),
        );
        return None;
    }
    match &cond.set {
        None => Some(cond.operator.clone()),
        Some((set, spot)) => {
            if !SET_QUALIFIERS.contains(&set.as_str()) {
                let hint = did_you_mean(nearest(set, SET_QUALIFIERS.iter().copied()));
                findings.error(
                    Code::UnknownOperator,
                    *spot,
                    format!("unknown set operator `{set}`{hint}"),
                );
                return None;
            }
            if family == Family::Null {
                findings.error(
                    Code::SetOperatorOnNull,
                    *spot,
                    format!("`{set}` cannot qualify `Null`"),
                );
                return None;
            }
            Some(format!("{set}:{}", cond.operator))
        }
    }
}

fn value_template(
    value: &CondValue,
    placeholders: &mut Placeholders,
    findings: &mut Findings,
) -> Template {
    if value.is_str {
        placeholders.element(
            &Str {
                value: value.text.clone(),
                spot: value.spot,
            },
            findings,
        )
    } else {
        Template::literal(value.text.clone())
    }
}

/// A value the operator cannot read. Values with placeholders are known only at deploy time.
fn check_value(family: Family, operator: &str, value: &CondValue, findings: &mut Findings) {
    if value.is_str && value.text.contains('{') {
        return;
    }
    let text = value.text.as_str();
    let expected = match family {
        Family::String | Family::Arn => return,
        Family::Numeric if is_number(text) => return,
        Family::Numeric => "a number",
        Family::Date if is_date(text) => return,
        Family::Date => "an ISO 8601 date (`2026-01-31`, `2026-01-31T12:00:00Z`) or epoch seconds",
        Family::Bool | Family::Null
            if text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false") =>
        {
            return;
        }
        Family::Bool | Family::Null => "`true` or `false`",
        Family::Binary if is_base64(text) => return,
        Family::Binary => "base64 text",
        Family::Ip if is_ip_or_cidr(text) => return,
        Family::Ip => "an IPv4 or IPv6 address or CIDR block (`203.0.113.0/24`)",
    };
    findings.error(
        Code::InvalidConditionValue,
        value.spot,
        format!("`{operator}` cannot read `{text}`: expected {expected}"),
    );
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD`, optionally with `Thh:mm[:ss[.fff]]` and `Z` or `±hh:mm`; or epoch seconds.
pub fn is_date(text: &str) -> bool {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let (date, time) = text
        .split_once('T')
        .map_or((text, None), |(d, t)| (d, Some(t)));
    let date_ok = matches!(date.split('-').collect::<Vec<_>>().as_slice(),
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2
            && [y, m, d].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
            && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
            && (1..=31).contains(&d.parse::<u32>().unwrap_or(0)));
    let Some(time) = time else { return date_ok };
    let (clock, zone_ok) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, true)
    } else if let Some(at) = time.rfind(['+', '-']) {
        let zone = &time[at + 1..];
        (&time[..at], zone.len() == 5 && zone.as_bytes()[2] == b':')
    } else {
        (time, true)
    };
    let clock = clock.split_once('.').map_or(clock, |(c, frac)| {
        if frac.bytes().all(|b| b.is_ascii_digit()) {
            c
        } else {
            "x"
        }
    });
    let clock_ok = matches!(clock.split(':').collect::<Vec<_>>().as_slice(),
        parts @ ([_, _] | [_, _, _]) if parts.iter().all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit())));
    date_ok && zone_ok && clock_ok
}

fn is_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    !text.is_empty()
        && text.len().is_multiple_of(4)
        && text.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

fn is_ip_or_cidr(text: &str) -> bool {
    let (address, prefix) = text
        .split_once('/')
        .map_or((text, None), |(a, p)| (a, Some(p)));
    let Ok(ip) = address.parse::<IpAddr>() else {
        return false;
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    prefix.is_none_or(|p| p.parse::<u8>().is_ok_and(|p| p <= max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_shapes() {
        assert!(is_date("2026-01-31"));
        assert!(is_date("2026-01-31T12:00:00Z"));
        assert!(is_date("2026-01-31T12:00:00.123+02:00"));
        assert!(is_date("1767225600"));
        assert!(!is_date("yesterday"));
        assert!(!is_date("2026-13-01"));
        assert!(is_ip_or_cidr("203.0.113.0/24"));
        assert!(is_ip_or_cidr("2001:db8::/32"));
        assert!(is_ip_or_cidr("10.0.0.1"));
        assert!(!is_ip_or_cidr("10.0.0.0/33"));
        assert!(!is_ip_or_cidr("10.0.0"));
        assert!(is_base64("aGVsbG8="));
        assert!(!is_base64("hello!"));
        assert!(is_number("42") && is_number("-1.5") && !is_number("4x"));
    }

    #[test]
    fn operators() {
        assert_eq!(family("StringEqualsIfExists"), Some(Family::String));
        assert_eq!(family("StringEqual"), None);
        assert_eq!(family("NullIfExists"), Some(Family::Null));
    }
}

//! The `Condition` element: every operator of IAM's reference, its `...IfExists` form, `Null`,
//! and the `ForAnyValue:`/`ForAllValues:` set operators, decided against the request context.
//!
//! The rules, from [the condition operators] and [multivalued context keys] pages:
//! - a key missing from the request makes the condition false, except for the negated
//!   operators (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`, ...) and `...IfExists`, where
//!   it is true; `ForAllValues:` on a missing key is true, `ForAnyValue:` false;
//! - several values of one key are alternatives: a positive operator needs one to match, a
//!   negated one needs the request value to match none;
//! - a multi-valued key needs a set operator: a single-valued operator on it is false;
//! - a value that cannot be read (a number that is not one, a policy variable the request has no
//!   value for) matches nothing, under a negated operator too.
//!
//! [the condition operators]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
//! [multivalued context keys]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

use std::net::IpAddr;

use serde_json::Value;

use crate::ContextValue;
use crate::context::Context;
use crate::pattern::{Pattern, Syntax};
use crate::policy::{arn_fields, split_arn};

#[derive(Debug, Clone)]
pub(crate) struct Condition {
    /// As written: `ForAnyValue:StringLikeIfExists`.
    pub operator: String,
    /// As written: `aws:PrincipalTag/team`.
    pub key: String,
    pub key_lower: Box<str>,
    pub base: Base,
    pub set: Option<SetOperator>,
    if_exists: bool,
    pub values: Vec<Operand>,
    /// The operator in lowercase and the values as written, sorted: two conditions on one key
    /// with the same meaning by text, which the diff treats as one.
    pub meaning: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetOperator {
    ForAnyValue,
    ForAllValues,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
    /// Not an operator IAM knows: the condition never holds.
    Unknown,
}

/// One value of a condition, read as its operator reads it; `None` where it cannot be read.
#[derive(Debug, Clone)]
pub(crate) enum Operand {
    Text(Pattern),
    Number(Option<f64>),
    Date(Option<i128>),
    Raw(String),
    Network(Option<(IpAddr, u8)>),
    Arn(Option<Box<[Pattern; 5]>>),
}

impl Base {
    fn named(name: &str) -> Base {
        use Base::*;
        const ALL: [(&str, Base); 27] = [
            ("StringEquals", StringEquals),
            ("StringNotEquals", StringNotEquals),
            ("StringEqualsIgnoreCase", StringEqualsIgnoreCase),
            ("StringNotEqualsIgnoreCase", StringNotEqualsIgnoreCase),
            ("StringLike", StringLike),
            ("StringNotLike", StringNotLike),
            ("NumericEquals", NumericEquals),
            ("NumericNotEquals", NumericNotEquals),
            ("NumericLessThan", NumericLessThan),
            ("NumericLessThanEquals", NumericLessThanEquals),
            ("NumericGreaterThan", NumericGreaterThan),
            ("NumericGreaterThanEquals", NumericGreaterThanEquals),
            ("DateEquals", DateEquals),
            ("DateNotEquals", DateNotEquals),
            ("DateLessThan", DateLessThan),
            ("DateLessThanEquals", DateLessThanEquals),
            ("DateGreaterThan", DateGreaterThan),
            ("DateGreaterThanEquals", DateGreaterThanEquals),
            ("Bool", Bool),
            ("BinaryEquals", BinaryEquals),
            ("IpAddress", IpAddress),
            ("NotIpAddress", NotIpAddress),
            ("ArnEquals", ArnEquals),
            ("ArnLike", ArnLike),
            ("ArnNotEquals", ArnNotEquals),
            ("ArnNotLike", ArnNotLike),
            ("Null", Null),
        ];
        // Operator names ignore case in IAM as in iam-simulate.
        ALL.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or(Unknown, |(_, b)| *b)
    }

    /// The negated operators: true on a missing key, and true on a value only when it matches
    /// none of the condition's values.
    fn negated(self) -> bool {
        use Base::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }

    fn operand(self, text: &str, variables: bool) -> Operand {
        use Base::*;
        match self {
            StringEquals
            | StringNotEquals
            | StringEqualsIgnoreCase
            | StringNotEqualsIgnoreCase
            | Bool => Operand::Text(Pattern::new(text, Syntax::VARIABLES.in_version(variables))),
            StringLike | StringNotLike => Operand::Text(Pattern::new(
                text,
                Syntax::GLOB_AND_VARIABLES.in_version(variables),
            )),
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => Operand::Number(number(text)),
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => Operand::Date(date(text)),
            IpAddress | NotIpAddress => Operand::Network(network(text)),
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => {
                Operand::Arn(arn_pattern(text, variables))
            }
            BinaryEquals | Null | Unknown => Operand::Raw(text.to_string()),
        }
    }
}

impl Condition {
    /// Reads a statement's `Condition` block: `{operator: {key: value or values}}`.
    /// `variables`: whether the document's `Version` reads policy variables.
    pub fn read_block(value: &Value, variables: bool) -> Result<Vec<Condition>, String> {
        let Some(operators) = value.as_object() else {
            return Err("`Condition` is not an object".into());
        };
        let mut out = Vec::new();
        for (operator, keys) in operators {
            let Some(keys) = keys.as_object() else {
                return Err(format!("`Condition.{operator}` is not an object of keys"));
            };
            for (key, values) in keys {
                out.push(Condition::read(operator, key, values, variables)?);
            }
        }
        Ok(out)
    }

    fn read(
        operator: &str,
        key: &str,
        values: &Value,
        variables: bool,
    ) -> Result<Condition, String> {
        let (set, rest) = match operator.split_once(':') {
            Some((set, rest)) if set.eq_ignore_ascii_case("ForAnyValue") => {
                (Some(SetOperator::ForAnyValue), rest)
            }
            Some((set, rest)) if set.eq_ignore_ascii_case("ForAllValues") => {
                (Some(SetOperator::ForAllValues), rest)
            }
            _ => (None, operator),
        };
        let (base_name, if_exists) = match rest.len().checked_sub("IfExists".len()) {
            Some(at)
                if rest.is_char_boundary(at) && rest[at..].eq_ignore_ascii_case("IfExists") =>
            {
                (&rest[..at], true)
            }
            _ => (rest, false),
        };
        let base = Base::named(base_name);
        let texts = condition_values(values).ok_or_else(|| {
            format!(
                "`Condition.{operator}.{key}` is not a string, number, boolean or a list of them"
            )
        })?;
        let mut sorted = texts.clone();
        sorted.sort();
        let meaning = format!("{} {:?}", operator.to_ascii_lowercase(), sorted);
        Ok(Condition {
            meaning,
            operator: operator.to_string(),
            key: key.to_string(),
            key_lower: key.to_ascii_lowercase().into(),
            base,
            set,
            if_exists: if_exists && base != Base::Null,
            values: texts.iter().map(|t| base.operand(t, variables)).collect(),
        })
    }

    pub fn holds(&self, context: &Context) -> bool {
        let value = context.get(&self.key_lower);
        if self.base == Base::Null {
            let goal = if value.is_some() { "false" } else { "true" };
            return self
                .values
                .iter()
                .any(|v| matches!(v, Operand::Raw(t) if t.eq_ignore_ascii_case(goal)));
        }
        if self.base == Base::Unknown {
            return false;
        }
        let Some(value) = value else {
            return match self.set {
                _ if self.if_exists => true,
                Some(SetOperator::ForAllValues) => true,
                Some(SetOperator::ForAnyValue) => false,
                None => self.base.negated(),
            };
        };
        match (self.set, value) {
            (None, ContextValue::One(v)) => self.holds_for(v, context),
            (None, ContextValue::Many(_)) => false,
            (Some(set), value) => {
                let values: &[String] = match value {
                    ContextValue::One(v) => std::slice::from_ref(v),
                    ContextValue::Many(vs) => vs,
                };
                match set {
                    SetOperator::ForAnyValue => values.iter().any(|v| self.holds_for(v, context)),
                    SetOperator::ForAllValues => values.iter().all(|v| self.holds_for(v, context)),
                }
            }
        }
    }

    /// The operator on one request value: any condition value for a positive operator, none for
    /// a negated one; a value that cannot be read counts against it either way.
    fn holds_for(&self, request: &str, context: &Context) -> bool {
        if self.base.negated() {
            self.values
                .iter()
                .all(|v| self.compare(v, request, context) == Some(false))
        } else {
            self.values
                .iter()
                .any(|v| self.compare(v, request, context) == Some(true))
        }
    }

    /// Whether the request value matches one condition value under the positive form of the
    /// operator (`StringNotEquals` compares as `StringEquals`); `None` where either side cannot
    /// be read as the operator needs.
    fn compare(&self, operand: &Operand, request: &str, context: &Context) -> Option<bool> {
        use Base::*;
        match (self.base, operand) {
            (StringEquals | StringNotEquals | StringLike | StringNotLike, Operand::Text(p)) => {
                p.try_match(request, context, false)
            }
            (StringEqualsIgnoreCase | StringNotEqualsIgnoreCase, Operand::Text(p)) => {
                p.try_match(request, context, true)
            }
            (Bool, Operand::Text(p)) => {
                let policy = match p.as_text() {
                    Some(text) => std::borrow::Cow::Borrowed(text),
                    None => p.resolve(context)?.into(),
                };
                let readable =
                    |t: &str| t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false");
                (readable(&policy) && readable(request))
                    .then(|| policy.eq_ignore_ascii_case(request))
            }
            (BinaryEquals, Operand::Raw(t)) => Some(t == request),
            (_, Operand::Number(policy)) => {
                let (p, r) = ((*policy)?, number(request)?);
                Some(match self.base {
                    NumericEquals | NumericNotEquals => r == p,
                    NumericLessThan => r < p,
                    NumericLessThanEquals => r <= p,
                    NumericGreaterThan => r > p,
                    _ => r >= p,
                })
            }
            (_, Operand::Date(policy)) => {
                let (p, r) = ((*policy)?, date(request)?);
                Some(match self.base {
                    DateEquals | DateNotEquals => r == p,
                    DateLessThan => r < p,
                    DateLessThanEquals => r <= p,
                    DateGreaterThan => r > p,
                    _ => r >= p,
                })
            }
            (_, Operand::Network(network)) => {
                let (net, prefix) = (*network)?;
                let address: IpAddr = request.parse().ok()?;
                Some(in_network(address, net, prefix))
            }
            (_, Operand::Arn(fields)) => {
                let fields = fields.as_deref()?;
                let request_fields = split_arn(request)?;
                // Every field is read before any is compared: a variable without a value
                // fails the whole ARN, under a negated operator too.
                let mut all = true;
                for (field, text) in fields.iter().zip(request_fields) {
                    all &= field.try_match(text, context, false)?;
                }
                Some(all)
            }
            _ => None,
        }
    }
}

/// Condition values as text: IAM reads `true` and `3` as `"true"` and `"3"`.
fn condition_values(value: &Value) -> Option<Vec<String>> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match value {
        Value::Array(items) => items.iter().map(one).collect(),
        other => one(other).map(|v| vec![v]),
    }
}

fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    // Decimal notation only: IAM's numbers are integers and decimals, never `1e3` nor `inf`.
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    text.parse().ok()
}

/// A date as IAM reads one: epoch seconds, or the W3C profile of ISO 8601 (`2026-01-31`,
/// `2026-01-31T12:00Z`, `2026-01-31T12:00:00.123+02:00`). Milliseconds since the epoch.
pub(crate) fn date(text: &str) -> Option<i128> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i128>().ok().map(|s| s * 1000);
    }
    let (day, time) = match text.split_once('T') {
        Some((day, time)) => (day, Some(time)),
        None => (text, None),
    };
    let mut parts = day.split('-');
    let year: i64 = fixed(parts.next()?, 4)?;
    let month: i64 = parts.next().map_or(Some(1), |m| fixed(m, 2))?;
    let dom: i64 = parts.next().map_or(Some(1), |d| fixed(d, 2))?;
    if parts.next().is_some()
        || !(1..=12).contains(&month)
        || !(1..=days_in(year, month)).contains(&dom)
    {
        return None;
    }
    let mut millis = days_from_civil(year, month, dom) as i128 * 86_400_000;
    if let Some(time) = time {
        let (clock, offset) = split_offset(time)?;
        let mut fields = clock.split(':');
        let hour: i64 = fixed(fields.next()?, 2)?;
        let minute: i64 = fixed(fields.next()?, 2)?;
        let (second, fraction) = match fields.next() {
            Some(s) => match s.split_once('.') {
                Some((s, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
                    let ms: i64 = format!("{f:0<3}")[..3].parse().ok()?;
                    (fixed(s, 2)?, ms)
                }
                Some(_) => return None,
                None => (fixed(s, 2)?, 0),
            },
            None => (0, 0),
        };
        if fields.next().is_some() || hour > 24 || minute > 59 || second > 59 {
            return None;
        }
        millis +=
            (((hour * 60 + minute) * 60 + second) * 1000 + fraction - offset * 60_000) as i128;
    }
    Some(millis)
}

fn fixed(text: &str, width: usize) -> Option<i64> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

/// The clock part of a time and its offset from UTC in minutes; no offset means UTC.
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    match time.rfind(['+', '-']) {
        Some(at) => {
            let (clock, offset) = time.split_at(at);
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let (h, m) = offset[1..].split_once(':')?;
            Some((clock, sign * (fixed(h, 2)? * 60 + fixed(m, 2)?)))
        }
        None => Some((time, 0)),
    }
}

fn days_in(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An address or a CIDR block; an address alone is the block of that one address.
fn network(text: &str) -> Option<(IpAddr, u8)> {
    let (address, prefix) = match text.split_once('/') {
        Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
        None => (text.parse::<IpAddr>().ok()?, None),
    };
    let full = if address.is_ipv4() { 32 } else { 128 };
    let prefix = prefix.unwrap_or(full);
    (prefix <= full).then_some((address, prefix))
}

fn in_network(address: IpAddr, network: IpAddr, prefix: u8) -> bool {
    match (address, network) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

fn arn_pattern(text: &str, variables: bool) -> Option<Box<[Pattern; 5]>> {
    let fields = arn_fields(text);
    if fields.len() < 6 || fields[0] != "arn" {
        return None;
    }
    let syntax = Syntax::GLOB_AND_VARIABLES.in_version(variables);
    let field = |i: usize| Pattern::new(fields[i], syntax);
    Some(Box::new([field(1), field(2), field(3), field(4), field(5)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(date("0"), Some(0));
        assert_eq!(date("1700000000"), date("2023-11-14T22:13:20Z"));
        assert_eq!(
            date("2024-02-29"),
            Some(days_from_civil(2024, 2, 29) as i128 * 86_400_000)
        );
        assert_eq!(date("2023-02-29"), None);
        assert_eq!(
            date("2024-01-01T02:00:00+02:00"),
            date("2024-01-01T00:00:00Z")
        );
        assert_eq!(
            date("2024-01-01T00:00:00.5Z"),
            Some(date("2024-01-01").unwrap() + 500)
        );
        assert_eq!(date("yesterday"), None);
    }

    #[test]
    fn networks() {
        let (n, p) = network("10.0.0.0/8").unwrap();
        assert!(in_network("10.1.2.3".parse().unwrap(), n, p));
        assert!(!in_network("11.1.2.3".parse().unwrap(), n, p));
        let (n, p) = network("2001:db8::/32").unwrap();
        assert!(in_network("2001:db8::1".parse().unwrap(), n, p));
        assert!(!in_network("10.0.0.1".parse().unwrap(), n, p));
        let (n, p) = network("0.0.0.0/0").unwrap();
        assert!(in_network("1.2.3.4".parse().unwrap(), n, p));
        assert_eq!(network("10.0.0.0/33"), None);
    }
}

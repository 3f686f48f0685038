//! The values of one condition key that tell its conditions apart: for each combination of
//! "holds / does not hold" across every condition on the key (both sides), one value that
//! realizes it, or the admission that the combination may exist but was not realized.
//!
//! Exact where the operators' languages are: strings and ARNs through the automata of
//! [`super::glob`], numbers and dates as intervals (their constants and the points between),
//! addresses as CIDR blocks (their ends and the addresses just outside), `Bool` and `Null` by
//! their few values, `ForAnyValue:`/`ForAllValues:` by the sets of kinds of member. Where it is
//! not (a value holding a policy variable, an unknown operator, string and number operators
//! mixed on one key), every combination is kept as possible, so the diff never reads "no
//! change" from a guess.

use std::collections::BTreeMap;
use std::net::IpAddr;

use super::glob::{self, Glob};
use crate::ContextValue;
use crate::condition::{Base, Condition, Operand};
use crate::context::Context;

/// The cells of one key: each a vector over the key's conditions, and the value realizing it
/// (`None` in the outer option: not realized, kept because the key is not compared exactly).
pub(crate) struct KeyCells {
    pub cells: Vec<(Vec<bool>, Option<Option<ContextValue>>)>,
    /// Why the key is not compared exactly, when it is not.
    pub inexact: Option<String>,
    /// Too many conditions to keep every combination as possible: the search is not complete.
    pub truncated: bool,
}

/// How many conditions on one key are enumerated as free combinations at most.
const FREE_LIMIT: usize = 10;

/// How many kinds of member a multi-valued key's sets are made of at most (2^n sets).
const MEMBER_LIMIT: usize = 10;

pub(crate) fn key_cells(key: &str, conditions: &[&Condition]) -> KeyCells {
    let (mut candidates, mut inexact, texts) = candidates(conditions);
    let holds = |value: &Option<ContextValue>| -> Vec<bool> {
        let mut map = BTreeMap::new();
        if let Some(value) = value {
            map.insert(key.to_string(), value.clone());
        }
        let context = Context::new(&map);
        conditions.iter().map(|c| c.holds(&context)).collect()
    };
    if conditions.iter().any(|c| c.set.is_some()) {
        // `ForAnyValue:`/`ForAllValues:` read each member of a set on its own: a set's answer
        // depends only on which kinds of member it holds, a kind being what the conditions
        // say of a one-member set. Every set of kinds, one member of each, is every answer.
        let mut kinds: BTreeMap<Vec<bool>, String> = BTreeMap::new();
        for t in &texts {
            kinds
                .entry(holds(&Some(ContextValue::Many(vec![t.clone()]))))
                .or_insert_with(|| t.clone());
        }
        let members: Vec<String> = kinds.into_values().collect();
        if members.len() <= MEMBER_LIMIT {
            for bits in 0u32..(1 << members.len()) {
                let set: Vec<String> = (0..members.len())
                    .filter(|i| bits >> i & 1 == 1)
                    .map(|i| members[i].clone())
                    .collect();
                candidates.push(Some(ContextValue::Many(set)));
            }
        } else {
            inexact.get_or_insert_with(|| {
                format!("a set operator on `{key}` whose values fall in too many kinds")
            });
        }
    }
    let mut found: BTreeMap<Vec<bool>, Option<ContextValue>> = BTreeMap::new();
    for value in candidates {
        found.entry(holds(&value)).or_insert(value);
    }
    let mut cells: Vec<(Vec<bool>, Option<Option<ContextValue>>)> = found
        .into_iter()
        .map(|(v, value)| (v, Some(value)))
        .collect();
    // Free combinations are over distinct conditions: one written twice (values reordered,
    // operator in another case) is one question, and holds or fails on both sides at once.
    let mut meanings: Vec<&str> = conditions.iter().map(|c| c.meaning.as_str()).collect();
    meanings.sort_unstable();
    meanings.dedup();
    if inexact.is_some() && meanings.len() <= FREE_LIMIT {
        for bits in 0u32..(1 << meanings.len()) {
            let vector: Vec<bool> = conditions
                .iter()
                .map(|c| {
                    let atom = meanings.binary_search(&c.meaning.as_str()).unwrap_or(0);
                    bits >> atom & 1 == 1
                })
                .collect();
            if !cells.iter().any(|(v, _)| *v == vector) {
                cells.push((vector, None));
            }
        }
    }
    let truncated = inexact.is_some() && meanings.len() > FREE_LIMIT;
    KeyCells {
        cells,
        inexact,
        truncated,
    }
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Family {
    Text,
    Number,
    Date,
    Network,
}

/// The values to try on a key, why the key is not compared exactly (if so), and the strings
/// tried (of which a multi-valued key's sets are made).
fn candidates(
    conditions: &[&Condition],
) -> (Vec<Option<ContextValue>>, Option<String>, Vec<String>) {
    let mut inexact = None;
    let mut say = |why: String| {
        inexact.get_or_insert(why);
    };
    let mut globs: Vec<Option<Glob>> = Vec::new();
    let mut numbers = Vec::new();
    let mut dates = Vec::new();
    let mut networks = Vec::new();
    let mut families = Vec::new();
    let mut texts = vec!["true".to_string(), "false".to_string(), "x".to_string()];
    for condition in conditions {
        let describe = || format!("`{}` on `{}`", condition.operator, condition.key);
        if condition.base == Base::Unknown {
            say(format!("{}: an operator IAM does not know", describe()));
        }
        let fold = matches!(
            condition.base,
            Base::StringEqualsIgnoreCase | Base::StringNotEqualsIgnoreCase
        );
        for operand in &condition.values {
            let mut variables = Vec::new();
            match operand {
                Operand::Text(pattern) if condition.base != Base::Bool => {
                    families.push(Family::Text);
                    globs.push(Some(Glob::of(pattern, true, fold, &mut variables)));
                }
                Operand::Text(_) => families.push(Family::Text),
                Operand::Arn(fields) => {
                    families.push(Family::Text);
                    globs.push(fields.as_deref().map(|f| Glob::arn(f, &mut variables)));
                }
                Operand::Number(n) => {
                    families.push(Family::Number);
                    numbers.extend(*n);
                }
                Operand::Date(d) => {
                    families.push(Family::Date);
                    dates.extend(*d);
                }
                Operand::Network(n) => {
                    families.push(Family::Network);
                    networks.extend(*n);
                }
                Operand::Raw(text) => texts.push(text.clone()),
            }
            if !variables.is_empty() {
                say(format!(
                    "{}: its value holds the policy variable `${{{}}}`",
                    describe(),
                    variables[0]
                ));
            }
        }
    }
    families.sort_by_key(|f| *f as u8);
    families.dedup();
    if families.len() > 1 {
        say(format!(
            "`{}`: string, number, date or address operators mixed on one key",
            conditions.first().map_or("", |c| c.key.as_str())
        ));
    }
    let found = glob::cells(&globs, 20_000);
    if !found.complete {
        say("too many string patterns on one key".into());
    }
    // The first value of a cell is its witness: the operators' own points read best, then the
    // strings the automata found, then the fillers.
    let mut ordered = number_points(&numbers);
    ordered.extend(date_points(&dates));
    ordered.extend(network_points(&networks));
    ordered.extend(found.cells.into_iter().map(|(_, text)| text));
    ordered.append(&mut texts);
    let mut seen = std::collections::BTreeSet::new();
    let texts: Vec<String> = ordered
        .into_iter()
        .filter(|t| seen.insert(t.clone()))
        .collect();
    let mut values: Vec<Option<ContextValue>> = vec![None];
    values.extend(texts.iter().map(|t| Some(ContextValue::One(t.clone()))));
    // A multi-valued key makes every operator without a set prefix false, negated ones too:
    // a cell no single value may reach.
    values.push(Some(ContextValue::Many(vec!["x".into(), "y".into()])));
    (values, inexact, texts)
}

fn number_points(numbers: &[f64]) -> Vec<String> {
    let mut sorted: Vec<f64> = numbers.iter().copied().filter(|n| n.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    let mut points = Vec::new();
    for (i, n) in sorted.iter().enumerate() {
        points.push(*n);
        match sorted.get(i + 1) {
            Some(next) => points.push((n + next) / 2.0),
            None => points.push(n + 1.0),
        }
    }
    if let Some(first) = sorted.first() {
        points.push(first - 1.0);
    }
    points.into_iter().map(|p| p.to_string()).collect()
}

fn date_points(dates: &[i128]) -> Vec<String> {
    let mut points = Vec::new();
    for d in dates {
        points.extend([*d - 1, *d, *d + 1]);
    }
    points.into_iter().filter_map(iso_date).collect()
}

/// Milliseconds since the epoch as `2026-01-31T12:00:00.123Z` (Howard Hinnant's
/// `civil_from_days`).
fn iso_date(millis: i128) -> Option<String> {
    let millis = i64::try_from(millis).ok()?;
    let (days, rest) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    if !(0..=9999).contains(&year) {
        return None;
    }
    let (h, m, s, ms) = (
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000,
    );
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z"
    ))
}

fn network_points(networks: &[(IpAddr, u8)]) -> Vec<String> {
    let mut points = Vec::new();
    for (address, prefix) in networks {
        // Both families as numbers of `bits` bits: the block's first and last addresses and
        // their neighbours, where the operators' answers change.
        let (bits, value) = match address {
            IpAddr::V4(a) => (32, u128::from(u32::from(*a))),
            IpAddr::V6(a) => (128, u128::from(*a)),
        };
        let full = u128::MAX >> (128 - bits);
        let mask = full.checked_shl(bits - u32::from(*prefix)).unwrap_or(0) & full;
        let first = value & mask;
        let last = first | (!mask & full);
        let around = [
            first.checked_sub(1),
            Some(first),
            Some(last),
            (last < full).then(|| last + 1),
        ];
        points.extend(around.into_iter().flatten().map(|n| match bits {
            32 => std::net::Ipv4Addr::from(n as u32).to_string(),
            _ => std::net::Ipv6Addr::from(n).to_string(),
        }));
    }
    if !networks.is_empty() {
        points.extend(["192.0.2.1".to_string(), "2001:db8::1".to_string()]);
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let d = crate::condition::date("2024-02-29T12:34:56.789Z").unwrap();
        assert_eq!(iso_date(d).as_deref(), Some("2024-02-29T12:34:56.789Z"));
        assert_eq!(iso_date(0).as_deref(), Some("1970-01-01T00:00:00.000Z"));
    }
}

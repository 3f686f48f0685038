//! The search within one group of actions (every action of which has the same answer): the
//! resource cells and condition cells of its statements, every realizable combination decided
//! for both sides by IAM's rule for identity policies, a disagreement a finding whose witness
//! the evaluator decides again.

use std::collections::BTreeMap;

use serde_json::Value;

use super::compare::{Side, Stmt};
use super::glob::{self, Glob, stand_in};
use super::values::{KeyCells, key_cells};
use super::{
    Certainty, Change, Finding, ResourceFormat, StatementRef, WITNESS_ACCOUNT, WITNESS_PRINCIPAL,
};
use crate::condition::Condition;
use crate::policy::ResourcePattern;
use crate::{ContextValue, Outcome, Request, RequestResource};

/// How many states the resource automaton may grow to, and how many condition combinations
/// one group may have, before the search says it stopped short.
const STATE_LIMIT: usize = 50_000;
const COMBINATION_LIMIT: usize = 100_000;

/// The resource cells of a group: for each, which statements' resource elements match, and
/// the shortest resource that does so (among those of the actions' ARN formats, when known).
struct Resources {
    cells: BTreeMap<Vec<bool>, String>,
    variables: Vec<String>,
    complete: bool,
    globs: Vec<Option<Glob>>,
    /// Where the actions' formats are among `globs`: none when they are not known.
    formats: Vec<usize>,
}

/// The resource cells of a group for each set of formats its actions name (`None`: not
/// known): one automaton over the statements' patterns and every format of every set, each
/// set's cells those where one of its formats matches. Sets that a shortcut settles
/// ([`other_services`]) are left out of the automaton.
fn resources(stmts: &[&Stmt], sets: &[Option<&[ResourceFormat]>]) -> Vec<Resources> {
    let settled: Vec<Option<Resources>> = sets
        .iter()
        .map(|formats| formats.and_then(|f| other_services(stmts, f)))
        .collect();
    if settled.iter().all(Option::is_some) {
        return settled.into_iter().flatten().collect();
    }
    let mut globs: Vec<Option<Glob>> = Vec::new();
    let mut spans = Vec::new();
    let mut variables = Vec::new();
    for s in stmts {
        let start = globs.len();
        if let Some(element) = &s.statement.resources {
            for pattern in &element.items {
                globs.push(match pattern {
                    ResourcePattern::All => Some(Glob::everything()),
                    ResourcePattern::Arn(fields) => Some(Glob::arn(fields, &mut variables)),
                    ResourcePattern::Never => None,
                });
            }
        }
        spans.push(start..globs.len());
    }
    // Only requests naming a resource of the actions' types exist: a cell outside all their
    // formats is no request.
    let mut formats_at: Vec<Vec<usize>> = Vec::new();
    let mut known: BTreeMap<&ResourceFormat, usize> = BTreeMap::new();
    for (formats, done) in sets.iter().zip(&settled) {
        let mut at = Vec::new();
        if done.is_none() {
            for f in formats.unwrap_or_default() {
                at.push(*known.entry(f).or_insert_with(|| {
                    globs.push(Some(Glob::format(&f.arn, f.last_segment_only)));
                    globs.len() - 1
                }));
            }
        }
        formats_at.push(at);
    }
    let found = glob::cells(&globs, STATE_LIMIT);
    let matches = |vector: &[bool]| -> Vec<bool> {
        stmts
            .iter()
            .zip(&spans)
            .map(|(s, span)| match &s.statement.resources {
                None => true,
                Some(element) => vector[span.clone()].iter().any(|m| *m) != element.negated,
            })
            .collect()
    };
    let mut out = Vec::new();
    for (done, at) in settled.into_iter().zip(formats_at) {
        if let Some(done) = done {
            out.push(done);
            continue;
        }
        let mut cells: BTreeMap<Vec<bool>, String> = BTreeMap::new();
        for (vector, text) in &found.cells {
            if !at.is_empty() && !at.iter().any(|&g| vector[g]) {
                continue;
            }
            // The shortest resource of the cell (the automaton's cells are finer than a set's).
            let kept = cells.entry(matches(vector)).or_insert_with(|| text.clone());
            if (text.len(), text) < (kept.len(), &*kept) {
                kept.clone_from(text);
            }
        }
        out.push(Resources {
            cells,
            variables: variables.clone(),
            complete: found.complete,
            globs: globs.clone(),
            formats: at,
        });
    }
    out
}

/// The one cell of a group whose resource patterns are each `*` or of services other than
/// every format's (`arn:aws:s3:::b/*` beside EC2's formats, for `Action: "*"`), found without
/// an automaton: on every ARN of the formats, the `*`s match and the others do not. `None`
/// when some pattern may match some of the formats.
fn other_services(stmts: &[&Stmt], formats: &[ResourceFormat]) -> Option<Resources> {
    let first = formats.first()?;
    let service_of = |arn: &str| arn.split(':').nth(2).map(str::to_string);
    let services: Vec<String> = formats
        .iter()
        .map(|f| service_of(&f.arn).filter(|s| !s.contains(['$', '*', '?'])))
        .collect::<Option<_>>()?;
    let elsewhere = |pattern: &ResourcePattern| match pattern {
        ResourcePattern::All => false,
        ResourcePattern::Never => true,
        ResourcePattern::Arn(fields) => fields[1]
            .as_text()
            .is_some_and(|service| !services.iter().any(|s| s == service)),
    };
    let mut matches = Vec::new();
    for s in stmts {
        matches.push(match &s.statement.resources {
            None => true,
            Some(element) => {
                if !element
                    .items
                    .iter()
                    .all(|p| matches!(p, ResourcePattern::All) || elsewhere(p))
                {
                    return None;
                }
                element
                    .items
                    .iter()
                    .any(|p| matches!(p, ResourcePattern::All))
                    != element.negated
            }
        });
    }
    Some(Resources {
        cells: BTreeMap::from([(matches, example_arn(&first.arn))]),
        variables: Vec::new(),
        complete: true,
        globs: Vec::new(),
        formats: Vec::new(),
    })
}

/// An ARN of `format`, each `${Name}` its [`example_value`], each wildcard one letter.
fn example_arn(format: &str) -> String {
    let mut out = String::new();
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("${")
            && let Some(close) = after.find('}')
        {
            out.push_str(&example_value(&after[..close]));
            rest = &after[close + 1..];
            continue;
        }
        out.push(if c == '*' || c == '?' { 'x' } else { c });
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The condition keys of a group, each with its cells, and for each statement the conditions
/// it holds as (key, index among that key's conditions).
struct Conditions {
    keys: Vec<(String, KeyCells)>,
    of_statement: Vec<Vec<(usize, usize)>>,
}

fn conditions<'a>(stmts: &[&'a Stmt]) -> Conditions {
    let mut by_key: BTreeMap<&str, Vec<&'a Condition>> = BTreeMap::new();
    for s in stmts {
        for c in &s.statement.conditions {
            by_key.entry(&c.key_lower).or_default().push(c);
        }
    }
    let names: Vec<&str> = by_key.keys().copied().collect();
    let mut of_statement = vec![Vec::new(); stmts.len()];
    let mut seen = vec![0usize; names.len()];
    for (at, s) in stmts.iter().enumerate() {
        for c in &s.statement.conditions {
            let k = names.binary_search(&&*c.key_lower).unwrap_or(0);
            of_statement[at].push((k, seen[k]));
            seen[k] += 1;
        }
    }
    let keys = by_key
        .into_values()
        .map(|list| {
            let key = list[0].key.clone();
            let cells = key_cells(&key, &list);
            (key, cells)
        })
        .collect();
    Conditions { keys, of_statement }
}

/// The distinct "which statements' conditions hold" vectors, each with the key cells that give
/// it (realized ones preferred); `false` when there were too many combinations to try.
fn condition_cells(
    conditions: &Conditions,
    count: usize,
) -> (BTreeMap<Vec<bool>, Vec<usize>>, bool) {
    let sizes: Vec<usize> = conditions.keys.iter().map(|(_, k)| k.cells.len()).collect();
    let mut out: BTreeMap<Vec<bool>, Vec<usize>> = BTreeMap::new();
    let mut choice = vec![0usize; sizes.len()];
    let realized = |choice: &[usize]| {
        choice
            .iter()
            .zip(&conditions.keys)
            .all(|(c, (_, k))| k.cells[*c].1.is_some())
    };
    for _ in 0..COMBINATION_LIMIT {
        if sizes.contains(&0) {
            return (out, true);
        }
        let holds: Vec<bool> = (0..count)
            .map(|s| {
                conditions.of_statement[s]
                    .iter()
                    .all(|&(k, i)| conditions.keys[k].1.cells[choice[k]].0[i])
            })
            .collect();
        match out.get_mut(&holds) {
            Some(kept) if !realized(kept) && realized(&choice) => kept.clone_from(&choice),
            Some(_) => {}
            None => {
                out.insert(holds, choice.clone());
            }
        }
        // The next combination, as an odometer; done when it wraps.
        let mut at = 0;
        loop {
            if at == choice.len() {
                return (out, true);
            }
            choice[at] += 1;
            if choice[at] < sizes[at] {
                break;
            }
            choice[at] = 0;
            at += 1;
        }
    }
    (out, false)
}

/// A difference by its direction, the statements that grant and those that deny, and whether
/// the other side's boundary alone denies it.
type Difference = (Change, Vec<usize>, Vec<usize>, bool);
/// The condition cells, resource and whether every cell chosen has a value.
type Witnessed = (Vec<usize>, String, bool);

/// A class of actions: the resource cells their formats leave, and whether all were found.
type ClassKey = (Vec<Vec<bool>>, bool);

/// The actions of one group by the ARN formats their requests name (`None`: not known).
pub(super) type ByFormats<'a> = [(Option<&'a [ResourceFormat]>, Vec<String>)];

pub(super) fn group(
    sides: &[Side; 2],
    all: &[Stmt],
    matching: &[usize],
    service: &str,
    by_formats: &ByFormats,
) -> Vec<Finding> {
    let stmts: Vec<&Stmt> = matching.iter().map(|&i| &all[i]).collect();
    let conditions = conditions(&stmts);
    let (condition_cells, tried_all) = condition_cells(&conditions, stmts.len());
    // Actions whose formats leave the same resource cells answer the same: one search serves
    // them all (an `Action: "*"` spans hundreds of resource types that a statement about S3
    // objects tells apart from nothing else). The witness is an ARN of the first's formats.
    let mut classes: BTreeMap<ClassKey, (Resources, Vec<String>)> = BTreeMap::new();
    let sets: Vec<Option<&[ResourceFormat]>> = by_formats.iter().map(|(f, _)| *f).collect();
    for (resources, (_, names)) in resources(&stmts, &sets).into_iter().zip(by_formats) {
        let key = (
            resources.cells.keys().cloned().collect(),
            resources.complete,
        );
        classes
            .entry(key)
            .or_insert_with(|| (resources, Vec::new()))
            .1
            .extend(names.iter().cloned());
    }
    let mut findings = Vec::new();
    for (resources, actions) in classes.into_values() {
        findings.extend(search(
            sides,
            &stmts,
            &resources,
            &conditions,
            (&condition_cells, tried_all),
            service,
            &actions,
        ));
    }
    findings
}

/// The search over one class of actions: every resource cell with every condition cell.
fn search(
    sides: &[Side; 2],
    stmts: &[&Stmt],
    resources: &Resources,
    conditions: &Conditions,
    (condition_cells, tried_all): (&BTreeMap<Vec<bool>, Vec<usize>>, bool),
    service: &str,
    actions: &[String],
) -> Vec<Finding> {
    let mut general_notes = Vec::new();
    for key in &resources.variables {
        general_notes.push(format!(
            "the policy variable `${{{key}}}` in a resource is compared as one value (`{}`)",
            stand_in(key)
        ));
    }
    if !resources.complete {
        general_notes.push("too many resource patterns to compare them all".into());
    }
    for (key, cells) in &conditions.keys {
        if cells.truncated {
            general_notes.push(format!(
                "too many conditions on `{key}` to compare them all"
            ));
        }
    }
    if !tried_all {
        general_notes.push("too many condition combinations to compare them all".into());
    }
    let mut found: BTreeMap<Difference, Witnessed> = BTreeMap::new();
    for (matches, resource) in &resources.cells {
        for (holds, choice) in condition_cells {
            let applies: Vec<bool> = matches.iter().zip(holds).map(|(m, h)| *m && *h).collect();
            // IAM's rule for identity policies under a boundary: an identity Allow, a boundary
            // Allow where the side has a boundary, and no Deny in either.
            let decide = |new: bool| {
                let on = |allow: bool, boundary: bool| {
                    (0..stmts.len())
                        .filter(|&i| stmts[i].new == new && stmts[i].statement.allow == allow)
                        .filter(|&i| stmts[i].boundary == boundary && applies[i])
                        .collect::<Vec<_>>()
                };
                let (mut allows, mut denies) = (on(true, false), on(false, false));
                denies.extend(on(false, true));
                let bounded = sides[usize::from(new)].boundary_from.is_some();
                let within = on(true, true);
                let outside = bounded && within.is_empty();
                let allowed = !allows.is_empty() && !outside && denies.is_empty();
                // Denied by the boundary alone: its identity policies would allow.
                let by_boundary = outside && !allows.is_empty() && denies.is_empty();
                allows.extend(within);
                (allowed, allows, denies, by_boundary)
            };
            let (old_allows, old_grants, old_denies, old_bounded) = decide(false);
            let (new_allows, new_grants, new_denies, new_bounded) = decide(true);
            let key = match (old_allows, new_allows) {
                (false, true) => (Change::Added, new_grants, old_denies, old_bounded),
                (true, false) => (Change::Removed, old_grants, new_denies, new_bounded),
                _ => continue,
            };
            let realized = choice
                .iter()
                .zip(&conditions.keys)
                .all(|(c, (_, k))| k.cells[*c].1.is_some());
            match found.get_mut(&key) {
                Some(kept) if !kept.2 && realized => {
                    *kept = (choice.clone(), resource.clone(), realized)
                }
                Some(_) => {}
                None => {
                    found.insert(key, (choice.clone(), resource.clone(), realized));
                }
            }
        }
    }
    // Where a redundant statement grants too (a narrower Allow beside a wider one), the
    // difference is the wider one's: a finding whose grants include another's says nothing more.
    let keys: Vec<Difference> = found.keys().cloned().collect();
    found.retain(|(change, grants, denies, bounded), _| {
        !keys.iter().any(|(c, g, d, b)| {
            c == change
                && d == denies
                && b == bounded
                && g.len() < grants.len()
                && g.iter().all(|i| grants.contains(i))
        })
    });
    let mut findings = Vec::new();
    for ((change, grants, denies, bounded), (choice, resource, realized)) in found {
        let mut notes = general_notes.clone();
        if bounded {
            let other = match change {
                Change::Added => "OLD",
                Change::Removed => "NEW",
            };
            notes.push(format!("{other}'s permissions boundary does not allow it"));
        }
        let mut context = BTreeMap::new();
        for (c, (key, cells)) in choice.iter().zip(&conditions.keys) {
            match &cells.cells[*c].1 {
                Some(Some(value)) => {
                    context.insert(key.clone(), value.clone());
                }
                Some(None) => {}
                None => notes.push(format!(
                    "could not compare {}",
                    cells.inexact.as_deref().unwrap_or(key)
                )),
            }
        }
        // A key a condition decides keeps the condition's value (or absence), compared exactly:
        // a stand-in beside it, spelled in another case, would give one request two values of
        // one key, which evaluators read differently. The evaluator's check below then says
        // whether the witness still holds with the variable read so.
        for key in &resources.variables {
            let decided = conditions
                .keys
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case(key));
            if !decided {
                context.insert(key.clone(), ContextValue::One(stand_in(key)));
            }
        }
        let resource = glob::readable(
            &resources.globs,
            &resources.formats,
            &resource,
            example_value,
        );
        let witness = Request {
            principal: WITNESS_PRINCIPAL.into(),
            action: actions[0].clone(),
            resource: RequestResource {
                resource,
                account_id: WITNESS_ACCOUNT.into(),
            },
            context_variables: context,
        };
        let certainty = if realized && confirmed(sides, &witness, change) {
            Certainty::Verified
        } else {
            if realized {
                notes.push("the evaluator did not confirm the witness".into());
            }
            Certainty::Possible
        };
        let refs = |ids: &[usize]| -> Vec<StatementRef> {
            ids.iter()
                .map(|&i| statement_ref(sides, stmts[i]))
                .collect()
        };
        findings.push(Finding {
            change,
            certainty,
            service: service.to_string(),
            actions: actions.to_vec(),
            granted_by: refs(&grants),
            denied_by: refs(&denies),
            witness,
            notes,
        });
    }
    // A search cut short, or read with a stand-in, has not shown that NEW adds nothing: unless
    // it found added access, it says it may have missed some.
    if !general_notes.is_empty() && !findings.iter().any(|f| f.change == Change::Added) {
        findings.push(undecided(service, actions, general_notes));
    }
    findings
}

/// What a witness ARN holds for a format's `${Name}`, where the policies leave it free: the
/// witness's own partition and account, a region, and the name in kebab case otherwise
/// (`${BucketName}`: `bucket-name`).
fn example_value(name: &str) -> String {
    match name {
        "Partition" => "aws".into(),
        "Region" => "us-east-1".into(),
        "Account" | "AccountId" => WITNESS_ACCOUNT.into(),
        other => {
            let mut kebab = String::new();
            let mut after_lower = false;
            for c in other.chars() {
                if c.is_ascii_uppercase() && after_lower {
                    kebab.push('-');
                }
                after_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
                kebab.push(c.to_ascii_lowercase());
            }
            kebab
        }
    }
}

/// A group the search could not finish: nothing found, and not sure of it.
fn undecided(service: &str, actions: &[String], notes: Vec<String>) -> Finding {
    Finding {
        change: Change::Added,
        certainty: Certainty::Possible,
        service: service.to_string(),
        actions: actions.to_vec(),
        granted_by: Vec::new(),
        denied_by: Vec::new(),
        witness: Request {
            principal: WITNESS_PRINCIPAL.into(),
            action: actions[0].clone(),
            resource: RequestResource {
                resource: "*".into(),
                account_id: WITNESS_ACCOUNT.into(),
            },
            context_variables: BTreeMap::new(),
        },
        notes,
    }
}

fn confirmed(sides: &[Side; 2], witness: &Request, change: Change) -> bool {
    let allows = |side: &Side| side.compiled.outcome(witness).ok() == Some(Outcome::Allow);
    let (old, new) = (allows(&sides[0]), allows(&sides[1]));
    match change {
        Change::Added => new && !old,
        Change::Removed => old && !new,
    }
}

fn statement_ref(sides: &[Side; 2], s: &Stmt) -> StatementRef {
    let side = &sides[usize::from(s.new)];
    let raw = side.raw[s.policy].get(s.statement.index);
    let element = |name: &str| {
        raw.and_then(|r| r.get(name))
            .map(|v| format!("{name}: {v}"))
    };
    StatementRef {
        policy: side.names[s.policy].clone(),
        index: s.statement.index,
        sid: s.statement.sid.clone(),
        resources: element("Resource").or_else(|| element("NotResource")),
        condition: raw.and_then(|r| r.get("Condition")).map(Value::to_string),
    }
}

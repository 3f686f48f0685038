//! The search within one group of actions (every action of which has the same answer): the
//! resource cells and condition cells of its statements, every realizable combination decided
//! for both sides by IAM's rule for identity policies, a disagreement a finding whose witness
//! the evaluator decides again.

use std::collections::BTreeMap;

use serde_json::Value;

use super::compare::{Side, Stmt};
use super::glob::{self, Glob, stand_in};
use super::values::{KeyCells, key_cells};
use super::{Certainty, Change, Finding, StatementRef, WITNESS_ACCOUNT, WITNESS_PRINCIPAL};
use crate::condition::Condition;
use crate::policy::ResourcePattern;
use crate::{ContextValue, Outcome, Request, RequestResource};

/// How many states the resource automaton may grow to, and how many condition combinations
/// one group may have, before the search says it stopped short.
const STATE_LIMIT: usize = 50_000;
const COMBINATION_LIMIT: usize = 100_000;

/// The resource cells of a group: for each, which statements' resource elements match, and
/// the shortest resource that does so.
struct Resources {
    cells: BTreeMap<Vec<bool>, String>,
    variables: Vec<String>,
    complete: bool,
}

fn resources(stmts: &[&Stmt]) -> Resources {
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
    let found = glob::cells(&globs, STATE_LIMIT);
    let mut cells = BTreeMap::new();
    for (vector, text) in found.cells {
        let matches: Vec<bool> = stmts
            .iter()
            .zip(&spans)
            .map(|(s, span)| match &s.statement.resources {
                None => true,
                Some(element) => vector[span.clone()].iter().any(|m| *m) != element.negated,
            })
            .collect();
        cells.entry(matches).or_insert(text);
    }
    Resources {
        cells,
        variables,
        complete: found.complete,
    }
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

/// A difference by its direction, the statements that grant and those that deny.
type Difference = (Change, Vec<usize>, Vec<usize>);
/// The condition cells, resource and whether every cell chosen has a value.
type Witnessed = (Vec<usize>, String, bool);

pub(super) fn group(
    sides: &[Side; 2],
    all: &[Stmt],
    matching: &[usize],
    service: &str,
    actions: &[String],
) -> Vec<Finding> {
    let stmts: Vec<&Stmt> = matching.iter().map(|&i| &all[i]).collect();
    let resources = resources(&stmts);
    let conditions = conditions(&stmts);
    let (condition_cells, tried_all) = condition_cells(&conditions, stmts.len());
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
        for (holds, choice) in &condition_cells {
            let applies: Vec<bool> = matches.iter().zip(holds).map(|(m, h)| *m && *h).collect();
            let decide = |new: bool| {
                let on = |allow: bool| {
                    (0..stmts.len())
                        .filter(|&i| stmts[i].new == new && stmts[i].statement.allow == allow)
                        .filter(|&i| applies[i])
                        .collect::<Vec<_>>()
                };
                let (allows, denies) = (on(true), on(false));
                (!allows.is_empty() && denies.is_empty(), allows, denies)
            };
            let (old_allows, old_grants, old_denies) = decide(false);
            let (new_allows, new_grants, new_denies) = decide(true);
            let key = match (old_allows, new_allows) {
                (false, true) => (Change::Added, new_grants, old_denies),
                (true, false) => (Change::Removed, old_grants, new_denies),
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
    found.retain(|(change, grants, denies), _| {
        !keys.iter().any(|(c, g, d)| {
            c == change
                && d == denies
                && g.len() < grants.len()
                && g.iter().all(|i| grants.contains(i))
        })
    });
    let mut findings = Vec::new();
    for ((change, grants, denies), (choice, resource, realized)) in found {
        let mut notes = general_notes.clone();
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

//! The search: actions grouped by the statements that can match them (every action of a group
//! has the same answer), then, per group, every realizable combination of resource cells and
//! condition cells decided for both sides by IAM's rule for identity policies (some Allow
//! applies, no Deny applies). A disagreement becomes a finding, its witness checked by the
//! evaluator itself.

use std::collections::BTreeMap;

use serde_json::Value;

use super::glob::{self, Glob, stand_in};
use super::values::{KeyCells, key_cells};
use super::{
    Actions, Certainty, Change, Diff, Finding, StatementRef, WITNESS_ACCOUNT, WITNESS_PRINCIPAL,
};
use crate::condition::Condition;
use crate::context::Context;
use crate::policy::{ActionPattern, Kind, Negatable, Policy, ResourcePattern, Statement};
use crate::{
    Compiled, ContextValue, NamedPolicy, Outcome, Request, RequestResource, Simulation,
    SimulationError,
};

/// How many states the resource automaton may grow to, and how many condition combinations
/// one group may have, before the search says it stopped short.
const STATE_LIMIT: usize = 50_000;
const COMBINATION_LIMIT: usize = 100_000;

struct Side {
    names: Vec<String>,
    policies: Vec<Policy>,
    raw: Vec<Vec<Value>>,
    compiled: Compiled,
}

/// A statement of either side.
struct Stmt<'a> {
    new: bool,
    policy: usize,
    statement: &'a Statement,
    canonical: String,
}

impl Side {
    fn read(policies: &[NamedPolicy]) -> Result<Side, SimulationError> {
        let mut read = Vec::new();
        let mut raw = Vec::new();
        for p in policies {
            read.push(Policy::read(
                Some(&p.name),
                &p.policy,
                Kind::Identity,
                "policy",
            )?);
            raw.push(raw_statements(&p.policy));
        }
        // The diff reads identity policies alone. A KMS key (or a role's trust policy) must
        // also delegate to the account before identity policies count; the witness is decided
        // with a resource policy that does, as a key's default policy does, and nothing more.
        let simulation = Simulation {
            identity_policies: policies.to_vec(),
            resource_policy: Some(serde_json::json!({"Statement": [{
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{WITNESS_ACCOUNT}:root")},
                "Action": "*",
                "Resource": "*",
            }]})),
            ..Simulation::default()
        };
        Ok(Side {
            names: policies.iter().map(|p| p.name.clone()).collect(),
            policies: read,
            raw,
            compiled: Compiled::new(&simulation)?,
        })
    }
}

pub(super) fn raw_statements(document: &Value) -> Vec<Value> {
    let parsed;
    let document = match document {
        Value::String(text) => {
            parsed = serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
            &parsed
        }
        other => other,
    };
    match document.get("Statement") {
        Some(Value::Array(list)) => list.clone(),
        Some(one) => vec![one.clone()],
        None => Vec::new(),
    }
}

pub(super) fn run(
    old: &[NamedPolicy],
    new: &[NamedPolicy],
    actions: &Actions,
) -> Result<Diff, SimulationError> {
    let sides = [Side::read(old)?, Side::read(new)?];
    let mut stmts = Vec::new();
    for (n, side) in sides.iter().enumerate() {
        for (p, policy) in side.policies.iter().enumerate() {
            for s in &policy.statements {
                let raw = side.raw[p].get(s.index).unwrap_or(&Value::Null);
                stmts.push(Stmt {
                    new: n == 1,
                    policy: p,
                    statement: s,
                    canonical: canonical(raw),
                });
            }
        }
    }
    let all: Vec<usize> = (0..stmts.len()).collect();
    if same_statements(&stmts, &all) {
        return Ok(Diff::default());
    }
    let empty = BTreeMap::new();
    let context = Context::new(&empty);
    let mut groups: BTreeMap<(String, Vec<usize>), Vec<String>> = BTreeMap::new();
    let extra = named_elsewhere(actions, &stmts);
    let services = actions.by_service.iter().chain(&extra.by_service);
    for (service, names) in services {
        let candidates: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| may_match_service(&stmts[i].statement.actions, service))
            .collect();
        if !candidates.iter().any(|&i| stmts[i].statement.allow) {
            continue;
        }
        for name in names {
            let matching: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&i| action_matches(&stmts[i].statement.actions, service, name, &context))
                .collect();
            if matching.iter().any(|&i| stmts[i].statement.allow)
                && !same_statements(&stmts, &matching)
            {
                groups
                    .entry((service.clone(), matching))
                    .or_default()
                    .push(format!("{service}:{name}"));
            }
        }
    }
    let mut merged: BTreeMap<MergeKey, Finding> = BTreeMap::new();
    for ((service, matching), actions) in groups {
        for finding in group(&sides, &stmts, &matching, &service, &actions) {
            let key = MergeKey {
                change: finding.change,
                certainty: finding.certainty,
                service: finding.service.clone(),
                granted_by: finding.granted_by.clone(),
                denied_by: finding.denied_by.clone(),
                notes: finding.notes.clone(),
            };
            match merged.get_mut(&key) {
                Some(found) => found.actions.extend(finding.actions),
                None => {
                    merged.insert(key, finding);
                }
            }
        }
    }
    let mut findings: Vec<Finding> = merged.into_values().collect();
    for f in &mut findings {
        f.actions.sort_by_key(|a| a.to_ascii_lowercase());
        f.actions.dedup();
    }
    Ok(Diff { findings })
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct MergeKey {
    change: Change,
    certainty: Certainty,
    service: String,
    granted_by: Vec<StatementRef>,
    denied_by: Vec<StatementRef>,
    notes: Vec<String>,
}

/// Whether the old and new statements among `ids` are the same multiset of statements (Sid
/// aside): then every request gets the same answer from both, without a search.
fn same_statements(stmts: &[Stmt], ids: &[usize]) -> bool {
    let mut old: Vec<&str> = Vec::new();
    let mut new: Vec<&str> = Vec::new();
    for &i in ids {
        let list = if stmts[i].new { &mut new } else { &mut old };
        list.push(&stmts[i].canonical);
    }
    old.sort_unstable();
    new.sort_unstable();
    old == new
}

/// A statement as sorted compact JSON, its `Sid` left out: Sids do not change what is allowed.
fn canonical(value: &Value) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> =
                    map.iter().filter(|(k, _)| k.as_str() != "Sid").collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sorted(v)))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(value).to_string()
}

/// The actions a policy names without a wildcard that the list lacks: compared too.
fn named_elsewhere(actions: &Actions, stmts: &[Stmt]) -> Actions {
    let mut extra = Actions::default();
    for s in stmts {
        for item in &s.statement.actions.items {
            if let ActionPattern::Service(service, pattern) = item
                && let Some(name) = pattern.as_text()
                && !name.is_empty()
            {
                let action = format!("{service}:{name}");
                if !actions.known.contains(&action.to_ascii_lowercase()) {
                    extra.add(&action);
                }
            }
        }
    }
    extra
}

fn may_match_service(actions: &Negatable<Vec<ActionPattern>>, service: &str) -> bool {
    actions.negated
        || actions.items.iter().any(|a| match a {
            ActionPattern::All => true,
            ActionPattern::Service(s, _) => **s == *service,
            ActionPattern::Never => false,
        })
}

fn action_matches(
    actions: &Negatable<Vec<ActionPattern>>,
    service: &str,
    name: &str,
    context: &Context,
) -> bool {
    let any = actions.items.iter().any(|a| match a {
        ActionPattern::All => true,
        ActionPattern::Service(s, pattern) => {
            **s == *service && pattern.matches(name, context, true)
        }
        ActionPattern::Never => false,
    });
    any != actions.negated
}

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

fn group(
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
        for key in &resources.variables {
            context.insert(key.clone(), ContextValue::One(stand_in(key)));
        }
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
    if findings.is_empty() && !general_notes.is_empty() {
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

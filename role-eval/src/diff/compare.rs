//! The comparison's frame: both sides read (identity policies and boundary), actions grouped
//! by the statements that can match them (every action of a group on resources of the same
//! types has the same answer, so one search serves them), groups whose statements are the same
//! on both sides skipped, findings merged across groups.

use std::collections::BTreeMap;

use serde_json::Value;

use super::search;
use super::{Actions, Certainty, Change, Diff, Finding, Principal, StatementRef};
use crate::context::Context;
use crate::policy::{ActionPattern, Kind, Negatable, Policy, Statement};
use crate::{Compiled, SimulationError};

pub(super) struct Side {
    /// The identity policies, then the boundary's.
    pub(super) names: Vec<String>,
    pub(super) policies: Vec<Policy>,
    pub(super) raw: Vec<Vec<Value>>,
    pub(super) compiled: Compiled,
    /// Where the boundary's policies start among `policies`, when the side has a boundary.
    pub(super) boundary_from: Option<usize>,
}

/// A statement of either side.
pub(super) struct Stmt<'a> {
    pub(super) new: bool,
    pub(super) policy: usize,
    pub(super) statement: &'a Statement,
    pub(super) canonical: String,
    /// A statement of the side's permissions boundary.
    pub(super) boundary: bool,
}

impl Stmt<'_> {
    /// An Allow of an identity policy: only such a statement grants anything.
    pub(super) fn grants(&self) -> bool {
        self.statement.allow && !self.boundary
    }
}

impl Side {
    fn read(principal: &Principal) -> Result<Side, SimulationError> {
        let mut read = Vec::new();
        let mut raw = Vec::new();
        let mut names = Vec::new();
        let boundary = principal.boundary.unwrap_or_default();
        for (at, p) in principal.policies.iter().chain(boundary).enumerate() {
            let what = match at < principal.policies.len() {
                true => "policy",
                false => "permissions boundary",
            };
            read.push(Policy::read(
                Some(&p.name),
                &p.policy,
                Kind::Identity,
                what,
            )?);
            raw.push(raw_statements(&p.policy));
            names.push(match at < principal.policies.len() {
                true => p.name.clone(),
                false => format!("{} (permissions boundary)", p.name),
            });
        }
        let simulation = super::identity_simulation(principal.policies, principal.boundary);
        Ok(Side {
            names,
            policies: read,
            raw,
            compiled: Compiled::new(&simulation)?,
            boundary_from: principal.boundary.map(|_| principal.policies.len()),
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
    old: &Principal,
    new: &Principal,
    actions: &Actions,
) -> Result<Diff, SimulationError> {
    let sides = [Side::read(old)?, Side::read(new)?];
    // A boundary on one side only limits every action, whatever the statements.
    let same_bounds = sides[0].boundary_from.is_some() == sides[1].boundary_from.is_some();
    let mut stmts = Vec::new();
    for (n, side) in sides.iter().enumerate() {
        for (p, policy) in side.policies.iter().enumerate() {
            for s in &policy.statements {
                let raw = side.raw[p].get(s.index).unwrap_or(&Value::Null);
                let boundary = side.boundary_from.is_some_and(|from| p >= from);
                // A boundary's statement does not do what the same identity statement does.
                let canonical = match boundary {
                    true => format!("boundary {}", canonical(raw)),
                    false => canonical(raw),
                };
                stmts.push(Stmt {
                    new: n == 1,
                    policy: p,
                    statement: s,
                    canonical,
                    boundary,
                });
            }
        }
    }
    let all: Vec<usize> = (0..stmts.len()).collect();
    if same_bounds && same_statements(&stmts, &all) {
        return Ok(Diff::default());
    }
    let empty = BTreeMap::new();
    let context = Context::new(&empty);
    // Within a group, actions whose requests name resources of different types may answer
    // differently: they are also by the action's set of ARN formats.
    let mut groups: BTreeMap<(String, Vec<usize>), ActionsByFormats> = BTreeMap::new();
    let extra = named_elsewhere(actions, &stmts);
    let services = actions.by_service.iter().chain(&extra.by_service);
    for (service, names) in services {
        let candidates: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| may_match_service(&stmts[i].statement.actions, service))
            .collect();
        if !candidates.iter().any(|&i| stmts[i].grants()) {
            continue;
        }
        for name in names {
            let matching: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&i| action_matches(&stmts[i].statement.actions, service, name, &context))
                .collect();
            if matching.iter().any(|&i| stmts[i].grants())
                && !(same_bounds && same_statements(&stmts, &matching))
            {
                let action = format!("{service}:{name}");
                let formats = actions
                    .resources_of
                    .get(&action.to_ascii_lowercase())
                    .copied();
                groups
                    .entry((service.clone(), matching))
                    .or_default()
                    .entry(formats)
                    .or_default()
                    .push(action);
            }
        }
    }
    let mut found = Vec::new();
    for ((service, matching), by_formats) in groups {
        let search = |by_formats: &search::ByFormats| {
            search::group(&sides, &stmts, &matching, &service, by_formats)
        };
        if by_formats.len() > 1 {
            // Requests on resources of the actions' types are among all requests: where all
            // requests show no difference, none of them does, and one search settles the
            // group. Only a group that differs is searched type by type.
            let names: Vec<String> = by_formats.values().flatten().cloned().collect();
            if search(&[(None, names)]).is_empty() {
                continue;
            }
        }
        let by_formats: Vec<_> = by_formats
            .into_iter()
            .map(|(at, names)| (at.map(|at| &actions.resource_sets[at][..]), names))
            .collect();
        found.extend(search(&by_formats));
    }
    let mut merged: BTreeMap<MergeKey, Finding> = BTreeMap::new();
    for finding in found {
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
    let mut findings: Vec<Finding> = merged.into_values().collect();
    for f in &mut findings {
        f.actions.sort_by_key(|a| a.to_ascii_lowercase());
        f.actions.dedup();
    }
    Ok(Diff {
        findings,
        notes: Vec::new(),
    })
}

/// A group's action names by the index of their set of ARN formats (`None`: not known).
type ActionsByFormats = BTreeMap<Option<usize>, Vec<String>>;

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

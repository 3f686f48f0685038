//! The witnesses of `role_eval::diff` decided by @cloud-copilot/iam-simulate (issue 10: "for every
//! pair with new access the witness is checked by the evaluator and, in CI, by iam-simulate"):
//! the diff checks each verified witness with role-eval before printing it, so a mistake shared
//! by the diff and the evaluator would pass unseen; a second evaluator, written by others from
//! the same documentation, decides each witness again with the OLD side's policies and with the
//! NEW side's, and must find what the finding says (added: NEW allows, OLD denies; removed: the
//! reverse). A disagreement is excused only as a known mistake of the oracle
//! (`tests/evaluate/DISAGREEMENTS.md`), judged as `evaluate_oracle.rs` judges them.
//!
//! The pairs: role-eval's diff corpus (`role-eval/tests/diff/*.json`), then generated ones, each
//! a policy of `simulations`' generator and one to three mutations of it (a resource
//! widened or replaced, a condition dropped or rewritten, an action added or widened to its
//! service, a statement added, dropped or turned into a Deny): identity policies, and trust
//! policies compared by `role_eval::diff::diff_trust`, whose witnesses are `sts:AssumeRole*`
//! requests against the trust policy as the role's resource policy.
//!
//! Env: `ROLE_DIFF_ORACLE_PAIRS` (generated identity pairs, and half as many trust pairs;
//! default 100, some 50 s of one core in all), `ROLE_DIFF_ORACLE_SEED`. Without node or the npm
//! package the check is skipped with a note, unless `ROLE_TESTS_REQUIRE_EXTERNAL` is set (as
//! `.ci/run` does), where it fails.

#[path = "support/iam_simulate.rs"]
mod iam_simulate;
#[path = "support/simulations.rs"]
mod simulations;
mod support;

use std::sync::OnceLock;
use std::time::Instant;

use role_eval::diff::{Actions, Certainty, Change, Diff, Finding, diff_over, diff_trust};
use role_eval::{Compiled, NamedPolicy, Outcome, Simulation};
use serde_json::{Value, json};

use iam_simulate::{compare, outcome_name};
use simulations::{
    Kind, PolicyKind, Req, Rng, action_pattern, condition_block, new_request, policy,
    resource_pattern, statement,
};

const DEFAULT_PAIRS: usize = 100;
const DEFAULT_SEED: u64 = 0xD1FF_2026;

/// Two versions of one policy, and where they come from.
struct Pair {
    name: String,
    /// Identity policies, or a role's trust policy (`PolicyKind::Trust`).
    kind: PolicyKind,
    old: Value,
    new: Value,
}

/// The role whose trust policy the trust pairs compare: the generator's `sts:AssumeRole*`
/// requests are for it.
const ROLE: &str = "arn:aws:iam::111122223333:role/Target";

/// The catalogue's actions with their resource types' ARN formats, read once, as `role-cli diff`
/// and role-eval's corpus test read them.
fn actions() -> &'static Actions {
    static ACTIONS: OnceLock<Actions> = OnceLock::new();
    ACTIONS.get_or_init(|| {
        role_core::catalogue::Catalogue::current()
            .expect("the catalogue")
            .diff_actions()
    })
}

fn side(document: &Value) -> Vec<NamedPolicy> {
    vec![NamedPolicy {
        name: "policy".into(),
        policy: document.clone(),
    }]
}

/// role-eval's diff corpus, every pair of it.
fn corpus() -> Vec<Pair> {
    let folder = support::root().join("role-eval/tests/diff");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("role-eval/tests/diff")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "the corpus is there");
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable pair");
            let case: Value = serde_json::from_str(&text).expect("a pair is JSON");
            Pair {
                name: format!(
                    "role-eval/tests/diff/{}",
                    path.file_name().unwrap().display()
                ),
                kind: PolicyKind::Identity,
                old: case["old"].clone(),
                new: case["new"].clone(),
            }
        })
        .collect()
}

/// `n` pairs from `seed` of `kind` (`Identity` or `Trust`): a generated policy and one to three
/// mutations of it.
fn generated(seed: u64, n: usize, kind: PolicyKind) -> Vec<Pair> {
    let mut g = Rng(seed);
    (0..n)
        .map(|i| {
            // Identity policies are a principal's of an account; a trust policy is asked about
            // by whoever assumes the role.
            let req = loop {
                let req = new_request(&mut g);
                let fits = match kind {
                    PolicyKind::Trust => req.act.action.starts_with("sts:"),
                    _ => matches!(req.kind, Kind::Role | Kind::Session | Kind::User),
                };
                if fits {
                    break req;
                }
            };
            let old = policy(&mut g, &req, kind, (1, 4));
            let mut new = old.clone();
            for _ in 0..g.range(1, 3) {
                mutate(&mut g, &req, kind, &mut new);
            }
            Pair {
                name: format!("generated {kind:?} pair {i} (seed {seed:#x})"),
                kind,
                old,
                new,
            }
        })
        .collect()
}

/// One change of the kind a pull request makes to a policy.
fn mutate(g: &mut Rng, req: &Req, kind: PolicyKind, policy: &mut Value) {
    // One statement alone is a list of one: the same policy, and one shape to change.
    if policy["Statement"].is_object() {
        policy["Statement"] = json!([policy["Statement"].take()]);
    }
    let statements = policy["Statement"].as_array_mut().expect("a list");
    let at = g.below(statements.len());
    let chosen = statements[at].as_object_mut().expect("a statement");
    // A trust policy has no resource element: its changes are the others.
    let first = if kind == PolicyKind::Trust { 2 } else { 0 };
    match g.range(first, 7) {
        // A resource widened: to its prefix and `*`, or to everything.
        0 => {
            if let Some(resources) = chosen.get_mut("Resource") {
                let widened = match resources {
                    Value::String(r) => widen(g, r),
                    Value::Array(items) => {
                        let i = g.below(items.len());
                        widen(g, items[i].as_str().unwrap_or("*"))
                    }
                    _ => "*".to_owned(),
                };
                *resources = json!(widened);
            }
        }
        // A resource narrowed or replaced: another of the generator's patterns.
        1 => {
            let element = if chosen.contains_key("NotResource") {
                "NotResource"
            } else {
                "Resource"
            };
            chosen.insert(element.into(), json!(resource_pattern(g, req)));
        }
        // A condition dropped, whole or one operator of it.
        2 => match chosen.get_mut("Condition").and_then(Value::as_object_mut) {
            Some(block) if block.len() > 1 => {
                let key = block.keys().nth(g.below(block.len())).unwrap().clone();
                block.remove(&key);
            }
            _ => {
                chosen.remove("Condition");
            }
        },
        // A condition rewritten, or added where there was none.
        3 => {
            chosen.insert(
                "Condition".into(),
                condition_block(g, req, PolicyKind::Identity),
            );
        }
        // An action added, or widened to its service.
        4 => {
            let element = if chosen.contains_key("NotAction") {
                "NotAction"
            } else {
                "Action"
            };
            let mut listed: Vec<Value> = match chosen.remove(element) {
                Some(Value::Array(items)) => items,
                Some(one) => vec![one],
                None => Vec::new(),
            };
            if g.chance(50) {
                listed.push(json!(action_pattern(g, req, kind)));
            } else {
                let service = req.act.action.split(':').next().unwrap();
                listed = vec![json!(format!("{service}:*"))];
            }
            chosen.insert(element.into(), Value::Array(listed));
        }
        // The statement turned into a Deny, or back.
        5 => {
            let effect = if chosen["Effect"] == "Allow" {
                "Deny"
            } else {
                "Allow"
            };
            chosen.insert("Effect".into(), json!(effect));
        }
        // A statement dropped, when another remains.
        6 if statements.len() > 1 => {
            statements.remove(at);
        }
        // A statement added.
        _ => {
            let effect = if g.chance(70) { "Allow" } else { "Deny" };
            statements.push(statement(g, req, kind, effect));
        }
    }
}

/// A resource pattern widened: up to its last `/` or `:` with `*` after, or `*`. Never cut
/// inside a policy variable (`${aws:SourceIp}` holds a colon): the pattern stays valid.
fn widen(g: &mut Rng, resource: &str) -> String {
    match resource.rfind(['/', ':']) {
        Some(at) if g.chance(75) => {
            let head = &resource[..=at];
            if head.matches("${").count() == head.matches('}').count() {
                format!("{head}*")
            } else {
                "*".to_owned()
            }
        }
        _ => "*".to_owned(),
    }
}

/// Every verified finding's witness, asked with each side's policies.
struct Asked {
    simulations: Vec<Simulation>,
    /// For each simulation: its pair, finding and side, for a failure's message.
    labels: Vec<String>,
    findings: usize,
    /// Verified findings by direction: added, removed.
    verified: [usize; 2],
    /// role-eval's answer to each simulation.
    ours: Vec<Result<Outcome, String>>,
    /// Simulations where role-eval itself does not decide as the finding says.
    evaluator_disagrees: Vec<String>,
}

fn ask(pairs: &[Pair]) -> Asked {
    let mut asked = Asked {
        simulations: Vec::new(),
        labels: Vec::new(),
        findings: 0,
        verified: [0, 0],
        ours: Vec::new(),
        evaluator_disagrees: Vec::new(),
    };
    for pair in pairs {
        let diff = match pair.kind {
            PolicyKind::Trust => diff_trust(&pair.old, &pair.new, ROLE, actions()),
            _ => diff_over(&side(&pair.old), &side(&pair.new), actions()),
        };
        let diff: Diff = diff.unwrap_or_else(|e| panic!("{}: the diff fails: {e}", pair.name));
        asked.findings += diff.findings.len();
        let sides = [&pair.old, &pair.new].map(|document| policies(pair.kind, document));
        // Each side's policies read once: a pair may have hundreds of witnesses.
        let compiled = sides
            .clone()
            .map(|s| Compiled::new(&s).expect("the diff read these policies"));
        for (i, finding) in diff.findings.iter().enumerate() {
            if finding.certainty != Certainty::Verified {
                continue;
            }
            asked.verified[usize::from(finding.change == Change::Removed)] += 1;
            for new in [false, true] {
                let simulation = Simulation {
                    request: finding.witness.clone(),
                    ..sides[usize::from(new)].clone()
                };
                let label = format!(
                    "{}, finding {i} ({:?} {}), {} side",
                    pair.name,
                    finding.change,
                    finding.actions[0],
                    if new { "NEW" } else { "OLD" }
                );
                let ours = compiled[usize::from(new)]
                    .outcome(&simulation.request)
                    .map_err(|e| e.to_string());
                if ours.as_ref().map(|o| *o == Outcome::Allow) != Ok(allowed(finding, new)) {
                    asked.evaluator_disagrees.push(format!(
                        "{label}: role-eval {:?}:\n{}",
                        ours.as_ref().map(|o| outcome_name(*o)),
                        serde_json::to_string(&simulation).unwrap()
                    ));
                }
                asked.ours.push(ours);
                asked.simulations.push(simulation);
                asked.labels.push(label);
            }
        }
    }
    asked
}

/// One side's policies as AWS meets a witness: identity policies in the principal's account, as
/// `role_eval::diff` decides them (a key's default policy beside them); or, for a trust policy,
/// the role's resource policy, asked by a caller whose own policies allow everything (as
/// `role_eval::diff::diff_trust` confirms its witnesses).
fn policies(kind: PolicyKind, document: &Value) -> Simulation {
    match kind {
        PolicyKind::Trust => Simulation {
            identity_policies: side(&json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"}]})),
            resource_policy: Some(document.clone()),
            ..Simulation::default()
        },
        _ => role_eval::diff::identity_simulation(&side(document), None),
    }
}

/// Whether the finding says its side allows the witness.
fn allowed(finding: &Finding, new: bool) -> bool {
    match finding.change {
        Change::Added => new,
        Change::Removed => !new,
    }
}

fn pairs() -> usize {
    std::env::var("ROLE_DIFF_ORACLE_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_PAIRS)
}

fn seed() -> u64 {
    std::env::var("ROLE_DIFF_ORACLE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

/// Checks every verified witness of `pairs` by role-eval and iam-simulate; reports the figures.
fn check(what: &str, pairs: &[Pair]) -> Option<Asked> {
    let start = Instant::now();
    let asked = ask(pairs);
    let diffed = start.elapsed();
    assert!(
        asked.evaluator_disagrees.is_empty(),
        "{what}: role-eval does not decide {} witnesses as their finding says:\n\n{}",
        asked.evaluator_disagrees.len(),
        asked.evaluator_disagrees.join("\n\n")
    );
    let found = compare(&asked.simulations, &asked.ours, |i| asked.labels[i].clone())?;
    let checked = start.elapsed() - diffed;
    eprintln!(
        "{what}: {} pairs; {} findings, {} verified ({} added, {} removed); {} witness requests (each verified witness \
         with OLD's and NEW's policies) decided by iam-simulate: {:?}; agreed on {}; known oracle \
         mistakes {:?}; disagreements {} (diff and role-eval {:.1} s, iam-simulate {:.1} s)",
        pairs.len(),
        asked.findings,
        asked.verified[0] + asked.verified[1],
        asked.verified[0],
        asked.verified[1],
        asked.simulations.len(),
        found.answers,
        found.agreed,
        found.excused,
        found.failures.len(),
        diffed.as_secs_f64(),
        checked.as_secs_f64()
    );
    found.assert_explained(asked.simulations.len());
    Some(asked)
}

#[test]
fn the_corpus_witnesses_are_decided_alike_by_iam_simulate() {
    let pairs = corpus();
    if let Some(asked) = check("diff corpus", &pairs) {
        assert!(
            asked.verified[0] >= 25 && asked.verified[1] >= 5,
            "the corpus holds findings of both directions to check: {:?}",
            asked.verified
        );
    }
}

#[test]
fn generated_pairs_witnesses_are_decided_alike_by_iam_simulate() {
    let pairs = generated(seed(), pairs(), PolicyKind::Identity);
    if let Some(asked) = check("generated pairs", &pairs) {
        // A mutator whose pairs never differ, or differ one way only, would check little.
        assert!(
            asked.verified.iter().all(|&n| n >= pairs.len() / 2),
            "only {:?} verified findings (added, removed) in {} pairs",
            asked.verified,
            pairs.len()
        );
    }
}

#[test]
fn generated_trust_pairs_witnesses_are_decided_alike_by_iam_simulate() {
    // Half as many: a trust pair's witnesses are asked for every principal either side names.
    let pairs = generated(seed(), pairs().div_ceil(2), PolicyKind::Trust);
    if let Some(asked) = check("generated trust pairs", &pairs) {
        assert!(
            asked.verified.iter().all(|&n| n >= pairs.len() / 4),
            "only {:?} verified findings (added, removed) in {} pairs",
            asked.verified,
            pairs.len()
        );
    }
}

#[test]
fn the_generated_pairs_are_deterministic() {
    let (a, b) = (
        generated(seed(), 20, PolicyKind::Identity),
        generated(seed(), 20, PolicyKind::Identity),
    );
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x.old, &x.new), (&y.old, &y.new));
    }
    assert!(
        a.iter().any(|p| p.old != p.new),
        "mutations change policies"
    );
}

//! Differential test of role-eval against @cloud-copilot/iam-simulate (AGPL; installed at test time
//! into `tests/external/node_modules` by `.ci/run`, never a dependency of a crate): a seeded,
//! deterministic generator (`support/simulations.rs`) writes realistic, valid Simulations over
//! every policy type, element, operator, modifier, wildcard and policy variable; both evaluators
//! decide each; every disagreement fails the test, unless `tests/evaluate/DISAGREEMENTS.md` lists
//! its class as a mistake of the oracle, with the AWS documentation that decides it
//! (`support/iam_simulate.rs` recognizes them), and a test of its own here holds our answer.
//!
//! A second evaluator written from the same documentation is the cheapest way to find the places
//! where one of them misread it; the generator stays inside what AWS accepts, because on invalid
//! input the two may legitimately differ and the comparison would say nothing.
//!
//! Without node or the npm package the comparison is skipped with a note, unless
//! `ROLE_TESTS_REQUIRE_EXTERNAL` is set (as `.ci/run` does), where it fails.
//!
//! Env: `ROLE_EVAL_ORACLE_REQUESTS` (default 10,000), `ROLE_EVAL_ORACLE_SEED`, and
//! `ROLE_EVAL_SIMULATIONS_OUT=<file>` to write the generated Simulations as JSONL (the input of
//! `benches/eval-vs-iam-simulate.sh`).

#[path = "support/iam_simulate.rs"]
mod iam_simulate;
#[path = "support/simulations.rs"]
mod simulations;
mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use role_eval::{NamedPolicy, Outcome, Request, RequestResource, Simulation};
use serde_json::json;

use iam_simulate::{compare, in_other_format, oracle, role_eval_answers};
use simulations::{
    A, ARN_OPS, DATE_OPS, NUMERIC_OPS, STRING_OPS, TIMES, generate, one, requests, seed,
};

#[test]
fn role_eval_agrees_with_iam_simulate() {
    let simulations = generate(seed(), requests());
    let ours = role_eval_answers(&simulations);
    let Some(found) = compare(&simulations, &ours, |i| format!("request {i}")) else {
        return;
    };
    let n = simulations.len();
    eprintln!(
        "{n} requests; iam-simulate's answers {:?}; agreed on {}; known oracle mistakes {:?}; disagreements {}",
        found.answers,
        found.agreed,
        found.excused,
        found.failures.len()
    );
    // A generator whose requests all end one way would compare nothing.
    for outcome in ["allow", "explicit_deny", "implicit_deny"] {
        let count = found.answers.get(outcome).copied().unwrap_or(0);
        assert!(
            count * 10 >= n,
            "only {count} of {n} requests are {outcome}: the generator is lopsided"
        );
    }
    found.assert_explained(n);
}

// ---------------------------------------------------------------------------------------------
// One test a known mistake of the oracle (DISAGREEMENTS.md), holding our documented answer.

/// `variable-in-arn-field`: AWS resolves a policy variable in any field of a resource ARN (its
/// own managed policies rely on it: AWSTransformSecretsManagerConnectorPolicy,
/// DBModVirtualSource); iam-simulate 0.1.173 never does outside the resource id.
#[test]
fn variable_in_the_account_field_resolves() {
    let mut context = BTreeMap::new();
    context.insert("aws:PrincipalAccount".to_owned(), one(A));
    let sim = |effect: &str| Simulation {
        request: Request {
            principal: format!("arn:aws:iam::{A}:user/alice"),
            action: "sns:Publish".into(),
            resource: RequestResource {
                resource: format!("arn:aws:sns:us-east-1:{A}:alerts"),
                account_id: A.into(),
            },
            context_variables: context.clone(),
        },
        identity_policies: vec![NamedPolicy {
            name: "inline".into(),
            policy: json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"},
                {"Effect": effect, "Action": "sns:Publish",
                 "Resource": "arn:aws:sns:us-east-1:${aws:PrincipalAccount}:*"}
            ]}),
        }],
        ..Simulation::default()
    };
    let (allow, deny) = (sim("Allow"), sim("Deny"));
    let decide = |s: &Simulation| role_eval::simulate(s).expect("decided").decision;
    assert_eq!(decide(&allow), Outcome::Allow);
    assert_eq!(decide(&deny), Outcome::ExplicitDeny);
    // Without a value for the key, the statement does not apply: a NotResource Deny with it
    // denies nothing.
    let mut missing = sim("Deny");
    missing.request.context_variables.clear();
    let statements = missing.identity_policies[0].policy["Statement"]
        .as_array_mut()
        .unwrap();
    let resource = statements[1]
        .as_object_mut()
        .unwrap()
        .remove("Resource")
        .unwrap();
    statements[1]["NotResource"] = resource;
    assert_eq!(decide(&missing), Outcome::Allow);
    // The Deny variants tell the mistake apart from an Allow elsewhere: the oracle ignores the
    // first statement, so it allows, and applies the second, so it denies. When it stops, this
    // entry of DISAGREEMENTS.md can go.
    if let Some(theirs) = oracle(&[deny, missing]) {
        assert_eq!(
            theirs,
            [Ok(Outcome::Allow), Ok(Outcome::ExplicitDeny)],
            "iam-simulate now resolves variables in the account field: drop the entry"
        );
    }
}

/// `date-epoch-vs-iso`: a date is an instant whether written as epoch seconds or ISO 8601;
/// iam-simulate 0.1.173 compares seconds with milliseconds when the two notations meet.
#[test]
fn dates_compare_as_instants_whatever_the_notation() {
    let sim = |key: &str, actual: &str, operator: &str, value: &str| {
        let mut context = BTreeMap::new();
        context.insert(key.to_owned(), one(actual));
        Simulation {
            request: Request {
                principal: format!("arn:aws:iam::{A}:user/bob"),
                action: "sns:Publish".into(),
                resource: RequestResource {
                    resource: format!("arn:aws:sns:us-east-1:{A}:alerts"),
                    account_id: A.into(),
                },
                context_variables: context,
            },
            identity_policies: vec![NamedPolicy {
                name: "inline".into(),
                policy: json!({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "sns:Publish", "Resource": "*",
                     "Condition": {operator: {key: value}}}
                ]}),
            }],
            ..Simulation::default()
        }
    };
    let decide = |s: &Simulation| role_eval::simulate(s).expect("decided").decision;
    // 2027-01-01 (the request) against 2026-01-01 (the policy), in every pairing of notations.
    let later = [
        sim(
            "aws:EpochTime",
            "1798761600",
            "DateGreaterThan",
            "2026-01-01T00:00:00Z",
        ),
        sim(
            "aws:EpochTime",
            "1798761600",
            "DateGreaterThan",
            "1767225600",
        ),
        sim(
            "aws:CurrentTime",
            "2027-01-01T00:00:00Z",
            "DateGreaterThan",
            "1767225600",
        ),
        sim(
            "aws:CurrentTime",
            "2027-01-01T00:00:00Z",
            "DateGreaterThan",
            "2026-01-01T00:00:00Z",
        ),
    ];
    for s in &later {
        assert_eq!(
            decide(s),
            Outcome::Allow,
            "{}",
            serde_json::to_string(s).unwrap()
        );
    }
    let earlier = sim(
        "aws:CurrentTime",
        "2027-01-01T00:00:00Z",
        "DateLessThan",
        "1767225600",
    );
    assert_eq!(decide(&earlier), Outcome::ImplicitDeny);
    // The first pairing is the oracle's mistake; when it stops, this entry can go.
    if let Some(theirs) = oracle(&later[..1]) {
        assert_eq!(
            theirs[0],
            Ok(Outcome::ImplicitDeny),
            "iam-simulate now compares epoch seconds with ISO dates: drop the entry"
        );
    }
}

/// The rewrite of `date-epoch-vs-iso` writes any instant in the other notation: the generator's
/// instants, and the diff's witnesses, which are ISO 8601 with milliseconds.
#[test]
fn dates_are_rewritten_in_the_other_notation() {
    for (iso, epoch) in TIMES {
        assert_eq!(in_other_format(iso).as_deref(), Some(*epoch));
        assert_eq!(in_other_format(epoch).as_deref(), Some(*iso));
    }
    assert_eq!(
        in_other_format("2026-01-31T12:00:00.000Z").as_deref(),
        Some("1769860800")
    );
    assert_eq!(
        in_other_format("0").as_deref(),
        Some("1970-01-01T00:00:00Z")
    );
    // A fraction of a second has no epoch-seconds form; another shape is not rewritten.
    assert_eq!(in_other_format("2026-01-31T12:00:00.123Z"), None);
    assert_eq!(in_other_format("2026-01-31"), None);
}

/// `ipv4-zero-prefix`: `0.0.0.0/0` holds every IPv4 address; iam-simulate 0.1.173 builds its
/// mask as `-1 << 32`, which JavaScript reads as `-1 << 0`, and matches none but 0.0.0.0.
#[test]
fn the_zero_prefix_holds_every_ipv4_address() {
    let sim = |operator: &str| {
        let mut context = BTreeMap::new();
        context.insert("aws:SourceIp".to_owned(), one("203.0.113.9"));
        Simulation {
            request: Request {
                principal: format!("arn:aws:iam::{A}:user/alice"),
                action: "sns:Publish".into(),
                resource: RequestResource {
                    resource: format!("arn:aws:sns:us-east-1:{A}:alerts"),
                    account_id: A.into(),
                },
                context_variables: context,
            },
            identity_policies: vec![NamedPolicy {
                name: "inline".into(),
                policy: json!({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "sns:Publish", "Resource": "*",
                     "Condition": {operator: {"aws:SourceIp": "0.0.0.0/0"}}}
                ]}),
            }],
            ..Simulation::default()
        }
    };
    let (inside, outside) = (sim("IpAddress"), sim("NotIpAddress"));
    let decide = |s: &Simulation| role_eval::simulate(s).expect("decided").decision;
    assert_eq!(decide(&inside), Outcome::Allow);
    assert_eq!(decide(&outside), Outcome::ImplicitDeny);
    // When the oracle gets it right, this entry of DISAGREEMENTS.md can go.
    if let Some(theirs) = oracle(&[inside, outside]) {
        assert_eq!(
            theirs,
            [Ok(Outcome::ImplicitDeny), Ok(Outcome::Allow)],
            "iam-simulate now reads 0.0.0.0/0: drop the entry"
        );
    }
}

/// `session-arn-beyond-session-policy`: a resource-based policy that names the session's ARN
/// grants beyond the session policy; iam-simulate 0.1.173 requires the session policy to allow.
#[test]
fn a_resource_policy_naming_the_session_grants_beyond_the_session_policy() {
    let session = format!("arn:aws:sts::{A}:assumed-role/Worker/alice");
    let sim = Simulation {
        request: Request {
            principal: session.clone(),
            action: "sns:Publish".into(),
            resource: RequestResource {
                resource: format!("arn:aws:sns:us-east-1:{A}:alerts"),
                account_id: A.into(),
            },
            context_variables: BTreeMap::new(),
        },
        resource_policy: Some(json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": session}, "Action": "sns:Publish", "Resource": "*"}
        ]})),
        session_policy: Some(json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}
        ]})),
        ..Simulation::default()
    };
    assert_eq!(
        role_eval::simulate(&sim).expect("decided").decision,
        Outcome::Allow
    );
    // When the oracle gets it right, this entry of DISAGREEMENTS.md can go.
    if let Some(theirs) = oracle(std::slice::from_ref(&sim)) {
        assert_eq!(
            theirs,
            [Ok(Outcome::ImplicitDeny)],
            "iam-simulate now lets a resource policy name the session: drop the entry"
        );
    }
}

/// `star-in-requested-resource`: a `*` in the resource a request is for is a character of its
/// name (S3 object keys may hold one; `${*}` exists to match it); iam-simulate 0.1.173 reads it
/// as a pattern, and lets a statement on any resource it overlaps apply. Found by
/// `diff_oracle.rs`: the diff's witness for a policy with `${*}` is such a resource.
#[test]
fn a_star_in_the_requested_resource_is_a_character() {
    let sim = |resource: &str, statements: serde_json::Value| Simulation {
        request: Request {
            principal: format!("arn:aws:iam::{A}:role/Worker"),
            action: "s3:PutObject".into(),
            resource: RequestResource {
                resource: format!("arn:aws:s3:::media-bucket/{resource}"),
                account_id: A.into(),
            },
            context_variables: BTreeMap::new(),
        },
        identity_policies: vec![NamedPolicy {
            name: "inline".into(),
            policy: json!({"Version": "2012-10-17", "Statement": statements}),
        }],
        ..Simulation::default()
    };
    // An Allow of one other object grants nothing on the object named `a*`.
    let other = sim(
        "uploads/a*",
        json!([{"Effect": "Allow", "Action": "s3:PutObject",
                "Resource": "arn:aws:s3:::media-bucket/uploads/ab"}]),
    );
    // `${*}` matches the object named `*`, and a Deny of everything but `uploads/x/*` denies it.
    let star = sim(
        "uploads/*",
        json!([{"Effect": "Allow", "Action": "s3:PutObject",
                "Resource": "arn:aws:s3:::media-bucket/uploads/${*}"},
               {"Effect": "Deny", "Action": "s3:PutObject",
                "NotResource": "arn:aws:s3:::media-bucket/uploads/x/*"}]),
    );
    let decide = |s: &Simulation| role_eval::simulate(s).expect("decided").decision;
    assert_eq!(decide(&other), Outcome::ImplicitDeny);
    assert_eq!(decide(&star), Outcome::ExplicitDeny);
    // When the oracle gets it right, this entry of DISAGREEMENTS.md can go.
    if let Some(theirs) = oracle(&[other, star]) {
        assert_eq!(
            theirs,
            [Ok(Outcome::Allow), Ok(Outcome::Allow)],
            "iam-simulate now reads a `*` in the requested resource as a character: drop the entry"
        );
    }
}

/// The generated requests as JSONL, for `benches/eval-vs-iam-simulate.sh`, when
/// `ROLE_EVAL_SIMULATIONS_OUT` names a file; nothing otherwise. A test of its own so that the bench
/// gets the very requests of the comparison without running it.
#[test]
fn simulations_written_when_asked() {
    let Some(path) = std::env::var_os("ROLE_EVAL_SIMULATIONS_OUT") else {
        return;
    };
    let mut out = String::new();
    for s in generate(seed(), requests()) {
        out.push_str(&serde_json::to_string(&s).unwrap());
        out.push('\n');
    }
    std::fs::write(&path, out).expect("the simulations file is writable");
    eprintln!("wrote {}", PathBuf::from(path).display());
}

/// Every element, operator, modifier, wildcard and variable the issue names appears in the
/// generated requests, so a change of the generator cannot quietly narrow the comparison.
#[test]
fn generator_covers_the_policy_language() {
    let simulations = generate(seed(), requests());
    let text: String = simulations
        .iter()
        .map(|s| serde_json::to_string(s).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let mut wanted: Vec<String> = [
        "\"identityPolicies\":[{",
        "\"permissionBoundaryPolicies\"",
        "\"sessionPolicy\"",
        "\"serviceControlPolicies\":[{",
        "\"resourceControlPolicies\":[{",
        "\"resourcePolicy\"",
        "\"NotAction\"",
        "\"NotResource\"",
        "\"NotPrincipal\"",
        "\"Principal\":\"*\"",
        "\"AWS\":\"*\"",
        "\"Service\":",
        "\"Federated\":",
        ":root\"",
        "\"sts:AssumeRole\"",
        "\"sts:AssumeRoleWithWebIdentity\"",
        "assumed-role/Worker/",
        "IfExists\"",
        "\"ForAnyValue:",
        "\"ForAllValues:",
        "\"Null\"",
        "${aws:username}",
        "${aws:PrincipalTag/team}",
        "${aws:SourceIp}",
        "${*}",
        "${?}",
        "${$}",
        ", 'alice'}",
        "2001:db8::/32",
        "AWS:",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for op in STRING_OPS
        .iter()
        .chain(NUMERIC_OPS)
        .chain(DATE_OPS)
        .chain(ARN_OPS)
        .chain(&["Bool", "BinaryEquals", "IpAddress", "NotIpAddress"])
    {
        wanted.push(format!("\"{op}\""));
    }
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|w| !text.contains(w.as_str()))
        .collect();
    assert!(missing.is_empty(), "the generator never writes {missing:?}");
    let again = generate(seed(), 50);
    assert_eq!(
        again[..],
        simulations[..50],
        "the generator is deterministic"
    );
}

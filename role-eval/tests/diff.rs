//! The diff against a corpus of policy pairs (`tests/diff/*.json`, each with whether NEW adds
//! access and whether it removes some), and properties over generated policies: a policy
//! against itself, reordered, split or merged is no change; a statement added is what it adds.
//! Every witness printed is decided again here by the evaluator on both sides.

use std::sync::OnceLock;

use proptest::prelude::*;
use role_eval::diff::{
    Actions, Certainty, Change, Diff, Finding, Principal, diff, diff_over, diff_principals,
};
use role_eval::{NamedPolicy, Outcome, Simulation};
use serde_json::{Value, json};

fn actions() -> &'static Vec<String> {
    static ACTIONS: OnceLock<Vec<String>> = OnceLock::new();
    ACTIONS.get_or_init(|| {
        let catalogue = role_core::catalogue::Catalogue::current().expect("the catalogue");
        catalogue
            .services()
            .flat_map(|s| s.actions().map(|a| a.full_name()).collect::<Vec<_>>())
            .collect()
    })
}

fn side(document: &Value) -> Vec<NamedPolicy> {
    vec![NamedPolicy {
        name: "policy".into(),
        policy: document.clone(),
    }]
}

fn run(old: &Value, new: &Value) -> Diff {
    diff_over(&side(old), &side(new), catalogue_actions()).expect("documents are policies")
}

/// The catalogue's actions with their resource types' ARN formats, as `role-cli diff` reads them.
fn catalogue_actions() -> &'static Actions {
    static READ: OnceLock<Actions> = OnceLock::new();
    READ.get_or_init(|| {
        role_core::catalogue::Catalogue::current()
            .expect("the catalogue")
            .diff_actions()
    })
}

/// The diff as it reads when no resource type is known (`Actions::new`): strings compared.
fn run_untyped(old: &Value, new: &Value) -> Diff {
    static READ: OnceLock<Actions> = OnceLock::new();
    let read = READ.get_or_init(|| {
        let names: Vec<&str> = actions().iter().map(String::as_str).collect();
        Actions::new(&names)
    });
    diff_over(&side(old), &side(new), read).expect("documents are policies")
}

fn allows_within(document: &Value, boundary: Option<&Value>, finding: &Finding) -> bool {
    let simulation = Simulation {
        request: finding.witness.clone(),
        identity_policies: side(document),
        permission_boundary_policies: boundary.map(side),
        // As the diff decides a witness: a KMS key's policy delegates to the account, as a
        // key's default policy does (a witness is a key's ARN, not `*`).
        resource_policy: Some(json!({"Statement": [{"Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{}:root", role_eval::diff::WITNESS_ACCOUNT)},
            "Action": "*", "Resource": "*"}]})),
        ..Simulation::default()
    };
    role_eval::simulate(&simulation).unwrap().decision == Outcome::Allow
}

/// Every verified witness is allowed by one side and denied by the other, as it says.
fn check_witnesses(old: &Value, new: &Value, diff: &Diff) {
    check_bounded_witnesses([old, new], [None, None], diff);
}

/// As [`check_witnesses`], each side within its boundary, if it has one.
fn check_bounded_witnesses(sides: [&Value; 2], boundaries: [Option<&Value>; 2], diff: &Diff) {
    let [old, new] = sides;
    for f in diff
        .findings
        .iter()
        .filter(|f| f.certainty == Certainty::Verified)
    {
        let (o, n) = (
            allows_within(old, boundaries[0], f),
            allows_within(new, boundaries[1], f),
        );
        match f.change {
            Change::Added => assert!(n && !o, "witness {:?}", f.witness),
            Change::Removed => assert!(o && !n, "witness {:?}", f.witness),
        }
    }
}

#[test]
fn corpus() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/diff");
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "the corpus is there");
    let mut wrong = Vec::new();
    for file in files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        // A side's permissions boundary, where the case gives one.
        let boundaries = [case.get("old_boundary"), case.get("new_boundary")];
        let (old, new) = (side(&case["old"]), side(&case["new"]));
        let (old_boundary, new_boundary) = (boundaries[0].map(side), boundaries[1].map(side));
        let d = diff_principals(
            &Principal {
                policies: &old,
                boundary: old_boundary.as_deref(),
            },
            &Principal {
                policies: &new,
                boundary: new_boundary.as_deref(),
            },
            catalogue_actions(),
        )
        .expect("documents are policies");
        check_bounded_witnesses([&case["old"], &case["new"]], boundaries, &d);
        let added = d.added().next().is_some();
        let removed = d.removed().next().is_some();
        let possible = d
            .findings
            .iter()
            .any(|f| f.certainty == Certainty::Possible);
        if added != case["added"] || removed != case["removed"] || possible {
            wrong.push(format!(
                "{}: added {added}, removed {removed}, possible {possible}: {:#?}",
                file.display(),
                d.findings
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_added_action_is_named_with_its_witness() {
    let old = json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]});
    let new = json!({"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"}]});
    let d = run(&old, &new);
    assert_eq!(d.findings.len(), 1);
    let f = &d.findings[0];
    assert_eq!(f.change, Change::Added);
    assert_eq!(f.certainty, Certainty::Verified);
    assert_eq!(f.actions, ["s3:PutObject"]);
    assert!(f.witness.resource.resource.starts_with("arn:aws:s3:::b/"));
}

#[test]
fn diff_reads_the_actions_itself_and_answers_as_diff_over() {
    let old = json!({"Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]});
    let new = json!({"Statement": [{"Effect": "Allow", "Action": "s3:*Object", "Resource": "*"}]});
    let names: Vec<&str> = actions().iter().map(String::as_str).collect();
    let d = diff(&side(&old), &side(&new), &names).unwrap();
    assert_eq!(d, run_untyped(&old, &new));
    assert!(d.added().next().is_some() && d.removed().next().is_some());
}

#[test]
fn a_wildcard_equals_the_list_of_what_it_matches() {
    let gets: Vec<&String> = actions()
        .iter()
        .filter(|a| a.starts_with("s3:Get"))
        .collect();
    assert!(gets.len() > 10);
    let old = json!({"Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]});
    let new = json!({"Statement": [{"Effect": "Allow", "Action": gets, "Resource": "*"}]});
    assert_eq!(run(&old, &new), Diff::default());
    assert_eq!(run(&new, &old), Diff::default());
}

#[test]
fn set_operators_are_compared_exactly() {
    let old = json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": ["a*"]}}}]});
    let new = json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": ["a*", "b*"]}}}]});
    let d = run(&old, &new);
    assert_eq!(d.findings.len(), 1, "{d:#?}");
    assert_eq!(d.findings[0].certainty, Certainty::Verified);
    check_witnesses(&old, &new, &d);
    // ForAllValues over the same values, written otherwise: no change.
    let all = |values: Value| {
        json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"ForAllValues:StringLike": {"aws:TagKeys": values}}}]})
    };
    assert_eq!(
        run(&all(json!(["a*", "ab*"])), &all(json!(["a*"]))),
        Diff::default()
    );
}

#[test]
fn a_condition_it_cannot_compare_is_possible_not_no_change() {
    // A value holding a policy variable: the key's answer depends on another key's value.
    let doc = |values: Value| {
        json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"StringEquals": {"aws:ResourceTag/team": values}}}]})
    };
    let old = doc(json!(["${aws:PrincipalTag/team}"]));
    let new = doc(json!(["${aws:PrincipalTag/team}", "ops"]));
    let d = run(&old, &new);
    assert!(d.added().next().is_some(), "{d:#?}");
    check_witnesses(&old, &new, &d);
    for f in d.added().filter(|f| f.certainty == Certainty::Possible) {
        assert!(
            f.notes.iter().any(|n| n.contains("aws:ResourceTag/team")),
            "{f:#?}"
        );
    }
}

#[test]
fn a_key_in_a_resource_and_a_condition_has_one_value_in_the_witness() {
    // Found by tests/tests/diff_oracle.rs (generated pair 251 of its seed 0xd1ff2026): the
    // stand-in for `${aws:SourceIp}` (its key in lowercase) beside the condition's
    // `aws:SourceIp` gave a witness two values of one key, and iam-simulate read the other one.
    let policy = |ips: Value, denied: Value| {
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["ssm:GetParameter", "s3:PutObject", "s3:PutObjectAcl"],
             "Resource": ["arn:aws:s3:::media-bucket/uploads/2026/report.csv"]},
            {"Effect": "Allow", "Action": ["s3:PutObject"],
             "Resource": ["arn:aws:s3:::media-bucket/uploads/202*"],
             "Condition": {"IpAddress": {"aws:SourceIp": ips}}},
            {"Effect": "Allow", "Action": ["s3:*"],
             "Resource": "arn:aws:s3:::media-bucket/uploads/2026/report.csv"},
            {"Effect": "Deny", "Action": ["s3:PutObject", "S3:putObjeCt"], "Resource": denied}]})
    };
    let variable = "arn:aws:s3:::media-bucket/uploads/${aws:SourceIp}/*";
    let old = policy(
        json!(["198.51.100.7/32", "192.0.2.0/25", "203.0.113.0/24"]),
        json!([
            "arn:aws:s3:::media-bucket/uploads/2026/report.csv",
            variable
        ]),
    );
    let new = policy(json!("2001:db8::/32"), json!(variable));
    let d = run(&old, &new);
    assert!(
        d.added().next().is_some() && d.removed().next().is_some(),
        "{d:#?}"
    );
    for f in &d.findings {
        let mut keys: Vec<String> = f
            .witness
            .context_variables
            .keys()
            .map(|k| k.to_ascii_lowercase())
            .collect();
        keys.sort();
        let mut distinct = keys.clone();
        distinct.dedup();
        assert_eq!(keys, distinct, "{:?}", f.witness.context_variables);
    }
    check_witnesses(&old, &new, &d);
}

// Generated policies: statements over a few services, actions, resources and conditions, so
// that they overlap often.

fn statement() -> impl Strategy<Value = Value> {
    let action = prop::sample::select(vec![
        "s3:GetObject",
        "s3:Get*",
        "s3:*Object",
        "s3:PutObject",
        "sqs:*",
        "sqs:SendMessage",
        "*",
    ]);
    let resource = prop::sample::select(vec![
        "*",
        "arn:aws:s3:::b/*",
        "arn:aws:s3:::b/a/*",
        "arn:aws:s3:::b/a?",
        "arn:aws:sqs:*:*:q",
        "arn:aws:s3:::*",
    ]);
    let condition = prop::option::of(prop::sample::select(vec![
        json!({"StringLike": {"aws:PrincipalTag/team": "a*"}}),
        json!({"StringEquals": {"aws:PrincipalTag/team": "ab"}}),
        json!({"Bool": {"aws:SecureTransport": "true"}}),
        json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}),
        json!({"NumericLessThan": {"s3:max-keys": "10"}}),
        json!({"ForAnyValue:StringLike": {"aws:TagKeys": ["a*", "b"]}}),
        json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}),
    ]));
    (
        prop::bool::weighted(0.75),
        prop::collection::vec(action, 1..3),
        prop::collection::vec(resource, 1..3),
        condition,
    )
        .prop_map(|(allow, actions, resources, condition)| {
            let mut s = json!({
                "Effect": if allow { "Allow" } else { "Deny" },
                "Action": actions,
                "Resource": resources,
            });
            if let Some(c) = condition {
                s["Condition"] = c;
            }
            s
        })
}

fn document(statements: Vec<Value>) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// Each statement with several actions split into one statement per action.
fn split(statements: &[Value]) -> Vec<Value> {
    let mut out = Vec::new();
    for s in statements {
        for action in s["Action"].as_array().unwrap() {
            let mut one = s.clone();
            one["Action"] = action.clone();
            out.push(one);
        }
    }
    out
}

/// Whether a request for `action` on `resource` can be made: the resource is an ARN of one of
/// the action's resource types. The diff compares those.
fn exists(action: &str, resource: &str) -> bool {
    let catalogue = role_core::catalogue::Catalogue::current().expect("the catalogue");
    let action = catalogue.action_named(action).expect("a catalogue action");
    // An action with no resource type: any resource, as the diff cannot tell which it names.
    !action.supports_resource_level_permissions()
        || (resource != "*"
            && action
                .arn_formats()
                .any(|f| f.may_match(&[role_core::catalogue::ResourcePiece::Text(resource)])))
}

/// Requests over the generated policies' vocabulary: every one that the two sides decide
/// differently must be covered by a finding of that direction for its action.
fn check_by_sampling(old: &Value, new: &Value, diff: &Diff) -> Result<(), String> {
    let actions = [
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "sqs:SendMessage",
        "ec2:RunInstances",
    ];
    let resources = [
        "arn:aws:s3:::b/x",
        "arn:aws:s3:::b/a/x",
        "arn:aws:s3:::b/ab",
        "arn:aws:sqs:us-east-1:1:q",
        "*",
    ];
    let contexts = [
        json!({}),
        json!({"aws:PrincipalTag/team": "ab", "aws:SecureTransport": "true", "aws:SourceIp": "10.1.1.1", "s3:max-keys": "5"}),
        json!({"aws:PrincipalTag/team": "ax", "aws:SecureTransport": "false", "aws:SourceIp": "11.1.1.1", "s3:max-keys": "50"}),
        json!({"aws:TagKeys": ["a", "b"]}),
        json!({"aws:TagKeys": ["ax", "c"]}),
        json!({"aws:TagKeys": []}),
        json!({"aws:TagKeys": "a"}),
    ];
    for action in actions {
        for resource in resources.into_iter().filter(|r| exists(action, r)) {
            for context in &contexts {
                let request: role_eval::Request = serde_json::from_value(json!({
                    "principal": role_eval::diff::WITNESS_PRINCIPAL,
                    "action": action,
                    "resource": {"resource": resource, "accountId": role_eval::diff::WITNESS_ACCOUNT},
                    "contextVariables": context,
                })).unwrap();
                let decide = |d: &Value| {
                    let simulation = Simulation {
                        request: request.clone(),
                        identity_policies: side(d),
                        ..Simulation::default()
                    };
                    role_eval::simulate(&simulation).unwrap().decision == Outcome::Allow
                };
                let (o, n) = (decide(old), decide(new));
                let wanted = match (o, n) {
                    (false, true) => Change::Added,
                    (true, false) => Change::Removed,
                    _ => continue,
                };
                if !diff
                    .findings
                    .iter()
                    .any(|f| f.change == wanted && f.actions.iter().any(|a| a == action))
                {
                    return Err(format!(
                        "{wanted:?} {action} on {resource} with {context} is not reported"
                    ));
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_two_policies_differ_only_where_reported(
        a in prop::collection::vec(statement(), 1..5),
        b in prop::collection::vec(statement(), 1..5),
    ) {
        let (p, q) = (document(a), document(b));
        let d = run(&p, &q);
        check_witnesses(&p, &q, &d);
        // Every condition generated is of a kind compared exactly.
        prop_assert!(d.findings.iter().all(|f| f.certainty == Certainty::Verified), "{:#?}", d.findings);
        prop_assert_eq!(check_by_sampling(&p, &q, &d), Ok(()));
    }

    #[test]
    fn a_policy_against_itself_is_no_change(statements in prop::collection::vec(statement(), 1..6)) {
        let p = document(statements);
        prop_assert_eq!(run(&p, &p), Diff::default());
    }

    #[test]
    fn reordered_split_or_merged_is_no_change(
        statements in prop::collection::vec(statement(), 1..6),
        seed in any::<u64>(),
    ) {
        let p = document(statements.clone());
        let mut shuffled = split(&statements);
        let len = shuffled.len();
        for i in 0..len {
            shuffled.swap(i, (seed as usize).wrapping_add(i * 7) % len);
        }
        let q = document(shuffled);
        let d = run(&p, &q);
        prop_assert!(d.findings.is_empty(), "{:#?}", d.findings);
        let d = run(&q, &p);
        prop_assert!(d.findings.is_empty(), "{:#?}", d.findings);
    }

    #[test]
    fn a_statement_added_adds_what_it_allows(
        statements in prop::collection::vec(statement(), 1..5),
        extra in statement(),
    ) {
        let p = document(statements.clone());
        let mut more = statements;
        more.push(extra.clone());
        let q = document(more);
        let d = run(&p, &q);
        check_witnesses(&p, &q, &d);
        prop_assert_eq!(check_by_sampling(&p, &q, &d), Ok(()));
        prop_assert!(d.findings.iter().all(|f| f.certainty == Certainty::Verified), "{:#?}", d.findings);
        if extra["Effect"] == "Allow" {
            prop_assert!(d.removed().next().is_none());
            // Every added finding is granted by the new statement.
            for f in d.added() {
                prop_assert!(f.granted_by.iter().any(|s| s.index == q["Statement"].as_array().unwrap().len() - 1));
            }
        } else {
            prop_assert!(d.added().next().is_none());
        }
        // Requests sampled at every witness of the reverse direction agree too: what is not
        // reported is the same on both sides.
        let r = run(&q, &p);
        for f in r.findings.iter() {
            prop_assert!(d.findings.iter().any(|g| g.change != f.change));
        }
    }
}

// Resource patterns of a small alphabet, wildcards included, against resources of the same
// alphabet: the automata must find every difference the evaluator sees, and only those.

fn pattern() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!['a', 'b', '*', '?', '/', ':']),
        0..6,
    )
    .prop_map(|chars| format!("arn:aws:s3:::{}", chars.into_iter().collect::<String>()))
}

fn resource_statement() -> impl Strategy<Value = Value> {
    (
        prop::bool::weighted(0.7),
        prop::bool::weighted(0.15),
        prop::collection::vec(pattern(), 1..3),
    )
        .prop_map(|(allow, not, resources)| {
            let mut s =
                json!({"Effect": if allow { "Allow" } else { "Deny" }, "Action": "s3:GetObject"});
            s[if not { "NotResource" } else { "Resource" }] = json!(resources);
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn resource_globs_are_compared_exactly(
        a in prop::collection::vec(resource_statement(), 1..4),
        b in prop::collection::vec(resource_statement(), 1..4),
        samples in prop::collection::vec(
            prop::collection::vec(prop::sample::select(vec!['a', 'b', '/', ':', 'c']), 0..7),
            40,
        ),
    ) {
        let (p, q) = (document(a), document(b));
        let d = run(&p, &q);
        let untyped = run_untyped(&p, &q);
        for d in [&d, &untyped] {
            check_witnesses(&p, &q, d);
            prop_assert!(d.findings.iter().all(|f| f.certainty == Certainty::Verified), "{:#?}", d.findings);
        }
        for chars in samples {
            let resource = format!("arn:aws:s3:::{}", chars.into_iter().collect::<String>());
            let request: role_eval::Request = serde_json::from_value(json!({
                "principal": role_eval::diff::WITNESS_PRINCIPAL,
                "action": "s3:GetObject",
                "resource": {"resource": resource, "accountId": role_eval::diff::WITNESS_ACCOUNT},
            })).unwrap();
            let decide = |doc: &Value| {
                let simulation = Simulation { request: request.clone(), identity_policies: side(doc), ..Simulation::default() };
                role_eval::simulate(&simulation).unwrap().decision == Outcome::Allow
            };
            let wanted = match (decide(&p), decide(&q)) {
                (false, true) => Change::Added,
                (true, false) => Change::Removed,
                _ => continue,
            };
            // Read as strings, every difference is one; read by type, those on an object.
            let reported = |d: &Diff| {
                d.findings.iter().any(|f| f.change == wanted && f.actions.iter().any(|x| x == "s3:GetObject"))
            };
            prop_assert!(reported(&untyped), "{wanted:?} on {resource} not reported: {:#?}", untyped.findings);
            prop_assert!(
                reported(&d) || !exists("s3:GetObject", &resource),
                "{wanted:?} on {resource} not reported: {:#?}", d.findings
            );
        }
    }
}

fn trust(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn run_trust(old: &Value, new: &Value) -> Diff {
    let names: Vec<&str> = actions().iter().map(String::as_str).collect();
    role_eval::diff::diff_trust(
        old,
        new,
        "arn:aws:iam::111122223333:role/r",
        &Actions::new(&names),
    )
    .unwrap()
}

#[test]
fn trust_policies_compare_who_may_assume() {
    let lambda = json!({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"});
    let ec2 = json!({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"});
    let both = json!({"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]}, "Action": "sts:AssumeRole"});
    let old = trust(json!([lambda]));
    // Split or merged principals: no change.
    assert_eq!(
        run_trust(&trust(json!([lambda, ec2])), &trust(json!([both]))),
        Diff::default()
    );
    let d = run_trust(&old, &trust(json!([both])));
    assert_eq!(d.findings.len(), 1, "{d:#?}");
    let f = &d.findings[0];
    assert_eq!(
        (f.change, f.certainty),
        (Change::Added, Certainty::Verified)
    );
    assert_eq!(f.witness.principal, "ec2.amazonaws.com");
    assert_eq!(f.actions, ["sts:AssumeRole"]);
}

#[test]
fn a_trust_condition_widened_is_new_access_for_that_provider() {
    let oidc = |sub: &str| {
        trust(json!([{"Effect": "Allow",
            "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": sub}}}]))
    };
    let d = run_trust(
        &oidc("repo:acme/app:ref:refs/heads/main"),
        &oidc("repo:acme/*"),
    );
    assert!(d.removed().next().is_none(), "{d:#?}");
    let f = d.added().next().expect("new access");
    assert_eq!(f.certainty, Certainty::Verified, "{f:#?}");
    assert!(
        f.witness
            .context_variables
            .contains_key("token.actions.githubusercontent.com:sub")
    );
    // Anyone else: a `*` principal opens the role to a principal neither side names.
    let anyone =
        trust(json!([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]));
    let d = run_trust(&oidc("repo:acme/*"), &anyone);
    assert!(
        d.added()
            .any(|f| f.witness.principal.contains("someone-else")),
        "{d:#?}"
    );
}

#[test]
fn a_witness_reads_as_an_arn_of_the_actions_resource_type() {
    let old = json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": ["arn:aws:s3:::data/*", "arn:*:s3:::logs/*"]}]});
    let new = json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::data/*"}]});
    let d = run(&old, &new);
    check_witnesses(&old, &new, &d);
    let f = d.removed().next().expect("the logs objects are gone");
    assert_eq!(f.witness.resource.resource, "arn:aws:s3:::logs/object-name");
    // Read as strings, the same pair's witness is the shortest string in the cell.
    let f = run_untyped(&old, &new).findings.remove(0);
    assert_ne!(f.witness.resource.resource, "arn:aws:s3:::logs/object-name");
}

#[test]
fn a_resource_of_another_type_changes_nothing_for_the_action() {
    // s3:ListBucket acts on buckets: objects named beside it grant it nothing.
    let old = json!({"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket",
        "Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"]}]});
    let new = json!({"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket",
        "Resource": "arn:aws:s3:::data"}]});
    assert_eq!(run(&old, &new), Diff::default());
    assert!(run_untyped(&old, &new).removed().next().is_some());
}

#[test]
fn a_finding_a_boundary_makes_says_so() {
    let identity =
        side(&json!({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}));
    let boundary = side(
        &json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}),
    );
    let d = diff_principals(
        &Principal::unbounded(&identity),
        &Principal {
            policies: &identity,
            boundary: Some(&boundary),
        },
        catalogue_actions(),
    )
    .unwrap();
    assert!(d.added().next().is_none(), "{d:#?}");
    let f = d.removed().next().expect("the boundary removes access");
    assert_eq!(f.certainty, Certainty::Verified);
    assert!(!f.actions.iter().any(|a| a == "s3:GetObject"), "{f:#?}");
    assert!(
        f.notes
            .iter()
            .any(|n| n == "NEW's permissions boundary does not allow it"),
        "{f:#?}"
    );
}

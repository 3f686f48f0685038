//! The registry's shape and the rules that need the smallest examples to pin down; the labelled
//! corpus (`tests/lint/`) covers every lint from the outside.

use super::*;
use crate::project::{Project, SourceFile};

fn lint(path: &str, text: &str) -> Vec<LintFinding> {
    let files = [SourceFile {
        path: path.into(),
        text: text.into(),
    }];
    let scanned = Project::scan(&files);
    assert!(!scanned.has_errors(), "{:?}", scanned.findings);
    project(&files, &scanned)
        .into_iter()
        .map(|f| f.finding)
        .collect()
}

fn codes(found: &[LintFinding]) -> Vec<&'static str> {
    found.iter().map(|f| f.lint.code).collect()
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    for (i, a) in ALL.iter().enumerate() {
        assert!(a.code.starts_with("RL") && a.code.len() == 5, "{}", a.code);
        assert!(
            a.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            a.code
        );
        assert!(
            a.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{}",
            a.name
        );
        assert!(!a.why.is_empty() && !a.fix.is_empty() && !a.doc.is_empty());
        for b in &ALL[i + 1..] {
            assert!(
                a.code != b.code && a.name != b.name,
                "{} {}",
                a.code,
                b.code
            );
        }
    }
    assert_eq!(find("rl101").map(|l| l.name), Some("star-action"));
    assert_eq!(find("resource-star").map(|l| l.code), Some("RL103"));
}

#[test]
fn wildcard_only_actions_are_not_over_broad_on_star() {
    let json = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "ec2:DescribeInstances"], "Resource": "*"}]}"#;
    assert!(codes(&lint("p.json", json)).is_empty());
    let json = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "s3:PutObject"], "Resource": "*"}]}"#;
    let found = lint("p.json", json);
    assert_eq!(codes(&found), ["RL103"]);
    assert!(
        found[0].message.contains("`s3:PutObject`"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_statement_accept_comes_before_the_role_and_unused_ones_warn() {
    let source = r#"
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app",
          accept("RL112", "passed to the job runner, which takes any service")),
    accept("RL112", "stale"),
)]
pub struct Runner;
"#;
    let found = lint("a.rs", source);
    assert_eq!(codes(&found), ["RL112", "RL901"]);
    let accepted = found[0].accepted.as_ref().expect("accepted");
    assert_eq!(
        accepted.reason,
        "passed to the job runner, which takes any service"
    );
    assert!(found[1].accepted.is_none());
}

#[test]
fn accept_without_a_reason_or_with_a_check_code_is_an_error() {
    let source = r#"
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::b/*", accept("RL103")),
    accept("RD511", "a check, not a lint"),
)]
pub struct Reader;
"#;
    let project = Project::scan(&[SourceFile {
        path: "a.rs".into(),
        text: source.into(),
    }]);
    let errors: Vec<_> = project
        .findings
        .iter()
        .filter(|f| f.finding.code == crate::diag::Code::InvalidAccept)
        .map(|f| f.finding.message.clone())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("needs its reason")));
    assert!(errors.iter().any(|e| e.contains("`RD511` is no lint code")));
}

#[test]
fn placeholders_are_no_placeholders_when_they_are_policy_variables() {
    assert!(subject::has_placeholder("arn:aws:s3:::{bucket}/*"));
    assert!(!subject::has_placeholder("home/${aws:username}/*"));
    assert!(!subject::has_placeholder("{{literal}}"));
}

#[test]
fn a_tag_key_listed_as_aws_placeholder_stands_for_every_tag() {
    let json = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:*:*:secret:*",
        "Condition": {"StringEquals": {"secretsmanager:ResourceTag/aws:secretsmanager:owningService": "x"}}}]}"#;
    let found = lint("p.json", json);
    assert!(
        codes(&found).is_empty(),
        "{:?}",
        found.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
}

#[test]
fn keys_and_values_of_any_text_do_not_panic() {
    let json = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/ü.example"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"ü.example:äud": "ü", "é": "*?", "ü.example:sub": "ü"}}}]}"#;
    let files = [SourceFile {
        path: "t.json".into(),
        text: json.into(),
    }];
    let found = project(&files, &Project::scan(&files));
    assert!(found.iter().any(|f| f.finding.lint.code == "RL204"));
}

#[test]
fn a_json_trust_policy_over_the_default_quota_is_flagged() {
    let statement = |i: usize| {
        format!(
            r#"{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::123456789012:role/ci-runner-{i:03}"}}, "Action": "sts:AssumeRole"}}"#
        )
    };
    let doc = |n: usize| {
        let statements: Vec<String> = (0..n).map(statement).collect();
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            statements.join(", ")
        )
    };
    assert!(codes(&lint("small.json", &doc(10))).is_empty());
    let found = lint("large.json", &doc(30));
    assert_eq!(codes(&found), ["RL411"]);
    assert!(
        found[0].message.contains("default quota is 2048"),
        "{}",
        found[0].message
    );
}

#[test]
fn trust_and_role_level_accepts_silence_their_own_findings() {
    let source = r#"
#[role(
    trust(account = "111122223333", accept("RL202", "the tooling account's SSO admins assume it")),
    managed = ["AdministratorAccess"],
    accept("RL401", "the break-glass role"),
)]
pub struct BreakGlass;
"#;
    let found = lint("a.rs", source);
    assert_eq!(codes(&found), ["RL202", "RL401"]);
    assert!(found.iter().all(|f| f.accepted.is_some()));
}

/// The findings of RL116 and RL117 alone (RL103 and the others say their own part).
fn exposure(json_statements: &str) -> Vec<LintFinding> {
    let json = format!(r#"{{"Version": "2012-10-17", "Statement": [{json_statements}]}}"#);
    lint("p.json", &json)
        .into_iter()
        .filter(|f| matches!(f.lint.code, "RL116" | "RL117"))
        .collect()
}

#[test]
fn every_exposure_action_is_in_the_catalogue() {
    let catalogue = crate::catalogue::Catalogue::current().expect("the embedded catalogue");
    let missing: Vec<String> = exposure::all_listed()
        .filter(|a| catalogue.action_named(a).is_none())
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn exposure_is_every_resource_of_the_type_not_a_resource_ending_in_a_star() {
    let on = |resource: &str| {
        codes(&exposure(&format!(
            r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "{resource}"}}"#
        )))
    };
    assert_eq!(on("*"), ["RL117"]);
    assert_eq!(on("arn:aws:s3:::*/*"), ["RL117"]);
    assert_eq!(on("arn:aws:s3:::*"), ["RL117"]);
    assert!(on("arn:aws:s3:::data/*").is_empty());
    assert!(on("arn:aws:s3:::logs-*/*").is_empty());
    assert!(on("arn:aws:s3:::*/home/${aws:username}/*").is_empty());
    let secrets = |resource: &str| {
        codes(&exposure(&format!(
            r#"{{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "{resource}"}}"#
        )))
    };
    assert_eq!(secrets("arn:aws:secretsmanager:*:*:secret:*"), ["RL117"]);
    assert_eq!(
        secrets("arn:aws:secretsmanager:us-east-1:123456789012:secret:*"),
        ["RL117"]
    );
    assert!(secrets("arn:aws:secretsmanager:us-east-1:123456789012:secret:app/*").is_empty());
}

#[test]
fn exposure_wildcards_expand_and_star_is_left_to_rl101() {
    let found = exposure(
        r#"{"Effect": "Allow", "Action": ["s3:Get*", "ssm:GetParameter*"], "Resource": "*"}"#,
    );
    assert_eq!(codes(&found), ["RL117"]);
    let message = &found[0].message;
    for part in [
        "`s3:GetObject`",
        "more",
        "(through `s3:Get*`, `ssm:GetParameter*`)",
        "`*`",
    ] {
        assert!(message.contains(part), "{message}");
    }
    assert!(exposure(r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#).is_empty());
    let found = exposure(r#"{"Effect": "Allow", "Action": "sts:*", "Resource": "*"}"#);
    assert_eq!(codes(&found), ["RL116"]);
    assert!(
        found[0].message.contains("`sts:AssumeRole`"),
        "{}",
        found[0].message
    );
}

#[test]
fn exposure_leaves_wildcard_only_actions_and_rl113s_alone() {
    let found = exposure(
        r#"{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "sts:GetSessionToken", "iam:CreateAccessKey"], "Resource": "*"}"#,
    );
    assert!(found.is_empty(), "{:?}", codes(&found));
    let found = exposure(
        r#"{"Effect": "Allow", "Action": ["iam:UpdateAccessKey", "iam:CreateAccessKey"], "Resource": "arn:aws:iam::*:user/*"}"#,
    );
    assert_eq!(codes(&found), ["RL116"]);
    assert!(
        found[0]
            .message
            .starts_with("`iam:UpdateAccessKey` returns credentials"),
        "{}",
        found[0].message
    );
    let own = exposure(
        r#"{"Effect": "Allow", "Action": "iam:UpdateAccessKey", "Resource": "arn:aws:iam::*:user/${aws:username}"}"#,
    );
    assert!(own.is_empty());
}

#[test]
fn a_condition_on_the_resource_narrows_exposure_one_on_the_request_does_not() {
    let with = |condition: &str| {
        codes(&exposure(&format!(
            r#"{{"Effect": "Allow", "Action": ["kms:Decrypt", "secretsmanager:GetSecretValue"], "Resource": "*", "Condition": {condition}}}"#
        )))
    };
    assert!(with(r#"{"StringEquals": {"aws:ResourceTag/team": "web"}}"#).is_empty());
    assert!(with(r#"{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#).is_empty());
    assert_eq!(
        with(r#"{"Bool": {"aws:SecureTransport": "true"}}"#),
        ["RL117"]
    );
    // kms:ViaService narrows kms:Decrypt, not secretsmanager:GetSecretValue.
    let found = exposure(
        r#"{"Effect": "Allow", "Action": ["kms:Decrypt", "secretsmanager:GetSecretValue"], "Resource": "*",
            "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}"#,
    );
    assert_eq!(codes(&found), ["RL117"]);
    assert!(
        found[0]
            .message
            .starts_with("`secretsmanager:GetSecretValue` returns"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_deny_that_leaves_only_named_resources_suppresses_exposure() {
    let allow =
        r#"{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}"#;
    let but = |deny: &str| codes(&exposure(&format!("{allow}, {deny}")));
    assert!(but(r#"{"Effect": "Deny", "Action": "secretsmanager:*", "NotResource": "arn:aws:secretsmanager:*:*:secret:app/*"}"#).is_empty());
    assert!(
        but(
            r#"{"Effect": "Deny", "Action": "secretsmanager:GetSecretValue", "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:ResourceTag/team": "web"}}}"#
        )
        .is_empty()
    );
    assert_eq!(
        but(
            r#"{"Effect": "Deny", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:*:*:secret:prod/*"}"#
        ),
        ["RL117"]
    );
    assert_eq!(
        but(
            r#"{"Effect": "Deny", "Action": "secretsmanager:GetSecretValue", "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"#
        ),
        ["RL117"]
    );
    assert_eq!(
        codes(&exposure(
            r#"{"Effect": "Allow", "Action": "ssm:GetParameter", "NotResource": "arn:aws:ssm:*:*:parameter/admin/*"}"#
        )),
        ["RL117"]
    );
}

#[test]
fn pass_any_role_reads_every_role_from_the_catalogue() {
    let on = |resource: &str| {
        let json = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "{resource}",
                "Condition": {{"StringEquals": {{"iam:PassedToService": "lambda.amazonaws.com"}}}}}}]}}"#
        );
        codes(&lint("p.json", &json))
    };
    assert_eq!(on("arn:aws:iam::123456789012:role/*"), ["RL111"]);
    assert_eq!(on("arn:aws:iam::*:*"), ["RL111"]);
    assert_eq!(on("arn:aws:iam::123456789012:role*"), ["RL111"]);
    assert!(on("arn:aws:iam::123456789012:role/service-role/*").is_empty());
    assert!(on("arn:aws:iam::123456789012:role/app").is_empty());
}

#[test]
fn every_confused_deputy_service_names_its_aws_page_once() {
    let list = include_str!("../../data/confused-deputy.txt");
    let mut seen = Vec::new();
    for line in list.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields.len(), 2, "principal then source: {line}");
        assert!(fields[0].ends_with(".amazonaws.com"), "{line}");
        assert!(
            fields[1].starts_with("https://docs.aws.amazon.com/"),
            "{line}"
        );
        assert!(!seen.contains(&fields[0]), "listed twice: {line}");
        seen.push(fields[0]);
    }
    assert_eq!(deputy::services().len(), seen.len());
    // Services that assume their roles without the keys, or whose other roles AWS documents
    // without them: a finding there would have users lock the service out.
    for never in [
        "ec2",
        "lambda",
        "ecs-tasks",
        "ssm",
        "cloudformation",
        "sagemaker",
    ] {
        let host = format!("{never}.amazonaws.com");
        assert!(!deputy::services().contains(&host), "{host}");
    }
}

#[test]
fn a_listed_service_is_flagged_until_the_trust_names_the_source() {
    let bare = "#[role(trust(service = \"states.amazonaws.com\"))]\npub struct Flow;\n";
    assert_eq!(codes(&lint("flow.rs", bare)), ["RL203"]);
    let pinned = "#[role(trust(service = \"states.amazonaws.com\", when(StringEquals(\"aws:SourceAccount\", \"{account_id}\"))))]\npub struct Flow;\n";
    assert!(codes(&lint("flow.rs", pinned)).is_empty());
}

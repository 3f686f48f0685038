//! `role-cli simulate` and `role-cli can`, run as a user runs them: roles from source, raw
//! documents, `--requests` batches, the text and JSON outputs, `--expect` and the exit codes.

use serde_json::Value;

mod support;
use support::Folder;

const ROLES: &str = r#"use role_dsl::{policy, role};

/// Writes the logs of one bucket, and never deletes.
#[role(
    name = "log-writer",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:{partition}:s3:::{bucket}/*", sid = "Write"),
    deny("s3:DeleteObject", on = "*", sid = "NeverDelete"),
)]
pub struct LogWriter { pub bucket: String }

/// Reads the data bucket from the office network.
#[role(
    trust(oidc = "token.actions.githubusercontent.com", when(StringLike("token.actions.githubusercontent.com:sub", "repo:acme/*"))),
    allow("s3:GetObject", on = "arn:aws:s3:::data/*", when(IpAddress("aws:SourceIp", "10.0.0.0/8"))),
    allow("s3:ListBucket", on = "arn:aws:s3:::data", when(ForAllValues::StringEquals("s3:prefix", "a", "b"))),
    policies(ReadConfig),
)]
pub struct Reader;

/// Read the shared configuration bucket.
#[policy(allow("s3:GetObject", on = "arn:aws:s3:::config/*", sid = "Config"))]
pub struct ReadConfig;
"#;

const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}
]}"#;

const SCP_DENY_EU: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "*", "Resource": "*"},
  {"Sid": "NoEu", "Effect": "Deny", "Action": "*", "Resource": "*",
   "Condition": {"StringLike": {"aws:RequestedRegion": "eu-*"}}}
]}"#;

/// A folder holding `roles.rs` and the documents, the binary run in it.
fn fixture() -> Folder {
    Folder::with(&[
        ("src/roles.rs", ROLES),
        ("policy.json", POLICY),
        ("scp.json", SCP_DENY_EU),
    ])
}

const PUT: &[&str] = &[
    "simulate",
    "src",
    "--role",
    "log-writer",
    "--set",
    "bucket=logs",
    "--action",
    "s3:PutObject",
    "--resource",
    "arn:aws:s3:::logs/a.txt",
];

fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(more).copied().collect()
}

// Usage and input mistakes: exit 2, a clear message, nothing on stdout, no panic.

#[test]
fn a_request_needs_an_action_or_a_requests_file() {
    let fixture = fixture();
    let (_, stderr) = fixture.expect(2, &["simulate", "src", "--role", "LogWriter"]);
    assert!(stderr.contains("--action"), "{stderr}");
    let (_, stderr) = fixture.expect(
        2,
        &[
            "simulate",
            "--action",
            "s3:GetObject",
            "--requests",
            "r.jsonl",
        ],
    );
    assert!(stderr.contains("cannot be used with"), "{stderr}");
    let (_, stderr) = fixture.expect(2, &["can", "src"]);
    assert!(stderr.contains("--action"), "{stderr}");
}

#[test]
fn a_context_without_a_key_is_a_usage_error() {
    let (_, stderr) = fixture().expect(2, &with(PUT, &["--context", "=x"]));
    assert!(stderr.contains("expected KEY=VALUE"), "{stderr}");
}

#[test]
fn an_unknown_role_names_the_roles_there_are() {
    let (stdout, stderr) = fixture().expect(
        2,
        &[
            "simulate",
            "src",
            "--role",
            "LogWritter",
            "--action",
            "s3:PutObject",
        ],
    );
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("no role is named `LogWritter`; did you mean `LogWriter`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the roles are LogWriter, Reader"),
        "{stderr}"
    );
}

#[test]
fn missing_values_are_named_with_the_flags_that_give_them() {
    let args: Vec<&str> = PUT
        .iter()
        .copied()
        .filter(|a| !a.starts_with("bucket"))
        .collect();
    let args: Vec<&str> = args.into_iter().filter(|a| *a != "--set").collect();
    let (stdout, stderr) = fixture().expect(2, &args);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("cannot simulate role `LogWriter`: missing values: the parameter `bucket`"),
        "{stderr}"
    );
    assert!(stderr.contains("help: add --set bucket=VALUE"), "{stderr}");
}

#[test]
fn a_managed_policy_of_unknown_document_is_named() {
    let fixture = fixture();
    fixture.write(
        "src/other.rs",
        r#"use role_dsl::role;
#[role(trust(service = "lambda.amazonaws.com"), managed = ["arn:aws:iam::111122223333:policy/elsewhere"])]
pub struct Elsewhere;
"#,
    );
    let (_, stderr) = fixture.expect(
        2,
        &[
            "simulate",
            "src",
            "--role",
            "Elsewhere",
            "--action",
            "s3:GetObject",
        ],
    );
    assert!(
        stderr.contains("`arn:aws:iam::111122223333:policy/elsewhere`, whose document is unknown"),
        "{stderr}"
    );
}

#[test]
fn documents_that_cannot_be_read_are_io_errors() {
    let fixture = fixture();
    fixture.write("broken.json", "{\"Version\": ");
    let (_, stderr) = fixture.expect(
        2,
        &[
            "simulate",
            "--policy",
            "broken.json",
            "--action",
            "s3:GetObject",
        ],
    );
    assert!(stderr.contains("broken.json: not JSON"), "{stderr}");
    let (_, stderr) = fixture.expect(
        2,
        &[
            "simulate",
            "--policy",
            "absent.json",
            "--action",
            "s3:GetObject",
        ],
    );
    assert!(stderr.contains("absent.json"), "{stderr}");
    fixture.write("list.json", "[]");
    let (_, stderr) = fixture.expect(
        2,
        &["simulate", "--scp", "list.json", "--action", "s3:GetObject"],
    );
    assert!(
        stderr.contains("a policy document is a JSON object"),
        "{stderr}"
    );
}

#[test]
fn every_bad_request_line_is_named_and_nothing_is_printed() {
    let fixture = fixture();
    fixture.write(
        "requests.jsonl",
        "{\"role\": \"Reader\", \"action\": \"s3:GetObject\"}\nnot json\n{\"action\": \"s3:GetObject\", \"colour\": 1}\n",
    );
    let (stdout, stderr) = fixture.expect(2, &["simulate", "src", "--requests", "requests.jsonl"]);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("requests.jsonl:2: not a request"),
        "{stderr}"
    );
    assert!(
        stderr.contains("requests.jsonl:3: not a request: unknown field `colour`"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("help: each line is one JSON object").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn roles_with_errors_are_refused_as_render_refuses_them() {
    let fixture = fixture();
    fixture.write(
        "src/typo.rs",
        "use role_dsl::role;\n#[role(trust(service = \"lambda.amazonaws.com\"), allow(\"s3:PutObjet\", on = \"*\"))]\npub struct Typo;\n",
    );
    let (stdout, stderr) = fixture.expect(2, PUT);
    assert!(stdout.is_empty());
    assert!(stderr.contains("unknown action `s3:PutObjet`"), "{stderr}");
    assert!(
        stderr.contains("could not simulate: 1 error in 1 file"),
        "{stderr}"
    );
}

#[test]
fn every_flag_has_help() {
    let fixture = fixture();
    let (stdout, _) = fixture.expect(0, &["simulate", "--help"]);
    for flag in [
        "--role",
        "--action",
        "--resource",
        "--context",
        "--principal",
        "--requests",
        "--policy",
        "--boundary",
        "--session-policy",
        "--scp",
        "--rcp",
        "--resource-policy",
        "--set",
        "--partition",
        "--account-id",
        "--region",
        "--format",
        "--expect",
    ] {
        let line = stdout
            .lines()
            .position(|l| l.trim_start().starts_with(flag));
        let help = line
            .and_then(|i| stdout.lines().nth(i + 1))
            .unwrap_or_default();
        assert!(!help.trim().is_empty(), "{flag} has no help:\n{stdout}");
    }
    let (stdout, _) = fixture.expect(0, &["can", "--help"]);
    assert!(
        stdout.contains("--action") && stdout.contains("--context"),
        "{stdout}"
    );
}

// Decisions: these need role-eval's evaluator.

#[test]
fn a_role_is_allowed_what_its_policy_allows_with_the_statement_that_does() {
    let (stdout, _) = fixture().expect(0, PUT);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("allow"), "{stdout}");
    assert_eq!(
        lines.next(),
        Some("  statement `Write` of the identity-based policy `log-writer` allows the request"),
        "{stdout}"
    );
}

#[test]
fn json_is_one_object_a_request_with_the_decision_and_its_reasons() {
    let (stdout, _) = fixture().expect(0, &with(PUT, &["--format", "json"]));
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let value: Value = serde_json::from_str(&stdout).unwrap();
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["decision", "reasons"]);
    assert_eq!(value["decision"], "allow");
    assert!(value["reasons"].is_array());
}

#[test]
fn expect_sets_the_exit_code() {
    let fixture = fixture();
    fixture.expect(0, &with(PUT, &["--expect", "allow"]));
    let (stdout, stderr) = fixture.expect(1, &with(PUT, &["--expect", "deny"]));
    assert!(stdout.starts_with("allow"), "{stdout}");
    assert!(stderr.contains("expected deny, decided allow"), "{stderr}");
    let delete: Vec<&str> = PUT
        .iter()
        .map(|a| {
            if *a == "s3:PutObject" {
                "s3:DeleteObject"
            } else {
                a
            }
        })
        .collect();
    let (stdout, _) = fixture.expect(0, &with(&delete, &["--expect", "deny"]));
    assert!(stdout.starts_with("explicit_deny"), "{stdout}");
    assert!(stdout.contains("NeverDelete"), "{stdout}");
}

#[test]
fn context_keys_decide_and_a_repeated_key_is_multi_valued() {
    let fixture = fixture();
    let get = [
        "simulate",
        "src",
        "--role",
        "Reader",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/x",
    ];
    fixture.expect(
        0,
        &with(
            &get,
            &["--context", "aws:SourceIp=10.1.2.3", "--expect", "allow"],
        ),
    );
    fixture.expect(
        0,
        &with(
            &get,
            &["--context", "aws:SourceIp=192.0.2.1", "--expect", "deny"],
        ),
    );
    let list = [
        "simulate",
        "src",
        "--role",
        "Reader",
        "--action",
        "s3:ListBucket",
        "--resource",
        "arn:aws:s3:::data",
    ];
    fixture.expect(
        0,
        &with(
            &list,
            &[
                "--context",
                "s3:prefix=a",
                "--context",
                "s3:prefix=b",
                "--expect",
                "allow",
            ],
        ),
    );
    fixture.expect(
        0,
        &with(
            &list,
            &[
                "--context",
                "s3:prefix=a",
                "--context",
                "s3:prefix=c",
                "--expect",
                "deny",
            ],
        ),
    );
}

#[test]
fn a_principal_with_an_assume_action_asks_the_trust_policy() {
    let fixture = fixture();
    let provider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    let assume = [
        "simulate",
        "src",
        "--role",
        "Reader",
        "--action",
        "sts:AssumeRoleWithWebIdentity",
        "--principal",
        provider,
    ];
    fixture.expect(
        0,
        &with(
            &assume,
            &[
                "--context",
                "token.actions.githubusercontent.com:sub=repo:acme/site",
                "--expect",
                "allow",
            ],
        ),
    );
    fixture.expect(
        0,
        &with(
            &assume,
            &[
                "--context",
                "token.actions.githubusercontent.com:sub=repo:evil/site",
                "--expect",
                "deny",
            ],
        ),
    );
}

#[test]
fn raw_documents_and_an_scp_decide_without_roles() {
    let fixture = fixture();
    let get = [
        "simulate",
        "--policy",
        "policy.json",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/x",
    ];
    fixture.expect(0, &with(&get, &["--expect", "allow"]));
    let (stdout, _) = fixture.expect(
        0,
        &with(
            &get,
            &[
                "--scp",
                "scp.json",
                "--context",
                "aws:RequestedRegion=eu-west-1",
                "--expect",
                "deny",
            ],
        ),
    );
    assert!(stdout.starts_with("explicit_deny"), "{stdout}");
}

#[test]
fn each_request_line_is_answered_on_its_line_in_order() {
    let fixture = fixture();
    let lines = [
        r#"{"role": "LogWriter", "action": "s3:PutObject", "resource": "arn:aws:s3:::logs/a"}"#,
        r#"{"role": "log-writer", "action": "s3:DeleteObject", "resource": "arn:aws:s3:::logs/a"}"#,
        r#"{"role": "Reader", "action": "s3:GetObject", "resource": "arn:aws:s3:::data/x", "context": {"aws:SourceIp": "10.0.0.1"}}"#,
        r#"{"role": "Reader", "action": "s3:ListBucket", "resource": "arn:aws:s3:::data", "context": {"s3:prefix": ["a", "z"]}}"#,
        r#"{"role": "Reader", "action": "s3:GetObject", "resource": "arn:aws:s3:::config/app.toml"}"#,
    ];
    fixture.write("requests.jsonl", &(lines.join("\n") + "\n\n"));
    let args = [
        "simulate",
        "src",
        "--requests",
        "requests.jsonl",
        "--set",
        "bucket=logs",
        "--format",
        "json",
    ];
    let (stdout, _) = fixture.expect(0, &args);
    let decisions: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["decision"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        decisions,
        ["allow", "explicit_deny", "allow", "implicit_deny", "allow"]
    );
    // The same bytes on every run.
    assert_eq!(fixture.expect(0, &args).0, stdout);
    let (text, _) = fixture.expect(0, &args[..6]);
    assert_eq!(text.lines().count(), lines.len(), "{text}");
}

#[test]
fn can_lists_every_role_that_may_with_the_statement_that_allows() {
    let fixture = fixture();
    let (stdout, stderr) = fixture.expect(
        0,
        &[
            "can",
            "src",
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::config/a",
            "--set",
            "bucket=logs",
        ],
    );
    assert_eq!(
        stdout,
        "Reader    Reader    statement `Config` of the identity-based policy `ReadConfig` allows the request\n"
    );
    assert!(stderr.contains("1 of 2 roles may s3:GetObject"), "{stderr}");
    let (stdout, _) = fixture.expect(
        0,
        &[
            "can",
            "src",
            "--action",
            "s3:PutObject",
            "--resource",
            "arn:aws:s3:::logs/a",
            "--set",
            "bucket=logs",
            "--format",
            "json",
        ],
    );
    let line: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(line["role"], "LogWriter");
    assert_eq!(line["arn"], "arn:aws:iam::123456789012:role/log-writer");
}

#[test]
fn can_names_the_roles_it_cannot_decide() {
    let (_, stderr) = fixture().expect(0, &["can", "src", "--action", "s3:GetObject"]);
    assert!(
        stderr.contains("cannot simulate role `LogWriter`: missing values"),
        "{stderr}"
    );
    assert!(stderr.contains("1 could not be decided"), "{stderr}");
}

#[test]
fn a_boundary_outside_the_project_is_given_with_boundary() {
    let fixture = fixture();
    fixture.write(
        "src/bounded.rs",
        r#"use role_dsl::role;
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", "s3:PutObject", on = "arn:aws:s3:::data/*"),
    boundary = "arn:{partition}:iam::{account_id}:policy/boundary",
)]
pub struct Bounded;
"#,
    );
    let put = [
        "simulate",
        "src",
        "--role",
        "Bounded",
        "--action",
        "s3:PutObject",
        "--resource",
        "arn:aws:s3:::data/x",
    ];
    let (_, stderr) = fixture.expect(2, &put);
    assert!(
        stderr.contains("`arn:aws:iam::123456789012:policy/boundary` has no known document"),
        "{stderr}"
    );
    assert!(stderr.contains("--boundary FILE"), "{stderr}");
    // policy.json allows s3:GetObject on data/* only.
    fixture.expect(
        0,
        &with(&put, &["--boundary", "policy.json", "--expect", "deny"]),
    );
    let get: Vec<&str> = put
        .iter()
        .map(|a| {
            if *a == "s3:PutObject" {
                "s3:GetObject"
            } else {
                a
            }
        })
        .collect();
    fixture.expect(
        0,
        &with(&get, &["--boundary", "policy.json", "--expect", "allow"]),
    );
}

#[test]
fn several_session_policies_are_one_any_of_which_may_allow() {
    let fixture = fixture();
    let allow = |action: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}}}"#
        )
    };
    fixture.write("put.json", &allow("s3:PutObject"));
    fixture.write("get.json", &allow("s3:GetObject"));
    let get = [
        "simulate",
        "--policy",
        "policy.json",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/x",
    ];
    fixture.expect(
        0,
        &with(&get, &["--session-policy", "put.json", "--expect", "deny"]),
    );
    fixture.expect(
        0,
        &with(
            &get,
            &[
                "--session-policy",
                "put.json",
                "--session-policy",
                "get.json",
                "--expect",
                "allow",
            ],
        ),
    );
}

#[test]
fn a_resource_policy_has_no_place_in_assuming_a_role() {
    let (_, stderr) = fixture().expect(
        2,
        &[
            "simulate",
            "src",
            "--role",
            "LogWriter",
            "--set",
            "bucket=logs",
            "--action",
            "sts:AssumeRole",
            "--principal",
            "lambda.amazonaws.com",
            "--resource-policy",
            "policy.json",
        ],
    );
    assert!(
        stderr.contains("its trust policy is the resource policy"),
        "{stderr}"
    );
}

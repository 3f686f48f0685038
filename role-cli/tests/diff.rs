//! `role-cli diff`, run as a user runs it: two documents, two projects, the working tree
//! against a git revision; the text, JSON and SARIF outputs and the exit codes.

use std::process::Command;

use serde_json::Value;

mod support;
use support::Folder;

const OLD: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"},
  {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}
]}"#;

/// OLD reordered, split and with a redundant statement: no change.
const SAME: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": ["*"]},
  {"Sid": "Other", "Effect": "Allow", "Action": "s3:getobject", "Resource": "arn:aws:s3:::data/*"},
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/logs/*"}
]}"#;

/// Opens DeleteObject, and narrows GetObject.
const WIDER: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::data/a/*"},
  {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}
]}"#;

const ROLES: &str = r#"use role_dsl::role;

/// Writes logs.
#[role(
    name = "log-writer",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:{partition}:s3:::{bucket}/*"),
)]
pub struct LogWriter { pub bucket: String }
"#;

fn fixture() -> Folder {
    Folder::with(&[
        ("old.json", OLD),
        ("same.json", SAME),
        ("wider.json", WIDER),
    ])
}

/// git run in the folder, as a user with a name.
trait Git {
    fn git(&self, args: &[&str]);
}

impl Git for Folder {
    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {status:?}");
    }
}

#[test]
fn reordered_split_and_redundant_is_no_change() {
    let f = fixture();
    let (out, _) = f.expect(
        0,
        &["diff", "old.json", "same.json", "--fail-on", "new-access"],
    );
    assert_eq!(out, "policy: no change in what it allows\n");
}

#[test]
fn new_access_fails_the_pipeline_and_names_its_witness() {
    let f = fixture();
    let (out, err) = f.expect(
        1,
        &["diff", "old.json", "wider.json", "--fail-on", "new-access"],
    );
    assert!(out.contains("+ added s3: s3:DeleteObject\n"), "{out}");
    assert!(out.contains("- removed s3: s3:GetObject\n"), "{out}");
    assert!(
        out.contains(
            "e.g. s3:DeleteObject on arn:aws:s3:::data/a/object-name: NEW allows, OLD denies (checked)"
        ),
        "{out}"
    );
    assert!(
        err.contains("1 with new access, 1 with access removed"),
        "{err}"
    );
    // Without --fail-on, a report only.
    f.expect(0, &["diff", "old.json", "wider.json"]);
    // Removed access alone does not fail.
    f.write(
        "less.json",
        r#"{"Statement": {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}}"#,
    );
    let (out, _) = f.expect(
        0,
        &["diff", "old.json", "less.json", "--fail-on", "new-access"],
    );
    assert!(out.contains("- removed s3: s3:GetObject\n"), "{out}");
}

#[test]
fn json_and_sarif() {
    let f = fixture();
    let (out, _) = f.expect(0, &["diff", "old.json", "wider.json", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["new_access"], true);
    let added = &v["units"][0]["added"][0];
    assert_eq!(added["actions"], serde_json::json!(["s3:DeleteObject"]));
    assert_eq!(added["certainty"], "verified");
    assert_eq!(added["witness"]["action"], "s3:DeleteObject");
    let (out, _) = f.expect(0, &["diff", "old.json", "wider.json", "--format", "sarif"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "new-access"));
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "wider.json"
    );
    // The same input, the same bytes.
    let (again, _) = f.expect(0, &["diff", "old.json", "wider.json", "--format", "sarif"]);
    assert_eq!(out, again);
}

#[test]
fn usage_and_io_errors_exit_2() {
    let f = fixture();
    f.expect(2, &["diff", "old.json"]);
    f.expect(2, &["diff", "old.json", "missing.json"]);
    f.write("broken.json", "{");
    f.expect(2, &["diff", "old.json", "broken.json"]);
    f.expect(
        2,
        &["diff", "old.json", "wider.json", "--fail-on", "everything"],
    );
}

#[test]
fn the_working_tree_against_a_revision() {
    let f = fixture();
    f.write("src/roles.rs", ROLES);
    f.git(&["init", "-q"]);
    f.git(&["add", "."]);
    f.git(&["commit", "-qm", "roles"]);
    let (out, _) = f.expect(
        0,
        &["diff", "--base", "HEAD", "src", "--fail-on", "new-access"],
    );
    assert_eq!(out, "role LogWriter: no change in what it allows\n");
    f.write(
        "src/roles.rs",
        &ROLES.replace(
            r#"allow("s3:PutObject","#,
            r#"allow("s3:PutObject", "s3:Get*","#,
        ),
    );
    f.write(
        "src/more.rs",
        "use role_dsl::role;\n#[role(trust(service = \"ec2.amazonaws.com\"), allow(\"ec2:Describe*\", on = \"*\"))]\npub struct Fresh;\n",
    );
    let (out, _) = f.expect(
        1,
        &["diff", "--base", "HEAD", "src", "--fail-on", "new-access"],
    );
    // `{bucket}/*` names objects: of `s3:Get*`, the object actions are added, and bucket
    // actions (`s3:GetAccelerateConfiguration`) are not.
    assert!(
        out.contains("role LogWriter: changed\n  + added s3: "),
        "{out}"
    );
    assert!(out.contains("s3:GetObject, s3:GetObjectAcl"), "{out}");
    assert!(!out.contains("s3:GetAccelerateConfiguration"), "{out}");
    assert!(out.contains("on arn:aws:s3:::{bucket}/"), "{out}");
    assert!(
        out.contains("role Fresh: new\n  + added ec2: ec2:Describe"),
        "{out}"
    );
    // Trusting one more service is new access to the role itself.
    f.write(
        "src/roles.rs",
        &ROLES.replace(
            r#"trust(service = "lambda.amazonaws.com"),"#,
            r#"trust(service = "lambda.amazonaws.com"), trust(service = "ec2.amazonaws.com"),"#,
        ),
    );
    let (out, _) = f.expect(
        1,
        &["diff", "--base", "HEAD", "src", "--fail-on", "new-access"],
    );
    assert!(
        out.contains(
            "  + added sts: sts:AssumeRole\n      allowed in NEW by statement 1 of `trust policy`\n"
        ),
        "{out}"
    );
    assert!(out.contains("e.g. sts:AssumeRole on arn:aws:iam::123456789012:role/log-writer by ec2.amazonaws.com: NEW allows, OLD denies (checked)"), "{out}");
    f.write(
        "src/roles.rs",
        &ROLES.replace(
            r#"allow("s3:PutObject","#,
            r#"allow("s3:PutObject", "s3:Get*","#,
        ),
    );
    // SARIF points at the role's declaration in the working tree.
    let (out, _) = f.expect(0, &["diff", "--base", "HEAD", "src", "--format", "sarif"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let log_writer = results
        .iter()
        .find(|r| r["properties"]["unit"] == "role LogWriter")
        .unwrap();
    let place = &log_writer["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "src/roles.rs");
    assert_eq!(place["region"]["startLine"], 9);
    f.expect(2, &["diff", "--base", "no-such-revision", "src"]);
}

#[test]
fn a_policy_is_compared_on_its_own() {
    let f = fixture();
    let policy = |action: &str| {
        format!(
            "use role_dsl::policy;\n/// Sends.\n#[policy(allow(\"{action}\", on = \"arn:aws:sqs:eu-west-1:111122223333:{{queue}}\"))]\npub struct Send {{ pub queue: String }}\n"
        )
    };
    f.write("src/policy.rs", &policy("sqs:SendMessage"));
    f.git(&["init", "-q"]);
    f.git(&["add", "."]);
    f.git(&["commit", "-qm", "policy"]);
    // `sqs:Send*` names no action beside SendMessage (SendMessageBatch is no IAM action).
    f.write("src/policy.rs", &policy("sqs:Send*"));
    let (out, _) = f.expect(
        0,
        &["diff", "--base", "HEAD", "src", "--fail-on", "new-access"],
    );
    assert_eq!(out, "policy Send: no change in what it allows\n");
    f.write("src/policy.rs", &policy("sqs:*Message"));
    let (out, _) = f.expect(
        1,
        &["diff", "--base", "HEAD", "src", "--fail-on", "new-access"],
    );
    assert!(
        out.starts_with(
            "policy Send: changed\n  + added sqs: sqs:DeleteMessage, sqs:ReceiveMessage\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("on arn:aws:sqs:eu-west-1:111122223333:{queue}: NEW allows"),
        "{out}"
    );
}

#[test]
fn what_it_cannot_settle_is_possible_and_fails_the_pipeline() {
    let f = fixture();
    let doc = |keys: &str| {
        format!(
            r#"{{"Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                "Condition": {{"ForAllValues:StringLike": {{"aws:TagKeys": [{keys}]}}}}}}]}}"#
        )
    };
    f.write("a.json", &doc(r#""a*""#));
    f.write("b.json", &doc(r#""a*", "b*""#));
    let (out, _) = f.expect(1, &["diff", "a.json", "b.json", "--fail-on", "new-access"]);
    assert!(
        out.contains("+ added s3: s3:GetObject")
            || out.contains("? possibly added s3: s3:GetObject"),
        "{out}"
    );
    // The same condition with its values reordered is no change, set operator or not.
    f.write("c.json", &doc(r#""b*", "a*""#));
    let (out, _) = f.expect(0, &["diff", "b.json", "c.json", "--fail-on", "new-access"]);
    assert_eq!(out, "policy: no change in what it allows\n");
}

#[test]
fn a_boundary_limits_what_a_role_allows() {
    let f = fixture();
    let role = |boundary: &str| {
        format!(
            r#"use role_dsl::{{policy, role}};

/// Reads objects.
#[policy(name = "s3-read", allow("s3:GetObject", on = "*"))]
pub struct S3Read;

/// Reads and writes data.
#[role(
    name = "worker",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", "s3:PutObject", on = "arn:aws:s3:::data/*"),
    {boundary}
)]
pub struct Worker;
"#
        )
    };
    f.write("src/roles.rs", &role(""));
    f.git(&["init", "-q"]);
    f.git(&["add", "."]);
    f.git(&["commit", "-qm", "roles"]);
    // A boundary of the project added: what it does not allow is access removed.
    f.write(
        "src/roles.rs",
        &role(r#"boundary = "arn:aws:iam::123456789012:policy/s3-read","#),
    );
    let (out, _) = f.expect(
        0,
        &["diff", "--base", "HEAD", "src", "--fail-on", "new-access"],
    );
    assert!(
        out.contains("role Worker: changed\n  - removed s3: s3:PutObject\n"),
        "{out}"
    );
    assert!(
        out.contains("NEW's permissions boundary does not allow it"),
        "{out}"
    );
    assert!(!out.contains("s3:GetObject"), "{out}");
    f.git(&["commit", "-qam", "bounded"]);
    // Removed again: new access.
    f.write("src/roles.rs", &role(""));
    let (out, _) = f.expect(
        1,
        &["diff", "--base", "HEAD", "src", "--fail-on", "new-access"],
    );
    assert!(out.contains("+ added s3: s3:PutObject\n"), "{out}");
    // A boundary whose document is not known: said, not guessed.
    f.write(
        "src/roles.rs",
        &role(r#"boundary = "arn:aws:iam::123456789012:policy/elsewhere","#),
    );
    let (out, _) = f.expect(0, &["diff", "--base", "HEAD", "src"]);
    assert!(
        out.contains("role Worker: changed\n  ? the permissions boundary changed from a known document to `arn:aws:iam::123456789012:policy/elsewhere`"),
        "{out}"
    );
    assert!(out.contains("compared by ARN only"), "{out}");
}

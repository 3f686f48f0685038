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

/// A file of tests/fixtures/diff (origins in its README).
fn fixture_text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/diff/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const PROJECT: &str = r#"use role_dsl::{policy, role};

/// Writes logs.
#[role(
    name = "log-writer",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:{partition}:s3:::{bucket}/*"),
    managed = ["arn:aws:iam::aws:policy/AWSLambdaExecute"],
    policies(Send),
)]
pub struct LogWriter { pub bucket: String }

/// Sends.
#[policy(allow("sqs:SendMessage", on = "arn:aws:sqs:eu-west-1:111122223333:jobs"))]
pub struct Send;
"#;

/// PROJECT after a change: the role reads too and trusts EC2, `Send` is gone, a role is new.
fn changed_project() -> String {
    PROJECT
        .replace(
            r#"allow("s3:PutObject","#,
            r#"allow("s3:PutObject", "s3:GetObject","#,
        )
        .replace(
            r#"trust(service = "lambda.amazonaws.com"),"#,
            r#"trust(service = "lambda.amazonaws.com"), trust(service = "ec2.amazonaws.com"),"#,
        )
        .replace("    policies(Send),\n", "")
        .replace(
            "/// Sends.\n#[policy(allow(\"sqs:SendMessage\", on = \"arn:aws:sqs:eu-west-1:111122223333:jobs\"))]\npub struct Send;\n",
            "/// Looks.\n#[role(name = \"fresh\", trust(service = \"ec2.amazonaws.com\"), allow(\"ec2:DescribeInstances\", on = \"*\"))]\npub struct Fresh;\n",
        )
}

/// `role-cli render --format iam` of src/roles.rs: into `out` when given, else printed.
fn render(f: &Folder, out: Option<&str>) -> String {
    let mut args = vec![
        "render",
        "src",
        "--format",
        "iam",
        "--set",
        "bucket=logs",
        "--account-id",
        "111122223333",
    ];
    if let Some(out) = out {
        args.extend(["--out", out]);
    }
    f.expect(0, &args).0
}

#[test]
fn folders_that_render_writes_are_compared_role_by_role() {
    let f = Folder::with(&[("src/roles.rs", PROJECT)]);
    render(&f, Some("old"));
    render(&f, Some("same"));
    let (out, _) = f.expect(0, &["diff", "old", "same", "--fail-on", "new-access"]);
    assert_eq!(
        out,
        "policy Send: no change in what it allows\nrole log-writer: no change in what it allows\n"
    );
    f.write("src/roles.rs", &changed_project());
    render(&f, Some("new"));
    let (out, err) = f.expect(1, &["diff", "old", "new", "--fail-on", "new-access"]);
    assert!(
        out.contains(
            "role log-writer: changed\n  + added s3: s3:GetObject\n      allowed in NEW by statement 0 of `log-writer.policy.json`"
        ),
        "{out}"
    );
    assert!(
        out.contains("e.g. sts:AssumeRole on arn:aws:iam::123456789012:role/log-writer by ec2.amazonaws.com: NEW allows, OLD denies (checked)"),
        "{out}"
    );
    assert!(
        out.contains("policy Send: gone\n  - removed sqs: sqs:SendMessage\n"),
        "{out}"
    );
    assert!(
        out.contains("role fresh: new\n  + added ec2: ec2:DescribeInstances\n"),
        "{out}"
    );
    assert!(err.contains("compared 3 units"), "{err}");
    // However the folders are spelled, their files are matched by their paths in them.
    let (again, _) = f.expect(1, &["diff", "./old", "new/", "--fail-on", "new-access"]);
    assert_eq!(again, out);
    let (out, _) = f.expect(0, &["diff", "old", "new", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let units: Vec<(&str, &str)> = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["name"].as_str().unwrap(), u["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        units,
        [
            ("policy Send", "removed"),
            ("role fresh", "added"),
            ("role log-writer", "changed")
        ]
    );
}

#[test]
fn the_object_render_prints_carries_the_managed_policies() {
    let f = Folder::with(&[("src/roles.rs", PROJECT)]);
    f.write("old.json", &render(&f, None));
    f.write(
        "src/roles.rs",
        &PROJECT.replace("AWSLambdaExecute", "AmazonS3ReadOnlyAccess"),
    );
    f.write("new.json", &render(&f, None));
    let (out, _) = f.expect(
        1,
        &["diff", "old.json", "new.json", "--fail-on", "new-access"],
    );
    assert!(
        out.contains("policy Send: no change in what it allows\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "allowed in NEW by statement 0 of `arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess`"
        ),
        "{out}"
    );
    assert!(
        out.contains("  - removed logs: logs:AssociateKmsKey"),
        "{out}"
    );
    // A managed policy whose document is unknown is new access that cannot be checked: said so.
    f.write(
        "elsewhere.json",
        &render(&f, None).replace(
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
            "arn:aws:iam::444455556666:policy/Elsewhere",
        ),
    );
    let (out, _) = f.expect(
        1,
        &[
            "diff",
            "new.json",
            "elsewhere.json",
            "--fail-on",
            "new-access",
        ],
    );
    assert!(
        out.contains("  ? possibly added managed policy: arn:aws:iam::444455556666:policy/Elsewhere\n      note: the document of `arn:aws:iam::444455556666:policy/Elsewhere` is unknown"),
        "{out}"
    );
}

#[test]
fn two_versions_of_the_cdk_bootstrap_template() {
    let (v27, v28) = (
        fixture_text("cdk-bootstrap-27.yaml"),
        fixture_text("cdk-bootstrap-28.yaml"),
    );
    let f = Folder::with(&[("27.yaml", &v27), ("28.yaml", &v28)]);
    let (out, err) = f.expect(
        1,
        &["diff", "27.yaml", "28.yaml", "--fail-on", "new-access"],
    );
    assert!(
        out.contains("role DeploymentActionRole: changed\n  + added cloudformation: cloudformation:CreateStackRefactor, cloudformation:DescribeStackRefactor, cloudformation:ExecuteStackRefactor, cloudformation:ListStackRefactorActions, cloudformation:ListStackRefactors, cloudformation:ListStacks\n      allowed in NEW by statement 7 (`Refactor`) of `DeploymentActionRole`; Resource: \"*\"\n"),
        "{out}"
    );
    // The other roles, the boundary policy and the policies of the bucket, key and repository:
    // the same.
    assert_eq!(
        out.matches(": no change in what it allows\n").count(),
        8,
        "{out}"
    );
    assert!(
        out.contains("resource StagingBucketPolicy: no change in what it allows\n"),
        "{out}"
    );
    // What is not read, and how the conditions were read, are said.
    assert!(
        err.contains("28.yaml: not compared, as they hold no IAM role or policy that is read: FileAssetsBucketEncryptionKeyAlias, StagingBucket, CdkBootstrapVersion"),
        "{err}"
    );
    assert!(
        err.contains("28.yaml: 10 conditions decided with the parameters at their defaults"),
        "{err}"
    );
    f.expect(
        0,
        &["diff", "28.yaml", "28.yaml", "--fail-on", "new-access"],
    );
    // Folders of templates (a `cdk.out`), matched by path, other files left out with a warning.
    f.write("old/bootstrap.yaml", &v27);
    f.write("new/bootstrap.yaml", &v28);
    for side in ["old", "new"] {
        f.write(&format!("{side}/manifest.json"), r#"{"version": "36.0.0"}"#);
    }
    let (out, err) = f.expect(
        1,
        &[
            "diff",
            "old",
            "new",
            "--format",
            "sarif",
            "--fail-on",
            "new-access",
        ],
    );
    assert!(err.contains("new/manifest.json is left out"), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{out}");
    assert_eq!(
        results[0]["properties"]["unit"],
        "role DeploymentActionRole in bootstrap.yaml"
    );
    let place = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "new/bootstrap.yaml");
    assert!(place["region"]["startLine"].as_u64().unwrap() > 1, "{out}");
}

#[test]
fn a_resource_policy_in_a_template_is_compared_by_who_may_do_what() {
    let f = Folder::with(&[
        ("26.yaml", &fixture_text("cdk-bootstrap-26.yaml")),
        ("27.yaml", &fixture_text("cdk-bootstrap-27.yaml")),
    ]);
    let (out, _) = f.expect(
        1,
        &["diff", "26.yaml", "27.yaml", "--fail-on", "new-access"],
    );
    assert!(
        out.contains("resource ContainerAssetsRepository: changed\n  + added ecr: ecr:BatchGetImage, ecr:DescribeImages, ecr:GetDownloadUrlForLayer\n      allowed in NEW by statement 1 (`EmrServerlessImageRetrievalPolicy`) of `ContainerAssetsRepository`; Condition: {\"StringLike\":{\"aws:sourceArn\":\"arn:aws:emr-serverless:{region}:123456789012:/applications/*\"}}\n"),
        "{out}"
    );
    assert!(
        out.contains("by emr-serverless.amazonaws.com with aws:sourceArn=\"arn:aws:emr-serverless:{region}:123456789012:/applications/\": NEW allows, OLD denies (checked)"),
        "{out}"
    );
    // Nothing else changed.
    assert_eq!(out.matches(": changed\n").count(), 1, "{out}");
    // Gone again, it is access removed.
    let (out, _) = f.expect(
        0,
        &["diff", "27.yaml", "26.yaml", "--fail-on", "new-access"],
    );
    assert!(
        out.contains("resource ContainerAssetsRepository: changed\n  - removed ecr:"),
        "{out}"
    );
}

#[test]
fn a_bucket_policy_is_compared_by_who_may_do_what() {
    let old = fixture_text("production-bucket-policy.json");
    let carlos = r#"{ "AWS": "arn:aws:iam::111111111111:user/carlossalazar" }"#;
    assert!(old.contains(carlos));
    let f = Folder::with(&[
        ("old.json", &old),
        // The whole account instead of one user.
        (
            "account.json",
            &old.replace(carlos, r#"{ "AWS": "111111111111" }"#),
        ),
        // Anyone.
        ("public.json", &old.replace(carlos, r#""*""#)),
    ]);
    let (out, _) = f.expect(
        1,
        &[
            "diff",
            "old.json",
            "account.json",
            "--fail-on",
            "new-access",
        ],
    );
    assert!(
        out.starts_with("policy: changed\n  + added s3: s3:GetObject"),
        "{out}"
    );
    assert!(
        out.contains(
            "by arn:aws:iam::111111111111:role/diff-witness: NEW allows, OLD denies (checked)"
        ),
        "{out}"
    );
    assert!(
        out.contains("note: in the resource policy, for the principal `arn:aws:iam::111111111111:role/diff-witness`"),
        "{out}"
    );
    // The user named before may do what he did: nothing removed.
    assert!(!out.contains("- removed"), "{out}");
    let (out, _) = f.expect(
        1,
        &[
            "diff",
            "old.json",
            "public.json",
            "--format",
            "json",
            "--fail-on",
            "new-access",
        ],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let added = &v["units"][0]["added"][0];
    assert_eq!(
        added["witness"]["principal"],
        "arn:aws:iam::999999999999:role/someone-else"
    );
    assert_eq!(added["granted_by"][0]["policy"], "public.json");
    assert_eq!(v["units"][0]["removed"], serde_json::json!([]));
    // Back to one user: access removed, which does not fail the pipeline.
    let (out, _) = f.expect(
        0,
        &["diff", "public.json", "old.json", "--fail-on", "new-access"],
    );
    assert!(out.contains("- removed s3: s3:GetObject"), "{out}");
    // In a folder, matched by its path like any document.
    f.write("a/buckets/production.json", &old);
    f.write("b/buckets/production.json", &old.replace(carlos, r#""*""#));
    let (out, _) = f.expect(1, &["diff", "a", "b", "--fail-on", "new-access"]);
    assert!(
        out.starts_with("policy buckets/production: changed\n"),
        "{out}"
    );
}

#[test]
fn rendered_documents_against_a_revision() {
    let f = Folder::with(&[("src/roles.rs", PROJECT)]);
    render(&f, Some("iam"));
    f.git(&["init", "-q"]);
    f.git(&["add", "."]);
    f.git(&["commit", "-qm", "rendered"]);
    let (out, _) = f.expect(
        0,
        &["diff", "--base", "HEAD", "iam", "--fail-on", "new-access"],
    );
    assert_eq!(
        out,
        "policy Send: no change in what it allows\nrole log-writer: no change in what it allows\n"
    );
    f.write("src/roles.rs", &changed_project());
    render(&f, Some("iam"));
    let (out, _) = f.expect(
        1,
        &["diff", "--base", "HEAD", "iam", "--fail-on", "new-access"],
    );
    assert!(out.contains("role fresh: new\n"), "{out}");
    assert!(out.contains("role log-writer: changed\n"), "{out}");
}

#[test]
fn a_folder_with_nothing_to_compare_says_so() {
    let f = Folder::with(&[("a/notes.txt", "x"), ("b/notes.txt", "y")]);
    let (out, err) = f.expect(0, &["diff", "a", "b"]);
    assert_eq!(out, "");
    assert!(
        err.contains("a holds no role, policy or policy document"),
        "{err}"
    );
}

#[test]
fn what_the_importer_cannot_read_is_said_not_compared_as_nothing() {
    // The shape of terraform-aws-modules/terraform-aws-iam's
    // modules/iam-role-for-service-accounts-eks/policies.tf: a statement in a `dynamic` block.
    let tf = |action: &str| {
        format!(
            r#"data "aws_iam_policy_document" "secrets" {{
  statement {{
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]
  }}
  dynamic "statement" {{
    for_each = length(var.arns) > 0 ? [1] : []
    content {{
      actions   = ["{action}"]
      resources = var.arns
    }}
  }}
}}

resource "aws_iam_policy" "secrets" {{
  name   = "secrets"
  policy = data.aws_iam_policy_document.secrets.json
}}
"#
        )
    };
    let f = Folder::with(&[
        ("old/policies.tf", &tf("ssm:GetParameter")),
        ("new/policies.tf", &tf("ssm:*")),
    ]);
    let (out, err) = f.expect(0, &["diff", "old", "new"]);
    assert_eq!(
        out,
        "policy Secrets in policies.tf: no change in what it allows\n"
    );
    assert!(
        err.contains("new/policies.tf: 1 part of its policies is not read as written, and changes there are not seen; the first, at new/policies.tf:6: "),
        "{err}"
    );
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
    // And a gate fails on it: what the change allows is not known to be nothing new.
    f.expect(
        1,
        &["diff", "--base", "HEAD", "src", "--fail-on", "new-access"],
    );
}

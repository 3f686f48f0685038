//! `role-cli lint` as a user runs it: the three formats on one small project (snapshots), the
//! exit codes of `--deny` and `--allow`, the same bytes on every run, and the SARIF checked
//! against the official SARIF 2.1.0 schema (vendored in `tests/lint/schema/`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROLES: &str = r#"use role_dsl::{policy, role};

/// Deploys the site from GitHub Actions.
#[role(
    trust(oidc = "token.actions.githubusercontent.com", when(
        StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
        StringLike("token.actions.githubusercontent.com:sub", "repo:acme/*"),
    )),
    allow("s3:PutObject", on = "*"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/site",
          accept("RL112", "CloudFormation passes it to the stack's own services")),
    policies(ReadConfig),
)]
pub struct SiteDeploy;

/// Read the shared configuration.
#[policy(allow("s3:GetObject", on = "arn:aws:s3:::config/*"))]
pub struct ReadConfig;
"#;

const TRUST: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}
  ]
}
"#;

mod support;

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("src")).unwrap();
    fs::write(dir.path().join("src/roles.rs"), ROLES).unwrap();
    fs::write(dir.path().join("trust.json"), TRUST).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    support::run_in(dir, args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn text_output_is_rustc_layout_on_stderr() {
    let dir = fixture();
    let out = run(dir.path(), &["lint", "src", "trust.json"]);
    assert_eq!(out.status.code(), Some(1), "RL205 is an error by default");
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!("lint_text", text(&out.stderr));
    let verbose = run(dir.path(), &["lint", "src", "trust.json", "--verbose"]);
    insta::assert_snapshot!("lint_text_verbose", text(&verbose.stderr));
}

#[test]
fn json_and_sarif_go_to_stdout_the_same_on_every_run() {
    let dir = fixture();
    for format in ["json", "sarif"] {
        let first = run(
            dir.path(),
            &["lint", "src", "trust.json", "--format", format],
        );
        let again = run(
            dir.path(),
            &["lint", "src", "trust.json", "--format", format],
        );
        assert_eq!(first.stdout, again.stdout, "{format}");
        assert_eq!(first.status.code(), Some(1));
        let value: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
        insta::assert_json_snapshot!(format!("lint_{format}"), value);
    }
}

#[test]
fn deny_and_allow_decide_the_exit_code() {
    let dir = fixture();
    let code = |args: &[&str]| run(dir.path(), args).status.code();
    // RL202 is a warning: it does not fail the run unless denied.
    assert_eq!(code(&["lint", "trust.json"]), Some(0));
    assert_eq!(code(&["lint", "trust.json", "--deny", "all"]), Some(1));
    assert_eq!(code(&["lint", "trust.json", "--deny", "RL202"]), Some(1));
    assert_eq!(
        code(&["lint", "trust.json", "--deny", "trust-whole-account"]),
        Some(1)
    );
    assert_eq!(
        code(&["lint", "trust.json", "--deny", "all", "--allow", "RL202"]),
        Some(0)
    );
    // An error-level lint left out is no failure; an unknown or contradictory code is usage.
    assert_eq!(code(&["lint", "src", "--allow", "RL205"]), Some(0));
    assert_eq!(code(&["lint", "src", "--deny", "RL999"]), Some(2));
    assert_eq!(
        code(&["lint", "src", "--deny", "RL103", "--allow", "RL103"]),
        Some(2)
    );
    assert_eq!(code(&["lint", "missing.rs"]), Some(2));
    let out = run(dir.path(), &["lint", "src", "--deny", "RL10"]);
    assert!(
        text(&out.stderr).contains("did you mean"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn declarations_with_errors_are_reported_and_not_linted() {
    let dir = fixture();
    fs::write(
        dir.path().join("src/broken.rs"),
        "#[role(trust(service = \"lambda.amazonaws.com\"), allow(\"s3:PutObjet\", on = \"*\"))]\npub struct Broken;\n",
    )
    .unwrap();
    let out = run(dir.path(), &["lint", "src/broken.rs"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[RD312]"), "{stderr}");
    assert!(!stderr.contains("[RL103]"), "{stderr}");
}

#[test]
fn explain_describes_every_lint() {
    let dir = fixture();
    let out = run(dir.path(), &["explain", "RL203", "confused-deputy"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("RL203  confused-deputy"), "{stdout}");
    assert!(stdout.contains("accept(\"RL203\""), "{stdout}");
    let all = text(&run(dir.path(), &["explain"]).stdout);
    for lint in role_core::lint::ALL {
        assert!(all.contains(lint.code), "{}", lint.code);
    }
}

/// The Python that has `jsonschema`: the project's venv (`.ci/run` installs it from
/// `tests/external/requirements.txt`), else the system's.
fn python_with_jsonschema() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let candidates = [root.join(".venv/bin/python"), PathBuf::from("python3")];
    candidates.into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import jsonschema"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let Some(python) = python_with_jsonschema() else {
        assert!(
            std::env::var("ROLE_TESTS_REQUIRE_EXTERNAL").is_err(),
            "no Python with jsonschema; run .ci/run"
        );
        eprintln!("note: skipped: no Python with jsonschema (.ci/run installs it into .venv)");
        return;
    };
    let dir = fixture();
    let out = run(
        dir.path(),
        &["lint", "src", "trust.json", "--format", "sarif"],
    );
    let sarif = dir.path().join("out.sarif");
    fs::write(&sarif, &out.stdout).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let schema = root.join("tests/lint/schema/sarif-schema-2.1.0.json");
    let script = "import json, sys, jsonschema\n\
        schema = json.load(open(sys.argv[1]))\n\
        doc = json.load(open(sys.argv[2]))\n\
        cls = jsonschema.validators.validator_for(schema)\n\
        errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))\n\
        for e in errors: print(list(e.path), e.message)\n\
        sys.exit(1 if errors else 0)\n";
    let check = Command::new(python)
        .args(["-c", script])
        .arg(&schema)
        .arg(&sarif)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        text(&check.stdout),
        text(&check.stderr)
    );
    // A document with no result at all is valid too.
    fs::write(dir.path().join("ok.json"), r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#).unwrap();
    let out = run(dir.path(), &["lint", "ok.json", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(0));
    fs::write(&sarif, &out.stdout).unwrap();
    let check = Command::new(python_with_jsonschema().unwrap())
        .args(["-c", script])
        .arg(&schema)
        .arg(&sarif)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", text(&check.stdout));
}

/// A raw JSON document's accepts live beside it, in `<document>.accept`: by statement (its Sid
/// or index) or for the whole document, each with its reason, kept in the report; one that
/// accepts nothing is RL901, at what it names; a line that is no accept is a usage error.
#[test]
fn a_json_document_accepts_beside_it() {
    let folder = support::Folder::with(&[
        (
            "runner.json",
            r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "PassToRunner", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
    {"Effect": "Allow", "Action": "dynamodb:*",
     "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/jobs"}
  ]
}
"#,
        ),
        (
            "runner.json.accept",
            "# what the runner is allowed on purpose\n\
             statement PassToRunner: RL111 the runner passes whichever role the job names\n\
             statement PassToRunner: RL112 and to whichever service runs the job\n\
             statement 1: RL102 the jobs table is the runner's own\n\
             RL401 nothing to accept here\n",
        ),
    ]);
    let (out, _) = folder.expect(0, &["lint", "runner.json", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let reason = |code: &str| {
        findings
            .iter()
            .find(|f| f["code"] == code)
            .and_then(|f| f["accepted"]["reason"].as_str())
            .map(str::to_owned)
    };
    assert_eq!(
        reason("RL111").as_deref(),
        Some("the runner passes whichever role the job names")
    );
    assert_eq!(
        reason("RL112").as_deref(),
        Some("and to whichever service runs the job")
    );
    assert_eq!(
        reason("RL102").as_deref(),
        Some("the jobs table is the runner's own")
    );
    let unused: Vec<_> = findings.iter().filter(|f| f["code"] == "RL901").collect();
    assert_eq!(unused.len(), 1, "{out}");
    assert_eq!(
        unused[0]["at"]["line"], 1,
        "at the document it names: {out}"
    );

    // A statement accept is used for its statement only: RL111 (an error) fails the run again.
    folder.write(
        "runner.json.accept",
        "statement 1: RL111 not this statement's\n",
    );
    let (out, _) = folder.expect(1, &["lint", "runner.json", "--format", "json"]);
    assert!(out.contains("\"RL901\""), "{out}");
    assert!(!out.contains("not this statement's\""), "{out}");

    for (line, says) in [
        (
            "RL111\n",
            "runner.json.accept:1: `RL111` is accepted without a reason",
        ),
        ("RL999 why\n", "runner.json.accept:1: `RL999` is no lint"),
        (
            "statement Nope: RL111 why\n",
            "runner.json.accept:1: the document has no statement `Nope`",
        ),
        (
            "statement 0 RL111 why\n",
            "runner.json.accept:1: `statement SID: CODE reason` wants a `:`",
        ),
    ] {
        folder.write("runner.json.accept", line);
        let (_, err) = folder.expect(2, &["lint", "runner.json"]);
        assert!(err.contains(says), "{line}: {err}");
    }
}

//! The built `role-cli` binary on input written to break it: files nested deeper than any stack
//! holds, lexical mistakes, JSON policies with keys given twice or past IAM's sizes, numbers and
//! names at the edge. Each run ends with exit code 1 or 2 and a message, never a signal.

use std::fs;
use std::path::Path;
use std::process::Output;

/// Runs `role-cli args...` in `dir`, which holds `files`.
mod support;

fn run(files: &[(&str, &str)], args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    run_in(dir.path(), args)
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    support::run_in(dir, args)
}

/// The exit code (a signal fails the test) and stderr.
#[track_caller]
fn exit_and_stderr(output: &Output) -> (i32, String) {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {:?}\n{stderr}", output.status));
    (code, stderr)
}

const LOG_WRITER: &str = r#"
/// Lets the log shipper Lambda write its logs to S3.
#[role(trust(service = "lambda.amazonaws.com"), allow("s3:PutObject", on = "arn:aws:s3:::logs/*"))]
pub struct LogWriter;
"#;

/// Files nested 100,000 levels in each way syn recurses: with brackets, and without them.
#[test]
fn deep_nesting_is_a_finding_not_a_crash() {
    let n = 100_000;
    let cases = [
        (
            "modules",
            format!("{}{}", "mod m {".repeat(n), "}".repeat(n)),
        ),
        (
            "parentheses",
            format!("const X: i32 = {}1{};", "(".repeat(n), ")".repeat(n)),
        ),
        (
            "brackets",
            format!("const X: i32 = {}1{};", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "blocks",
            format!("fn f() {}{}", "{".repeat(n), "}".repeat(n)),
        ),
        (
            "prefix operators",
            format!("const X: i32 = {}1;", "-".repeat(n)),
        ),
        ("references", format!("type T = {}u8;", "&".repeat(n))),
        (
            "generic arguments",
            format!("type T = {}u8{};", "Vec<".repeat(n / 5), ">".repeat(n / 5)),
        ),
        ("closures", format!("fn f() {{ {}1; }}", "|x| ".repeat(n))),
        (
            "assignments",
            format!("fn f() {{ {}1; }}", "a = ".repeat(n)),
        ),
        (
            "attributes",
            format!("#[role{}{}]\npub struct A;", "(b".repeat(n), ")".repeat(n)),
        ),
    ];
    for (what, source) in cases {
        let (code, stderr) = exit_and_stderr(&run(&[("deep.rs", &source)], &["check", "deep.rs"]));
        assert_eq!(code, 1, "{what}: {stderr}");
        assert!(
            stderr.contains("error[RD903]: this file nests ")
                && stderr.contains("levels deep; role-cli reads files nested up to 500 levels"),
            "{what}: {stderr}"
        );
        assert!(stderr.contains(" --> deep.rs:1:"), "{what}: {stderr}");
    }
}

/// At the limit, the deepest kind of nesting still parses, and a role inside nested modules is
/// found.
#[test]
fn nesting_up_to_the_limit_is_read() {
    let generics = format!("type T = {}u8{};\n", "Vec<".repeat(498), ">".repeat(498));
    let modules = format!(
        "{}{LOG_WRITER}{}",
        "mod m {\n".repeat(490),
        "}\n".repeat(490)
    );
    let (code, stderr) = exit_and_stderr(&run(
        &[("src/types.rs", &generics), ("src/roles.rs", &modules)],
        &["check", "src"],
    ));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        "checked 1 role and 0 policies in 2 files: no errors\n"
    );
}

#[test]
fn deep_json_is_a_finding_not_a_crash() {
    let n = 1_000_000;
    let source = format!(
        r#"{{"Version": "2012-10-17", "Statement": {}{}}}"#,
        "[".repeat(n),
        "]".repeat(n)
    );
    let (code, stderr) =
        exit_and_stderr(&run(&[("policy.json", &source)], &["check", "policy.json"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "error[RD903]: this JSON nests 1000001 levels deep; role-cli reads documents nested up to 64 levels"
        ),
        "{stderr}"
    );
}

#[test]
fn lexical_mistakes_say_what_and_where() {
    let source = "use role_dsl::role;\n\n#[role(trust(service = \"lambda.amazonaws.com), allow(\"s3:GetObject\", on = \"*\"))]\npub struct A;\n";
    let (code, stderr) = exit_and_stderr(&run(&[("src/a.rs", source)], &["check", "src"]));
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "error[RD903]: this file does not parse as Rust: unterminated double quote string\n --> src/a.rs:3:77\n"
        ),
        "{stderr}"
    );
    let source = "fn f() {\n    let x = (1 + 2];\n}\n";
    let (code, stderr) = exit_and_stderr(&run(&[("src/a.rs", source)], &["check", "src"]));
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "error[RD903]: this file does not parse as Rust: mismatched closing delimiter `]`: the `(` at 2:13 is still open\n --> src/a.rs:2:19\n"
        ),
        "{stderr}"
    );
    let (_, stderr) = exit_and_stderr(&run(
        &[("a.rs", "/* never closed\nfn f() {}\n")],
        &["check", "a.rs"],
    ));
    assert!(
        stderr.starts_with("error[RD903]: this file does not parse as Rust: unterminated block comment\n --> a.rs:1:1\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("cannot parse string into token stream"));
}

#[test]
fn a_json_key_given_twice_is_an_error() {
    let policy = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny",
    "Action": "s3:GetObject",
    "Resource": "*",
    "Effect": "Allow"
  }]
}
"#;
    let (code, stderr) =
        exit_and_stderr(&run(&[("policy.json", policy)], &["check", "policy.json"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "error[RD108]: `Effect` is given twice in this statement; IAM would keep only one\n --> policy.json:7:5\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: the first `Effect` is on line 4; keep one, holding every value"),
        "{stderr}"
    );
}

#[test]
fn json_policies_past_iam_sizes_are_errors() {
    // 29 KB of an identity policy: more than any identity policy takes.
    let resources: Vec<String> = (0..700)
        .map(|i| format!("arn:aws:s3:::bucket-{i:04}/logs/*"))
        .collect();
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": resources}],
    });
    let text = serde_json::to_string_pretty(&policy).unwrap();
    assert!(text.len() > 29_000);
    let (code, stderr) =
        exit_and_stderr(&run(&[("policy.json", &text)], &["check", "policy.json"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[RD802]: this document has ")
            && stderr.contains("IAM allows 10240 (inline on a role)")
            && stderr.contains("a managed policy takes 6144 characters"),
        "{stderr}"
    );
    // The same statements as a bucket policy: S3 takes 20 KB, and other services more.
    let mut bucket = policy;
    bucket["Statement"][0]["Principal"] =
        serde_json::json!({"AWS": "arn:aws:iam::111122223333:root"});
    let text = serde_json::to_string_pretty(&bucket).unwrap();
    let (code, stderr) =
        exit_and_stderr(&run(&[("policy.json", &text)], &["check", "policy.json"]));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_negative_max_session_cannot_be_negative() {
    let source = r#"
#[role(max_session = -1, trust(service = "lambda.amazonaws.com"), allow("s3:GetObject", on = "*"))]
pub struct A;
"#;
    let (code, stderr) = exit_and_stderr(&run(&[("a.rs", source)], &["check", "a.rs"]));
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error[RD204]: `max_session` cannot be negative; IAM allows 1h to 12h (3600 to 43200 seconds)\n"),
        "{stderr}"
    );
}

#[test]
fn a_struct_too_long_for_a_logical_id_is_no_template() {
    let ident = format!("L{}", "o".repeat(299));
    let source = LOG_WRITER
        .replace("LogWriter", &ident)
        .replace("#[role(", "#[role(name = \"log-writer\", ");
    let (code, stderr) = exit_and_stderr(&run(
        &[("a.rs", &source)],
        &["render", "--format", "cloudformation", "a.rs"],
    ));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "struct `{ident}` cannot be a CloudFormation logical id"
        )) && stderr.contains("at most 236"),
        "{stderr}"
    );
}

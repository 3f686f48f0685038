//! The built `role-cli` binary, run on small fixtures in temporary folders: exit codes, the
//! diagnostic layout, `--out` written whole or not at all, `--check` drift, and output that is
//! the same on every run.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const LOG_WRITER: &str = r#"use role_dsl::role;

/// Lets the log shipper Lambda write its logs to S3.
#[role(trust(service = "lambda.amazonaws.com"), allow("s3:PutObject", on = "arn:{partition}:s3:::{bucket}/*"))]
pub struct LogWriter { pub bucket: String }
"#;

const READ_CONFIG: &str = r#"use role_dsl::{policy, role};

/// Read the shared configuration bucket.
#[policy(name = "read-config", allow("s3:GetObject", on = "arn:{partition}:s3:::{config_bucket}/*"))]
pub struct ReadConfig { pub config_bucket: String }

#[role(
    name = "config-reader",
    trust(service = "ecs-tasks.amazonaws.com"),
    policies(ReadConfig),
)]
pub struct ConfigReader;
"#;

/// `{buckt}` is a typo of the field `bucket`.
const TYPO: &str = r#"use role_dsl::role;

/// Lets the log shipper Lambda write its logs to S3.
#[role(trust(service = "lambda.amazonaws.com"), allow("s3:PutObject", on = "arn:{partition}:s3:::{buckt}/*"))]
pub struct LogWriter { pub bucket: String }
"#;

/// A folder of source files, and the binary run in it.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(files: &[(&str, &str)]) -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        for (path, text) in files {
            fixture.write(path, text.as_bytes());
        }
        fixture
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn write(&self, relative: &str, bytes: &[u8]) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_role-cli"))
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("ROLE_DSL_CATALOGUE")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        Run(output)
    }

    /// Every file under `relative`, with its bytes.
    fn tree(&self, relative: &str) -> BTreeMap<String, Vec<u8>> {
        let root = self.path(relative);
        let mut out = BTreeMap::new();
        let mut stack = vec![root.clone()];
        while let Some(folder) = stack.pop() {
            for entry in fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                let name = path.strip_prefix(&root).unwrap().display().to_string();
                if path.is_dir() {
                    out.insert(name + "/", Vec::new());
                    stack.push(path);
                } else {
                    out.insert(name, fs::read(&path).unwrap());
                }
            }
        }
        out
    }

    /// The entries directly in the fixture's folder.
    fn top(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

struct Run(Output);

impl Run {
    fn code(&self) -> i32 {
        self.0.status.code().expect("exited, not killed")
    }

    fn stdout(&self) -> String {
        String::from_utf8(self.0.stdout.clone()).unwrap()
    }

    fn stderr(&self) -> String {
        String::from_utf8(self.0.stderr.clone()).unwrap()
    }

    #[track_caller]
    fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code(),
            code,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

// Exit codes.

#[test]
fn check_without_errors_exits_0_with_a_summary() {
    let fixture = Fixture::new(&[
        ("src/log_writer.rs", LOG_WRITER),
        ("src/config.rs", READ_CONFIG),
    ]);
    let run = fixture.run(&["check"]).expect(0);
    assert_eq!(run.stdout(), "");
    assert_eq!(
        run.stderr(),
        "checked 2 roles and 1 policy in 2 files: no errors\n"
    );
}

#[test]
fn check_with_errors_exits_1() {
    let fixture = Fixture::new(&[("src/log_writer.rs", TYPO)]);
    let run = fixture.run(&["check", "src"]).expect(1);
    assert!(run.stderr().contains("error[RD401]"), "{}", run.stderr());
}

#[test]
fn a_file_that_does_not_parse_is_a_finding_exit_1() {
    let fixture = Fixture::new(&[(
        "src/broken.rs",
        "#[role(trust(service = \"x\"))]\npub struct {",
    )]);
    let run = fixture.run(&["check"]).expect(1);
    assert!(
        run.stderr()
            .contains("error[RD903]: this file does not parse as Rust"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains(" --> src/broken.rs:2:"),
        "{}",
        run.stderr()
    );
}

#[test]
fn usage_errors_exit_2() {
    let fixture = Fixture::new(&[("src/log_writer.rs", LOG_WRITER)]);
    for args in [
        &["render", "--format", "yaml"][..],
        &["render"],
        &["render", "--format", "iam", "--set", "bucket"],
        &["render", "--format", "iam", "--set", "=x"],
        &["render", "--format", "iam", "--check"],
        &["render", "--format", "iam", "--partition", "aws-moon"],
        &["render", "--format", "iam", "--account-id", "12345"],
        &["render", "--format", "iam", "--region", "mars"],
        &[
            "render", "--format", "iam", "--set", "bucket=a", "--set", "bucket=b",
        ],
        &["deploy"],
        &["check", "--frobnicate"],
    ] {
        let run = fixture.run(args);
        assert_eq!(run.code(), 2, "{args:?}: {}", run.stderr());
        assert!(run.stderr().contains("error"), "{args:?}: {}", run.stderr());
        assert_eq!(run.stdout(), "", "{args:?}");
    }
}

#[test]
fn no_command_prints_the_usage_and_exits_2() {
    let run = Fixture::new(&[]).run(&[]).expect(2);
    assert!(
        run.stderr().contains("Usage: role-cli <COMMAND>"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_unknown_role_is_a_usage_error_naming_the_roles_there_are() {
    let fixture = Fixture::new(&[
        ("src/log_writer.rs", LOG_WRITER),
        ("src/config.rs", READ_CONFIG),
    ]);
    let run = fixture
        .run(&[
            "render",
            "--format",
            "cloudformation",
            "--role",
            "LogWritr",
            "--role",
            "ReadConfig",
        ])
        .expect(2);
    insta::assert_snapshot!("unknown_role", run.stderr());
}

#[test]
fn a_path_that_does_not_exist_is_an_io_error_exit_2() {
    let fixture = Fixture::new(&[]);
    let run = fixture.run(&["check", "nowhere"]).expect(2);
    assert_eq!(
        run.stderr(),
        "error: cannot read nowhere: No such file or directory\n"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_an_io_error_exit_2() {
    let fixture = Fixture::new(&[]);
    fixture.write("src/latin1.rs", b"// caf\xe9\n");
    let run = fixture.run(&["list"]).expect(2);
    assert_eq!(
        run.stderr(),
        "error: cannot read src/latin1.rs: not UTF-8 text (invalid byte at offset 6)\n"
    );
}

#[test]
fn help_and_version_exit_0() {
    let fixture = Fixture::new(&[]);
    let help = fixture.run(&["render", "--help"]).expect(0);
    assert!(help.stdout().contains("--format <FORMAT>"));
    assert!(help.stdout().contains("Examples:"));
    assert!(help.stdout().contains("cloudformation-yaml"));
    let version = fixture.run(&["--version"]).expect(0);
    assert_eq!(
        version.stdout(),
        format!("role-cli {}\n", env!("CARGO_PKG_VERSION"))
    );
}

// Diagnostics.

#[test]
fn a_typo_in_a_placeholder_is_underlined_inside_the_literal() {
    let fixture = Fixture::new(&[("src/log_writer.rs", TYPO)]);
    let run = fixture.run(&["check"]).expect(1);
    insta::assert_snapshot!("typo_placeholder", run.stderr());
    let caret_line = run
        .stderr()
        .lines()
        .find(|l| l.contains('^'))
        .unwrap()
        .to_owned();
    let source_line = run
        .stderr()
        .lines()
        .find(|l| l.starts_with("4 | "))
        .unwrap()
        .to_owned();
    let at = source_line.find("{buckt}").unwrap();
    assert_eq!(caret_line.find('^'), Some(at));
    assert_eq!(caret_line.trim_end().len(), at + "{buckt}".len());
}

#[test]
fn the_caret_follows_escapes_and_raw_strings() {
    let source = r##"use role_dsl::role;

#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:{partition}:s3:::\x6Cogs\u{2d}{buckt}/*"),
    allow("s3:GetObject", on = r#"arn:{partition}:s3:::"{bukket}"/*"#),
    allow("s3:ListBucket", on = "arn:{partition}:\
                                  s3:::{bucke}"),
)]
pub struct LogWriter { pub bucket: String }
"##;
    let fixture = Fixture::new(&[("src/escapes.rs", source)]);
    let run = fixture.run(&["check"]).expect(1);
    insta::assert_snapshot!("escapes", run.stderr());
}

#[test]
fn render_refuses_roles_with_errors_exit_1() {
    let fixture = Fixture::new(&[("src/log_writer.rs", TYPO)]);
    let run = fixture
        .run(&["render", "--format", "cloudformation"])
        .expect(1);
    assert_eq!(run.stdout(), "");
    assert!(
        run.stderr()
            .ends_with("error: could not render: 1 error in 1 file\n"),
        "{}",
        run.stderr()
    );
}

// list.

#[test]
fn list_prints_one_aligned_line_per_declaration() {
    let fixture = Fixture::new(&[
        ("src/log_writer.rs", LOG_WRITER),
        ("src/config.rs", READ_CONFIG),
    ]);
    let run = fixture.run(&["list"]).expect(0);
    assert_eq!(
        run.stdout(),
        "\
policy    ReadConfig      read-config      src/config.rs:5
role      ConfigReader    config-reader    src/config.rs:12
role      LogWriter       LogWriter        src/log_writer.rs:5
"
    );
    assert_eq!(run.stderr(), "");
}

#[test]
fn list_marks_declarations_with_errors_and_exits_1() {
    let fixture = Fixture::new(&[
        ("src/a.rs", TYPO),
        (
            "src/b.rs",
            READ_CONFIG
                .replace("policies(ReadConfig)", "policies(ReadConfg)")
                .as_str(),
        ),
    ]);
    let run = fixture.run(&["list", "src"]).expect(1);
    assert_eq!(
        run.stdout(),
        "\
role      LogWriter       LogWriter        src/a.rs:5     (has errors)
policy    ReadConfig      read-config      src/b.rs:5
role      ConfigReader    config-reader    src/b.rs:12    (has errors)
"
    );
    assert!(run.stderr().contains("error[RD902]"), "{}", run.stderr());
    assert!(
        run.stderr()
            .ends_with("error: checked 2 roles and 1 policy in 2 files: 2 errors\n"),
        "{}",
        run.stderr()
    );
}

// render.

#[test]
fn render_prints_to_stdout_without_out() {
    let fixture = Fixture::new(&[("src/log_writer.rs", LOG_WRITER)]);
    let run = fixture
        .run(&["render", "--format", "iam", "--set", "bucket=my-logs"])
        .expect(0);
    let value = json(&run.stdout());
    assert_eq!(
        value["roles"]["LogWriter"]["policy"]["Statement"][0]["Resource"],
        serde_json::json!("arn:aws:s3:::my-logs/*")
    );
    assert_eq!(run.stderr(), "");
}

#[test]
fn render_out_writes_the_iam_files() {
    let fixture = Fixture::new(&[
        ("src/log_writer.rs", LOG_WRITER),
        ("src/config.rs", READ_CONFIG),
    ]);
    let args = [
        "render",
        "--format",
        "iam",
        "--set",
        "bucket=my-logs",
        "--set",
        "config_bucket=cfg",
        "--partition",
        "aws-cn",
        "--account-id",
        "123456789012",
    ];
    let stdout = json(&fixture.run(&args).expect(0).stdout());
    let run = fixture
        .run(&[&args[..], &["--out", "out/iam"]].concat())
        .expect(0);
    assert_eq!(run.stdout(), "");
    assert_eq!(run.stderr(), "wrote 4 files to out/iam\n");
    let files: Vec<String> = fixture.tree("out/iam").into_keys().collect();
    assert_eq!(
        files,
        [
            "LogWriter.policy.json",
            "LogWriter.trust.json",
            "config-reader.trust.json",
            "read-config.json"
        ]
    );
    let trust = json(&read(&fixture.path("out/iam/LogWriter.trust.json")));
    assert_eq!(trust, stdout["roles"]["LogWriter"]["trust"]);
    let policy = json(&read(&fixture.path("out/iam/read-config.json")));
    assert_eq!(policy, stdout["policies"]["read-config"]["policy"]);
    assert_eq!(
        policy["Statement"][0]["Resource"],
        serde_json::json!("arn:aws-cn:s3:::cfg/*")
    );
    assert_eq!(fixture.top(), ["out", "src"], "no staging folder is left");
}

#[test]
fn render_out_writes_each_format_s_files() {
    let fixture = Fixture::new(&[("src/log_writer.rs", LOG_WRITER)]);
    for (format, files) in [
        ("cloudformation", &["template.json"][..]),
        ("cloudformation-yaml", &["template.yaml"]),
        (
            "terraform",
            &["main.tf.json", "outputs.tf.json", "variables.tf.json"],
        ),
    ] {
        let out = format!("out/{format}");
        fixture
            .run(&["render", "--format", format, "--out", &out])
            .expect(0);
        let names: Vec<String> = fixture.tree(&out).into_keys().collect();
        assert_eq!(names, files, "{format}");
    }
}

#[test]
fn missing_values_are_all_named_and_exit_1() {
    let source = r#"use role_dsl::role;
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("logs:PutLogEvents", on = "arn:{partition}:logs:{region}:{account_id}:log-group:{group}:*"),
    allow("s3:PutObject", on = "arn:{partition}:s3:::{bucket}/*"),
)]
pub struct Shipper { pub group: String, pub bucket: String }
"#;
    let fixture = Fixture::new(&[("src/shipper.rs", source)]);
    fixture.write("out/keep.json", b"{}\n");
    let before = fixture.tree("out");
    for out in [&[][..], &["--out", "out"]] {
        let run = fixture
            .run(&[&["render", "--format", "iam", "--set", "group=g"][..], out].concat())
            .expect(1);
        assert_eq!(run.stdout(), "");
        let stderr = run.stderr();
        for needed in [
            "`bucket`",
            "--set bucket=VALUE",
            "account id",
            "--account-id",
            "region",
            "--region",
        ] {
            assert!(stderr.contains(needed), "{needed} in {stderr}");
        }
        assert!(!stderr.contains("`group`"), "{stderr}");
    }
    assert_eq!(fixture.tree("out"), before);
}

#[test]
fn a_failing_render_leaves_an_existing_out_dir_byte_identical() {
    let fixture = Fixture::new(&[("src/log_writer.rs", LOG_WRITER)]);
    fixture
        .run(&["render", "--format", "terraform", "--out", "out"])
        .expect(0);
    fixture.write("out/main.tf.json", b"hand edited\n");
    fixture.write("out/notes.txt", b"mine\n");
    let before = fixture.tree("out");
    fixture.write("src/log_writer.rs", TYPO.as_bytes());
    fixture
        .run(&["render", "--format", "terraform", "--out", "out"])
        .expect(1);
    assert_eq!(fixture.tree("out"), before);
    // A file in the way of one the render writes: nothing is written either.
    fixture.write("src/log_writer.rs", LOG_WRITER.as_bytes());
    fs::remove_file(fixture.path("out/variables.tf.json")).unwrap();
    fixture.write("out/variables.tf.json/blocker", b"");
    let before = fixture.tree("out");
    let run = fixture
        .run(&["render", "--format", "terraform", "--out", "out"])
        .expect(2);
    assert!(
        run.stderr()
            .starts_with("error: cannot write out/variables.tf.json: "),
        "{}",
        run.stderr()
    );
    assert_eq!(fixture.tree("out"), before);
    assert_eq!(fixture.top(), ["out", "src"], "no staging folder is left");
}

#[test]
fn check_reports_drift_with_exit_1_and_writes_nothing() {
    let fixture = Fixture::new(&[("src/log_writer.rs", LOG_WRITER)]);
    let args = ["render", "--format", "terraform", "--out", "out", "--check"];
    let run = fixture.run(&args).expect(1);
    assert_eq!(
        run.stdout(),
        "missing  out/main.tf.json\nmissing  out/variables.tf.json\nmissing  out/outputs.tf.json\n"
    );
    assert!(!fixture.path("out").exists());

    fixture
        .run(&["render", "--format", "terraform", "--out", "out"])
        .expect(0);
    let run = fixture.run(&args).expect(0);
    assert_eq!(run.stdout(), "");
    assert_eq!(run.stderr(), "out is up to date: 3 files\n");

    fixture.write("out/main.tf.json", b"{}\n");
    fs::remove_file(fixture.path("out/outputs.tf.json")).unwrap();
    let before = fixture.tree("out");
    let run = fixture.run(&args).expect(1);
    assert_eq!(
        run.stdout(),
        "differs  out/main.tf.json\nmissing  out/outputs.tf.json\n"
    );
    assert!(
        run.stderr()
            .starts_with("error: out is out of date: 2 of 3 files differ or are missing"),
        "{}",
        run.stderr()
    );
    assert_eq!(fixture.tree("out"), before);
}

#[test]
fn output_is_byte_identical_over_two_runs() {
    let fixture = Fixture::new(&[
        ("src/log_writer.rs", LOG_WRITER),
        ("src/config.rs", READ_CONFIG),
    ]);
    for format in ["iam", "cloudformation", "cloudformation-yaml", "terraform"] {
        let args = [
            "render",
            "--format",
            format,
            "--set",
            "bucket=b",
            "--set",
            "config_bucket=c",
            "--account-id",
            "123456789012",
        ];
        let first = fixture.run(&args).expect(0);
        let second = fixture.run(&args).expect(0);
        assert!(!first.0.stdout.is_empty());
        assert_eq!(first.0.stdout, second.0.stdout, "{format}");
        fixture
            .run(&[&args[..], &["--out", "a"]].concat())
            .expect(0);
        fixture
            .run(&[&args[..], &["--out", "b"]].concat())
            .expect(0);
        assert_eq!(fixture.tree("a"), fixture.tree("b"), "{format}");
        fs::remove_dir_all(fixture.path("a")).unwrap();
        fs::remove_dir_all(fixture.path("b")).unwrap();
    }
}

#[test]
fn role_selects_by_role_name_or_identifier() {
    let fixture = Fixture::new(&[
        ("src/log_writer.rs", LOG_WRITER),
        ("src/config.rs", READ_CONFIG),
    ]);
    let args = [
        "render",
        "--format",
        "iam",
        "--set",
        "config_bucket=c",
        "--account-id",
        "123456789012",
    ];
    let by_name = json(
        &fixture
            .run(&[&args[..], &["--role", "config-reader"]].concat())
            .expect(0)
            .stdout(),
    );
    let by_ident = json(
        &fixture
            .run(&[&args[..], &["--role", "ConfigReader"]].concat())
            .expect(0)
            .stdout(),
    );
    assert_eq!(by_name, by_ident);
    let roles: Vec<&String> = by_name["roles"].as_object().unwrap().keys().collect();
    assert_eq!(roles, ["config-reader"]);
    let policies: Vec<&String> = by_name["policies"].as_object().unwrap().keys().collect();
    assert_eq!(
        policies,
        ["read-config"],
        "the policies a role attaches come with it"
    );
}

#[test]
fn values_that_no_output_uses_are_warned_about() {
    let fixture = Fixture::new(&[("src/log_writer.rs", LOG_WRITER)]);
    let run = fixture
        .run(&[
            "render", "--format", "iam", "--set", "bucket=b", "--set", "buckt=c",
        ])
        .expect(0);
    assert_eq!(
        run.stderr(),
        "warning: `--set buckt=...` names no parameter of the roles rendered; did you mean `bucket`?\n"
    );
    let run = fixture
        .run(&[
            "render",
            "--format",
            "terraform",
            "--set",
            "bucket=b",
            "--region",
            "eu-west-1",
        ])
        .expect(0);
    assert!(
        run.stderr()
            .starts_with("warning: --set, --region only apply to `--format iam`"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_unreadable_catalogue_file_is_a_finding_not_a_panic() {
    let fixture = Fixture::new(&[
        ("src/roles.rs", LOG_WRITER),
        ("bad-catalogue.txt", "not a catalogue\n"),
    ]);
    let catalogue = fixture.path("bad-catalogue.txt");
    let run = fixture.run_with(
        &["check", "src"],
        &[("ROLE_DSL_CATALOGUE", catalogue.to_str().unwrap())],
    );
    let run = run.expect(1);
    assert!(
        run.stderr()
            .contains("error[RD904]: cannot read the AWS catalogue"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_raw_iam_policy_document_is_checked_with_exact_carets() {
    let document = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:PutObjet", "Resource": "arn:aws:s3:::logs/${aws:usernam}"}
  ]
}
"#;
    let fixture = Fixture::new(&[("policy.json", document)]);
    let run = fixture.run(&["check", "policy.json"]).expect(1);
    insta::assert_snapshot!("raw_iam_policy", run.stderr());
}

/// An EKS service-account role: placeholders in a key and a name, a list parameter, a silenced
/// finding, and a tagged policy.
const SERVICE_ACCOUNT: &str = r#"use role_dsl::{policy, role};

#[role(
    name = "{cluster}-external-dns",
    trust(
        oidc = "{oidc_host}",
        when(StringEquals("{oidc_host}:sub", "system:serviceaccount:kube-system:external-dns")),
    ),
    allow("route53:ChangeResourceRecordSets", on = ["{zone_arns}"]),
    allow("s3:PutObject", on = "arn:aws:s3:::bucket", unchecked = ["RD511"]),
    policies(Zones),
)]
pub struct ExternalDns { pub cluster: String, pub oidc_host: String, pub zone_arns: Vec<String> }

#[policy(name = "{cluster}-zones", allow("route53:ListHostedZones", on = "*"), tags(cluster = "{cluster}"))]
pub struct Zones { pub cluster: String }
"#;

#[test]
fn check_verbose_lists_what_unchecked_silenced_and_where() {
    let fixture = Fixture::new(&[("roles.rs", SERVICE_ACCOUNT)]);
    let quiet = fixture.run(&["check", "."]).expect(0);
    assert!(
        quiet.stderr().contains("1 silenced (--verbose shows them)"),
        "{}",
        quiet.stderr()
    );
    assert!(!quiet.stderr().contains("RD511"), "{}", quiet.stderr());
    let verbose = fixture.run(&["check", "--verbose", "."]).expect(0);
    let err = verbose.stderr();
    assert!(
        err.contains("note[RD511]: silenced: `s3:PutObject` cannot act on"),
        "{err}"
    );
    assert!(err.contains("silenced by this `unchecked` entry"), "{err}");
}

#[test]
fn explain_describes_codes_and_refuses_unknown_ones() {
    let fixture = Fixture::new(&[]);
    let out = fixture
        .run(&["explain", "RD511", "unknown-action"])
        .expect(0);
    assert!(
        out.stdout().contains("RD511  resource-mismatch"),
        "{}",
        out.stdout()
    );
    assert!(
        out.stdout()
            .contains("silence with unchecked = [\"RD312\"]"),
        "{}",
        out.stdout()
    );
    let all = fixture.run(&["explain"]).expect(0);
    assert!(all.stdout().contains("RD401  unknown-placeholder"));
    assert!(all.stdout().contains("cannot be silenced"));
    let bad = fixture.run(&["explain", "RD5111"]).expect(2);
    assert!(
        bad.stderr().contains("`RD5111` is no finding code"),
        "{}",
        bad.stderr()
    );
}

#[test]
fn list_parameters_take_commas_and_repeated_sets() {
    let fixture = Fixture::new(&[("roles.rs", SERVICE_ACCOUNT)]);
    let out = fixture
        .run(&[
            "render",
            ".",
            "--format",
            "iam",
            "--account-id",
            "123456789012",
            "--set",
            "cluster=prod",
            "--set",
            "oidc_host=oidc.eks.eu-west-1.amazonaws.com/id/X",
            "--set",
            "zone_arns=arn:aws:route53:::hostedzone/A,arn:aws:route53:::hostedzone/B",
            "--set",
            "zone_arns=arn:aws:route53:::hostedzone/C",
        ])
        .expect(0);
    let doc = json(&out.stdout());
    let role = &doc["roles"]["prod-external-dns"];
    assert_eq!(
        role["policy"]["Statement"][0]["Resource"],
        serde_json::json!([
            "arn:aws:route53:::hostedzone/A",
            "arn:aws:route53:::hostedzone/B",
            "arn:aws:route53:::hostedzone/C"
        ])
    );
    assert_eq!(
        role["trust"]["Statement"][0]["Condition"]["StringEquals"]["oidc.eks.eu-west-1.amazonaws.com/id/X:sub"],
        "system:serviceaccount:kube-system:external-dns"
    );
    assert!(doc["policies"]["prod-zones"].is_object());
    // An empty list where IAM needs an element is refused, naming it.
    let empty = fixture
        .run(&[
            "render",
            ".",
            "--format",
            "iam",
            "--account-id",
            "123456789012",
            "--set",
            "cluster=prod",
            "--set",
            "oidc_host=h.example.com",
            "--set",
            "zone_arns=",
        ])
        .expect(1);
    assert!(
        empty.stderr().contains("IAM needs at least one element"),
        "{}",
        empty.stderr()
    );
}

#[test]
fn a_wildcard_value_and_what_a_format_cannot_hold_are_said() {
    let fixture = Fixture::new(&[("log_writer.rs", LOG_WRITER), ("roles.rs", SERVICE_ACCOUNT)]);
    let out = fixture
        .run(&[
            "render",
            "log_writer.rs",
            "--format",
            "iam",
            "--account-id",
            "123456789012",
            "--set",
            "bucket=*",
        ])
        .expect(0);
    assert!(
        out.stderr().contains(
            "`--set bucket=*` puts a wildcard into 1 resource, such as `arn:aws:s3:::*/*`"
        ),
        "{}",
        out.stderr()
    );
    let cfn = fixture
        .run(&["render", "roles.rs", "--format", "cloudformation"])
        .expect(0);
    assert!(
        cfn.stderr()
            .contains("the tags of #[policy] `Zones` are not in the template"),
        "{}",
        cfn.stderr()
    );
}

#[test]
fn check_refuses_what_every_render_refuses_names_equal_ignoring_case() {
    let other = LOG_WRITER
        .replace("pub struct LogWriter", "pub struct Other")
        .replace("#[role(", "#[role(name = \"logwriter\", ");
    let fixture = Fixture::new(&[("a.rs", LOG_WRITER), ("b.rs", &other)]);
    let out = fixture.run(&["check", "."]).expect(1);
    let err = out.stderr();
    assert!(
        err.contains("error[RD901]: role name `logwriter` is also the name of `LogWriter`"),
        "{err}"
    );
    assert!(err.contains("the other is `LogWriter`, in"), "{err}");
    fixture
        .run(&["render", ".", "--format", "terraform"])
        .expect(1);
}

// `import`.

const TRUST: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
  ]
}"#;

#[test]
fn import_prints_one_source_file_that_check_accepts() {
    let fixture = Fixture::new(&[("trust.json", TRUST)]);
    let run = fixture.run(&["import", "trust.json"]).expect(0);
    assert_eq!(
        run.stdout(),
        "//! Imported by `role-cli import` from `trust.json`.\n\nuse role_dsl::role;\n\n\
         #[role(name = \"trust\", trust(service = \"lambda.amazonaws.com\"))]\npub struct Trust;\n"
    );
    assert_eq!(run.stderr(), "imported 1 role or policy from 1 file\n");
}

#[test]
fn render_then_import_gives_back_the_same_documents() {
    let fixture = Fixture::new(&[
        ("src/log_writer.rs", LOG_WRITER),
        ("src/config.rs", READ_CONFIG),
    ]);
    let render = [
        "render",
        "--format",
        "iam",
        "--set",
        "bucket=my-logs",
        "--set",
        "config_bucket=cfg",
        "--account-id",
        "123456789012",
    ];
    fixture
        .run(&[&render[..], &["--out", "iam"]].concat())
        .expect(0);
    let run = fixture
        .run(&[
            "import",
            "iam/LogWriter.policy.json",
            "iam/LogWriter.trust.json",
            "iam/config-reader.trust.json",
            "iam/read-config.json",
            "--out",
            "imported",
        ])
        .expect(0);
    assert_eq!(
        run.stderr(),
        "imported 3 roles and policies from 4 files into 3 files in imported\n"
    );
    // The role's trust and inline policy, in two files, are one role again.
    assert!(read(&fixture.path("imported/log_writer.rs")).contains("pub struct LogWriter;"));
    fixture
        .run(&["render", "imported", "--format", "iam", "--out", "again"])
        .expect(0);
    assert_eq!(fixture.tree("iam"), fixture.tree("again"));
}

#[test]
fn import_replaces_its_own_files_but_never_the_users() {
    let fixture = Fixture::new(&[("trust.json", TRUST), ("src/trust.rs", "fn main() {}\n")]);
    let run = fixture
        .run(&["import", "trust.json", "--out", "src"])
        .expect(2);
    assert!(
        run.stderr()
            .contains("src/trust.rs exists and was not written by role-cli import"),
        "{}",
        run.stderr()
    );
    assert_eq!(read(&fixture.path("src/trust.rs")), "fn main() {}\n");
    fixture
        .run(&["import", "trust.json", "--out", "src", "--force"])
        .expect(0);
    let imported = read(&fixture.path("src/trust.rs"));
    assert!(imported.starts_with("//! Imported by `role-cli import`"));
    // An earlier import's file is replaced without --force.
    fixture.write(
        "trust.json",
        TRUST.replace("lambda", "ecs-tasks").as_bytes(),
    );
    fixture
        .run(&["import", "trust.json", "--out", "src"])
        .expect(0);
    assert!(read(&fixture.path("src/trust.rs")).contains("ecs-tasks.amazonaws.com"));
}

#[test]
fn an_input_that_cannot_be_read_writes_nothing_and_exits_2() {
    let fixture = Fixture::new(&[("trust.json", TRUST), ("broken.yaml", "Resources: [\n")]);
    let run = fixture
        .run(&["import", "trust.json", "broken.yaml", "--out", "src"])
        .expect(2);
    assert!(
        run.stderr().starts_with("error: cannot import broken.yaml"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("nothing was written"));
    assert_eq!(fixture.top(), ["broken.yaml", "trust.json"]);
    let run = fixture.run(&["import", "missing.json"]).expect(2);
    assert!(
        run.stderr().contains("cannot read missing.json"),
        "{}",
        run.stderr()
    );
}

#[test]
fn errors_in_the_imported_iam_are_reported_and_exit_1_with_the_source_written() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}"#;
    let fixture = Fixture::new(&[("read.json", policy)]);
    let run = fixture
        .run(&["import", "read.json", "--out", "src"])
        .expect(1);
    let stderr = run.stderr();
    assert!(
        stderr.contains("error[RD312]: unknown action `s3:GetObjekt`"),
        "{stderr}"
    );
    assert!(stderr.contains("--> src/read.rs:"), "{stderr}");
    assert!(stderr.contains("the imported IAM has 1 error"), "{stderr}");
    assert!(read(&fixture.path("src/read.rs")).contains("\"s3:GetObjekt\""));
}

#[test]
fn what_the_dsl_cannot_say_is_a_warning_and_a_todo_beside_the_role() {
    let trust = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}"#;
    let fixture = Fixture::new(&[("node.json", trust)]);
    let run = fixture.run(&["import", "node.json"]).expect(0);
    assert!(
        run.stderr().contains("warning: node.json (.AssumeRolePolicyDocument.Statement[1]): this trust statement denies"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stdout()
            .contains("// TODO(import): this trust statement denies"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stderr()
            .contains("1 thing the DSL cannot say left as TODO(import)")
    );
}

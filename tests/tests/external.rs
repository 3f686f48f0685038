//! Outside tools over the rendered examples and the real-world suite: every CloudFormation
//! template (JSON and YAML) passes cfn-lint with no error, and deploys into a moto server where
//! get-role gives back the documents of `--format iam` and sts:AssumeRole returns credentials;
//! every Terraform module loads with Terraform's own configuration loader.
//!
//! The tools live in a Python virtual environment that `.ci/run` makes (`.venv` at the root, or
//! the interpreter in `ROLE_TESTS_PYTHON`). Without it the tests say so and pass, unless
//! `ROLE_TESTS_REQUIRE_EXTERNAL=1` (set by `.ci/run`), where a missing tool fails them.

use std::path::PathBuf;
use std::process::Command;

use role_core::Env;
use role_core::model::Bundle;
use role_core::render::{Format, render};

mod support;

/// The Python that has cfn-lint and moto, if there is one.
fn python() -> Option<PathBuf> {
    let candidate = std::env::var_os("ROLE_TESTS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| support::root().join(".venv/bin/python"));
    let found = candidate.exists();
    if !found {
        assert!(
            std::env::var("ROLE_TESTS_REQUIRE_EXTERNAL").is_err(),
            "no Python with cfn-lint and moto at {}; run .ci/run",
            candidate.display()
        );
        eprintln!(
            "note: skipped: no Python with cfn-lint and moto at {} (see .ci/run)",
            candidate.display()
        );
    }
    found.then_some(candidate)
}

/// Every bundle the outside tools see, each with values for its parameters in moto's account and
/// region: the examples (`bucket` → `v-bucket`), and the real-world suite with its own values.
fn bundles() -> Vec<(String, Bundle, Env)> {
    let moto = Env {
        partition: "aws".into(),
        account_id: Some("123456789012".into()),
        region: Some("us-east-1".into()),
        ..Env::default()
    };
    let examples = support::example_bundles()
        .into_iter()
        .map(|(name, bundle)| {
            let env = support::with_values(&bundle, moto.clone(), |p| {
                format!("v-{}", p.replace('_', "-"))
            });
            (name, bundle, env)
        });
    let realworld = support::realworld_bundles()
        .into_iter()
        .map(|(name, bundle, env)| {
            let env = Env {
                account_id: moto.account_id.clone(),
                region: moto.region.clone(),
                ..env
            };
            (format!("realworld-{name}"), bundle, env)
        });
    examples.chain(realworld).collect()
}

#[test]
fn cloudformation_passes_cfn_lint() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut files = Vec::new();
    for (name, bundle, _) in bundles() {
        for (format, ext) in [
            (Format::CloudFormation, "json"),
            (Format::CloudFormationYaml, "yaml"),
        ] {
            let rendered = render(&bundle, format, &Env::default()).expect("renders");
            let path = dir.path().join(format!("{name}.{ext}"));
            std::fs::write(&path, rendered.stdout).expect("writable");
            files.push(path);
        }
    }
    // cfn-lint's own entry point beside the interpreter: `python -m cfnlint` has no `__main__`
    // and would fail before reading a template.
    let cfn_lint = python.with_file_name("cfn-lint");
    let out = Command::new(&cfn_lint)
        .args(["--format", "parseable"])
        .args(&files)
        .output()
        .expect("cfn-lint runs");
    let report = String::from_utf8_lossy(&out.stdout);
    let findings: Vec<&str> = report
        .lines()
        .filter(|line| {
            let code = line.split(':').nth(5).unwrap_or("");
            code.starts_with('E') || code == "W3037"
        })
        .collect();
    assert!(
        findings.is_empty(),
        "cfn-lint found errors:\n{}",
        findings.join("\n")
    );
    // Exit codes: 0 clean, 2 errors, 4 warnings, 8 informational, or a sum; 1 is a crash.
    assert!(
        out.status.code().is_some_and(|c| c != 1 && c & 2 == 0),
        "cfn-lint failed: {report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The templates were read: a broken one is caught (so that this test cannot pass empty).
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        r#"{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"MaxSessionDuration": 50000}}}}"#,
    )
    .expect("writable");
    let out = Command::new(&cfn_lint)
        .args(["--format", "parseable"])
        .arg(&broken)
        .output()
        .expect("cfn-lint runs");
    assert!(
        out.status.code().is_some_and(|c| c & 2 != 0),
        "cfn-lint finds the broken template's errors"
    );
}

#[test]
fn cloudformation_deploys_into_moto() {
    let Some(python) = python() else { return };
    let script = support::root().join("tests/external/moto_deploy.py");
    let dir = tempfile::tempdir().expect("a temp dir");
    for (name, bundle, env) in bundles() {
        let iam = render(&bundle, Format::Iam, &env).expect("renders iam");
        let iam_path = dir.path().join(format!("{name}.iam.json"));
        std::fs::write(&iam_path, iam.stdout).expect("writable");
        // The YAML template is the JSON one written as YAML (render's own tests read it back);
        // the examples deploy both, the real-world suite its JSON, to keep CI's minutes.
        let formats: &[(Format, &str)] = if name.starts_with("realworld-") {
            &[(Format::CloudFormation, "json")]
        } else {
            &[
                (Format::CloudFormation, "json"),
                (Format::CloudFormationYaml, "yaml"),
            ]
        };
        for &(format, ext) in formats {
            let rendered = render(&bundle, format, &Env::default()).expect("renders");
            let path = dir.path().join(format!("{name}.{ext}"));
            std::fs::write(&path, &rendered.stdout).expect("writable");
            let template: serde_json::Value = match format {
                Format::CloudFormation => {
                    serde_json::from_str(&rendered.stdout).expect("valid JSON")
                }
                _ => serde_json::from_str(
                    &render(&bundle, Format::CloudFormation, &Env::default())
                        .expect("renders")
                        .stdout,
                )
                .expect("valid JSON"),
            };
            let params = template["Parameters"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            let mut command = Command::new(&python);
            command.arg(&script).arg(&path).arg(&iam_path);
            let lists = env.lists.iter().map(|(f, v)| (f, v.join(",")));
            for (field, value) in env.values.iter().map(|(f, v)| (f, v.clone())).chain(lists) {
                let wanted = field.replace('_', "").to_ascii_lowercase();
                if let Some(param) = params.keys().find(|k| k.to_ascii_lowercase() == wanted) {
                    command.arg(format!("--param={param}={value}"));
                }
            }
            let out = command.output().expect("moto_deploy runs");
            assert!(
                out.status.success(),
                "{name}.{ext} did not deploy:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn terraform_modules_load() {
    let Some(python) = python() else { return };
    let script = support::root().join("tests/external/terraform_load.py");
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut modules = Vec::new();
    for (name, bundle, _) in bundles() {
        let module = dir.path().join(&name);
        std::fs::create_dir(&module).expect("writable");
        let rendered = render(&bundle, Format::Terraform, &Env::default()).expect("renders");
        for file in rendered.files {
            std::fs::write(module.join(&file.path), file.contents).expect("writable");
        }
        modules.push(module);
    }
    let out = Command::new(&python)
        .arg(&script)
        .args(&modules)
        .output()
        .expect("terraform_load runs");
    assert!(
        out.status.success(),
        "Terraform's loader refused a module:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

//! `role-cli import` on real inputs (`tests/import`: `aws iam` output, public CloudFormation
//! templates and Terraform modules, each named with its origin in its folder's README or ORIGIN):
//! the source written is what the snapshot holds, laid out as rustfmt lays it out, checked
//! without errors but those listed with their reason, and, rendered, it grants what the input
//! does wherever the import said nothing was lost.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use role_core::Env;
use role_core::diag::Severity;
use role_core::import::dsl::ItemKind;
use role_core::import::{self, Format, Imported, Input, NoteKind, Tv};
use role_core::model::{ParamKind, Part};
use role_core::project::{Project, SourceFile};
use role_core::render::iam;
use serde_json::Value;
use support::meaning::compare;

/// Errors `check` rightly finds in what an input gives: (fixture, code, why).
const EXPECTED_ERRORS: &[(&str, &str, &str)] = &[(
    "terraform/iam-role-for-service-accounts-eks",
    "RD105",
    "the whole trust policy is a `dynamic \"statement\"` over the service accounts given, none by \
     default: the import notes it, and the role it writes has no trust(...) to fill in",
)];

/// Every fixture, as `role-cli import` reads it: files, and each Terraform module's folder.
fn fixtures() -> Vec<(String, Input)> {
    let base = support::root().join("tests/import");
    let mut out = Vec::new();
    for kind in ["json", "cloudformation", "terraform"] {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(base.join(kind))
            .expect("a fixture folder")
            .map(|e| e.expect("an entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let name = format!("{kind}/{}", path.file_name().unwrap().to_string_lossy());
            if path.is_dir() {
                out.push((name, module(&path)));
            } else if ["json", "yaml", "yml"]
                .iter()
                .any(|e| path.extension().is_some_and(|x| x == *e))
            {
                let text = std::fs::read_to_string(&path).expect("readable");
                out.push((name.clone(), Input::new(name, text)));
            }
        }
    }
    out
}

/// A Terraform module's `.tf` files as one input, `main.tf` first, as the CLI joins a folder.
fn module(dir: &Path) -> Input {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tf"))
        .collect();
    files.sort_by_key(|p| (p.file_name().unwrap() != "main.tf", p.clone()));
    let text: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let name = format!("terraform/{}", dir.file_name().unwrap().to_string_lossy());
    Input {
        path: name,
        text,
        format: Some(Format::Terraform),
    }
}

fn import_one(input: &Input) -> Imported {
    import::import(std::slice::from_ref(input))
        .unwrap_or_else(|e| panic!("{}: {}", e.path, e.error.message))
        .remove(0)
}

#[test]
fn every_fixture_imports_as_its_snapshot() {
    for (name, input) in fixtures() {
        let done = import_one(&input);
        let mut text = done.source();
        text.push_str("\n// Notes, as `role-cli import` reports them:\n");
        for note in &done.notes {
            let kind = match note.kind {
                NoteKind::Unexpressible => "warning",
                NoteKind::Changed => "changed",
                NoteKind::Skipped => "skipped",
            };
            text.push_str(&format!(
                "// {kind}: {}: {}\n",
                note.place.path, note.message
            ));
        }
        insta::assert_snapshot!(name.replace('/', "__"), text);
    }
}

#[test]
fn imported_source_is_laid_out_as_rustfmt_lays_it_out() {
    let Some(rustfmt) = rustfmt() else { return };
    for (name, input) in fixtures() {
        let source = import_one(&input).source();
        let mut child = Command::new(&rustfmt)
            .args(["--edition", "2024", "--emit", "stdout"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rustfmt runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(source.as_bytes())
            .unwrap();
        let out = child.wait_with_output().expect("rustfmt finishes");
        assert!(
            out.status.success(),
            "{name}: rustfmt: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let formatted = String::from_utf8(out.stdout).unwrap();
        if formatted != source {
            let diff = similar_lines(&source, &formatted);
            panic!("{name}: rustfmt lays the imported source out otherwise:\n{diff}");
        }
    }
}

/// The rustfmt of the toolchain, or `None` (and a note) when it is not installed.
fn rustfmt() -> Option<PathBuf> {
    let found = Command::new("rustfmt")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some(PathBuf::from("rustfmt"));
    }
    assert!(
        std::env::var("ROLE_TESTS_REQUIRE_EXTERNAL").is_err(),
        "rustfmt is missing; `rustup component add rustfmt`"
    );
    eprintln!("note: skipped: rustfmt is not installed");
    None
}

/// The first lines that differ, for the message.
fn similar_lines(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(0);
    let end = |v: &Vec<&str>| (first + 8).min(v.len());
    format!(
        "ours:\n{}\nrustfmt's:\n{}",
        a[first..end(&a)].join("\n"),
        b[first..end(&b)].join("\n")
    )
}

#[test]
fn imported_source_has_no_errors_but_the_inputs_own() {
    let mut unexpected = Vec::new();
    for (name, input) in fixtures() {
        let source = import_one(&input).source();
        let project = Project::scan(&[SourceFile {
            path: format!("{name}.rs"),
            text: source,
        }]);
        for found in &project.findings {
            let finding = &found.finding;
            if finding.severity != Severity::Error {
                continue;
            }
            let code = finding.code.code();
            if !EXPECTED_ERRORS
                .iter()
                .any(|(f, c, _)| *f == name && *c == code)
            {
                unexpected.push(format!("{name}: {code} {}", finding.message));
            }
        }
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}

/// What the fields stand for in the comparison: each its own name (a list, two of them).
fn env_for(found: &import::Found) -> Env {
    let mut env = Env {
        partition: "aws".into(),
        account_id: Some("123456789012".into()),
        region: Some("eu-west-1".into()),
        ..Env::default()
    };
    for field in &found.fields {
        let name = field.name.clone();
        match field.kind {
            ParamKind::Text => {
                env.values.insert(name.clone(), name.clone());
            }
            ParamKind::List => {
                env.lists.insert(
                    name.clone(),
                    vec![format!("one-{name}"), format!("two-{name}")],
                );
            }
        }
    }
    env
}

/// A value the reader found, its placeholders filled from `env`: what the input means there.
fn resolve(value: &Tv, env: &Env) -> Value {
    let text = |t: &role_core::model::Template| env.resolve(t, &mut Default::default());
    match value {
        Tv::Null => Value::Null,
        Tv::Bool(b) => Value::Bool(*b),
        Tv::Number(n) => Value::Number(n.clone()),
        Tv::Str(t) => match t.0.as_slice() {
            [Part::List(list)] => Value::Array(
                env.lists[list]
                    .iter()
                    .map(|v| Value::String(v.clone()))
                    .collect(),
            ),
            _ => Value::String(text(t)),
        },
        Tv::List(items) => Value::Array(
            items
                .iter()
                .flat_map(|item| match resolve(item, env) {
                    Value::Array(inner) if matches!(item, Tv::Str(_)) => inner,
                    one => vec![one],
                })
                .collect(),
        ),
        Tv::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (text(k), resolve(v, env)))
                .collect(),
        ),
    }
}

/// The statements of several documents as one.
fn merged(documents: &[Value]) -> Value {
    let statements: Vec<Value> = documents
        .iter()
        .flat_map(|d| match &d["Statement"] {
            Value::Array(items) => items.clone(),
            Value::Null => Vec::new(),
            one => vec![one.clone()],
        })
        .collect();
    serde_json::json!({ "Version": "2012-10-17", "Statement": statements })
}

#[test]
fn imported_roles_grant_what_the_input_grants() {
    let mut failures = Vec::new();
    let mut compared = 0;
    let mut noted = 0;
    for (name, input) in fixtures() {
        let (_, found) = import::read(&input).expect("reads");
        let done = import_one(&input);
        let env = env_for(&found);
        let project = Project::scan(&[SourceFile {
            path: "imported.rs".into(),
            text: done.source(),
        }]);
        let bundle = project.bundle();
        let rendered = iam::bundle(&bundle, &env).expect("renders");
        // A difference is allowed where the import said the DSL cannot say something.
        let mut judge = |place: &str, diffs: Vec<String>| {
            compared += 1;
            if diffs.is_empty() {
                return;
            }
            let said = done
                .notes
                .iter()
                .any(|n| n.kind == NoteKind::Unexpressible && n.place.path.starts_with(place));
            if said {
                noted += 1;
            } else {
                failures.extend(diffs);
            }
        };
        let roles = done.items.iter().filter(|i| i.kind == ItemKind::Role);
        for (role, item) in found.roles.iter().zip(roles) {
            let mut diffs = Vec::new();
            let what = format!("{name}: {}", item.ident);
            match bundle.roles.iter().find(|r| r.ident == item.ident) {
                None if has_expected_error(&name) => continue,
                None => diffs.push(format!("{what} has errors")),
                Some(model) => {
                    let role_name = env.resolve(&model.name, &mut Default::default());
                    let got = &rendered["roles"][&role_name];
                    if let Some(trust) = &role.trust {
                        let want = resolve(trust, &env);
                        compare(
                            &format!("{what} trust"),
                            &want,
                            got.get("trust"),
                            "aws",
                            &mut diffs,
                        );
                    }
                    if !role.inline.is_empty() {
                        let want: Vec<Value> =
                            role.inline.iter().map(|d| resolve(d, &env)).collect();
                        let want = merged(&want);
                        compare(
                            &format!("{what} policy"),
                            &want,
                            got.get("policy"),
                            "aws",
                            &mut diffs,
                        );
                    }
                }
            }
            judge(&role.place.path, diffs);
        }
        let policies = done.items.iter().filter(|i| i.kind == ItemKind::Policy);
        for (policy, item) in found.policies.iter().zip(policies) {
            let mut diffs = Vec::new();
            let what = format!("{name}: {}", item.ident);
            match bundle.policies.iter().find(|p| p.ident == item.ident) {
                None => diffs.push(format!("{what} has errors")),
                Some(model) => {
                    let policy_name = env.resolve(&model.name, &mut Default::default());
                    let got = rendered["policies"][&policy_name].get("policy");
                    let want = resolve(&policy.document, &env);
                    compare(&what, &want, got, "aws", &mut diffs);
                }
            }
            judge(&policy.place.path, diffs);
        }
    }
    eprintln!(
        "compared {compared} roles and policies by meaning; {noted} differ where the import noted the DSL cannot say something"
    );
    assert!(
        compared > 30,
        "the fixtures hold more than 30 roles and policies"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn has_expected_error(fixture: &str) -> bool {
    EXPECTED_ERRORS.iter().any(|(f, _, _)| *f == fixture)
}

/// The source the import writes compiles against `role-dsl` as it is: the macros accept every
/// fixture's (but those with the input's own errors), each file a module of one crate.
#[test]
fn imported_sources_compile_with_the_macros() {
    let mut crate_source = String::from("#![allow(dead_code)]\n");
    for (name, input) in fixtures() {
        if has_expected_error(&name) {
            continue;
        }
        let source = import_one(&input).source();
        let module = name.replace(['/', '.', '-'], "_");
        // Inner doc comments open a file, not a module written inline.
        let body: String = source
            .lines()
            .filter(|line| !line.starts_with("//!"))
            .map(|line| format!("    {line}\n"))
            .collect();
        crate_source.push_str(&format!("\nmod {module} {{\n{body}}}\n"));
    }
    crate_source.push_str("\nfn main() {}\n");
    let dir = support::root().join("target/import-compile");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("imported.rs");
    std::fs::write(&path, crate_source).unwrap();
    trybuild::TestCases::new().pass(&path);
}

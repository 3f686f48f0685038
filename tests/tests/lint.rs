//! The lint corpus (`tests/lint/`): every risky case raises exactly the lint it is named after,
//! every benign twin raises none, and every `RL` code has a risky case; then the AWS managed
//! policies, linted, with the count per lint printed (and copied into BENCHMARKS.md), and the
//! read-only ones free of PassRole-type findings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use role_core::lint::{self, LintFinding};
use role_core::project::{Project, SourceFile};

mod support;

fn cases(kind: &str) -> Vec<PathBuf> {
    let dir = support::root().join("tests/lint").join(kind);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the lint corpus is there")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs" || e == "json"))
        .collect();
    paths.sort();
    paths
}

fn code_of(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy();
    name.split('-').next().unwrap().to_owned()
}

/// The findings that count (not accepted), failing on any error of the checks: a case must be
/// valid, or it tests nothing.
fn lint_file(path: &Path) -> Vec<LintFinding> {
    let files = [SourceFile {
        path: path.display().to_string(),
        text: std::fs::read_to_string(path).expect("readable case"),
    }];
    let project = Project::scan(&files);
    let errors: Vec<&str> = project
        .findings
        .iter()
        .filter(|f| f.finding.is_error())
        .map(|f| f.finding.message.as_str())
        .collect();
    assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    lint::project(&files, &project)
        .into_iter()
        .map(|f| f.finding)
        .filter(|f| f.accepted.is_none())
        .collect()
}

#[test]
fn every_risky_case_raises_exactly_its_lint() {
    let mut wrong = Vec::new();
    for path in cases("risky") {
        let expected = code_of(&path);
        let got: BTreeSet<&str> = lint_file(&path).iter().map(|f| f.lint.code).collect();
        if got != BTreeSet::from([expected.as_str()]) {
            wrong.push(format!(
                "{}: expected {expected}, got {got:?}",
                path.display()
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

/// An escalation case is named after the method it shows (`RL115-ec2-run-instances.rs`): the
/// path must use that method, not another that happens to fit the same roles.
#[test]
fn every_escalation_case_takes_its_own_method() {
    let mut wrong = Vec::new();
    for path in cases("risky") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let Some(method) = name
            .strip_prefix("RL114-")
            .or_else(|| name.strip_prefix("RL115-"))
        else {
            continue;
        };
        let found = lint_file(&path);
        let uses = found.iter().any(|f| {
            f.path
                .iter()
                .any(|s| s.message.contains(&format!("({method})")))
        });
        if !uses {
            let got: Vec<String> = found
                .iter()
                .flat_map(|f| f.path.iter().map(|s| s.message.clone()))
                .collect();
            wrong.push(format!("{name}: {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

#[test]
fn every_benign_twin_raises_no_lint() {
    let mut wrong = Vec::new();
    for path in cases("benign") {
        let got: Vec<String> = lint_file(&path)
            .iter()
            .map(|f| format!("{} {}", f.lint.code, f.message))
            .collect();
        if !got.is_empty() {
            wrong.push(format!("{}: {got:?}", path.display()));
        }
    }
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

#[test]
fn every_lint_has_a_risky_case_and_a_twin() {
    let names = |kind: &str| -> BTreeSet<String> {
        cases(kind)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    let (risky, benign) = (names("risky"), names("benign"));
    let mut missing = Vec::new();
    for lint in lint::ALL {
        if !risky.iter().any(|n| n.starts_with(lint.code)) {
            missing.push(format!("{} ({}) has no risky case", lint.code, lint.name));
        }
    }
    for name in &risky {
        if !benign.contains(name) {
            missing.push(format!("{name} has no benign twin of the same name"));
        }
    }
    assert!(missing.is_empty(), "\n{}\n", missing.join("\n"));
}

/// Lints that say a policy can hand out roles or grant itself more: none of them belongs on a
/// policy that only reads.
const ESCALATION: &[&str] = &["RL101", "RL104", "RL111", "RL112", "RL113"];

#[test]
fn aws_managed_policies_lint_counts() {
    let Some(corpus) = support::managed_policies() else {
        return;
    };
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut read_only_escalations = Vec::new();
    let mut read_only = 0;
    for (name, policy) in &corpus {
        let Some(latest) = policy["latestVersionId"].as_str() else {
            continue;
        };
        let document = &policy["versions"][latest]["document"];
        let text = serde_json::to_string_pretty(document).expect("JSON");
        let files = [SourceFile {
            path: format!("{name}.json"),
            text,
        }];
        let project = Project::scan(&files);
        let found = lint::project(&files, &project);
        let mut seen = BTreeSet::new();
        for f in &found {
            let entry = counts.entry(f.finding.lint.code).or_default();
            entry.0 += 1;
            if seen.insert(f.finding.lint.code) {
                entry.1 += 1;
            }
        }
        let reads_only = name.contains("ReadOnly") || name == "ViewOnlyAccess";
        if reads_only {
            read_only += 1;
            read_only_escalations.extend(
                found
                    .iter()
                    .filter(|f| ESCALATION.contains(&f.finding.lint.code))
                    .map(|f| format!("{name}: {} {}", f.finding.lint.code, f.finding.message)),
            );
        }
    }
    println!("lint findings on {} AWS managed policies:", corpus.len());
    println!("| lint | findings | policies |");
    println!("|---|---:|---:|");
    for lint in lint::ALL {
        let (findings, policies) = counts.get(lint.code).copied().unwrap_or_default();
        println!("| {} {} | {findings} | {policies} |", lint.code, lint.name);
    }
    println!(
        "{read_only} read-only policies (`*ReadOnly*`, ViewOnlyAccess): no PassRole-type finding"
    );
    assert!(read_only > 100, "the read-only policies are in the corpus");
    assert!(
        read_only_escalations.is_empty(),
        "\n{}\n",
        read_only_escalations.join("\n")
    );
}

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

/// The services the escalation methods pass roles to (or take them over from): the administrator
/// role of the managed policy test trusts them all, so that any method a policy allows finds its target.
const PASSED_TO: &[&str] = &[
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
    "cloudformation.amazonaws.com",
    "glue.amazonaws.com",
    "codebuild.amazonaws.com",
    "sagemaker.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "datapipeline.amazonaws.com",
    "tasks.apprunner.amazonaws.com",
    "bedrock-agentcore.amazonaws.com",
];

/// Each AWS managed policy as the only policy of a role, alone (RL114: it may rewrite its own
/// permissions) and beside an administrator role that trusts the account and every service the
/// methods pass roles to (RL115: it can reach that role). The counts are printed for
/// BENCHMARKS.md; the read-only policies must raise neither.
#[test]
fn aws_managed_policies_escalation_counts() {
    let admin_trusts: String = PASSED_TO
        .iter()
        .map(|s| format!("    trust(service = \"{s}\"),\n"))
        .collect();
    let admin = format!(
        "#[role(\n    name = \"admin\",\n{admin_trusts}    trust(account = \"123456789012\"),\n    managed = [\"AdministratorAccess\"],\n)]\npub struct Admin;\n"
    );
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut read_only = 0;
    let mut wrong = Vec::new();
    let names: Vec<&str> = role_eval::managed::names().collect();
    for name in &names {
        let subject = format!(
            "#[role(\n    name = \"subject\",\n    trust(arn = \"arn:aws:iam::123456789012:role/ci\"),\n    managed = [\"arn:aws:iam::aws:policy/{name}\"],\n)]\npub struct Subject;\n"
        );
        let mut found = BTreeSet::new();
        for text in [subject.clone(), format!("{subject}\n{admin}")] {
            let files = [SourceFile {
                path: "managed.rs".into(),
                text,
            }];
            let project = Project::scan(&files);
            for f in lint::project(&files, &project) {
                let code = f.finding.lint.code;
                if f.finding.item == "role Subject" && matches!(code, "RL114" | "RL115") {
                    found.insert(code);
                }
            }
        }
        for code in &found {
            *counts.entry(code).or_default() += 1;
        }
        if std::env::var_os("ROLE_TESTS_LIST").is_some() && !found.is_empty() {
            println!("{name}: {found:?}");
        }
        let base = name.rsplit('/').next().unwrap_or(name);
        let reads_only = base.contains("ReadOnly")
            || matches!(base, "ViewOnlyAccess" | "SecurityAudit" | "ReadOnlyAccess");
        if reads_only {
            read_only += 1;
            if !found.is_empty() {
                wrong.push(format!("{name}: {found:?}"));
            }
        }
    }
    println!(
        "escalation findings on {} AWS managed policies, each a role's only policy:",
        names.len()
    );
    println!("| lint | policies |");
    println!("|---|---:|");
    for code in ["RL114", "RL115"] {
        let lint = lint::find(code).expect("registered");
        let n = counts.get(code).copied().unwrap_or_default();
        println!("| {code} {} | {n} |", lint.name);
    }
    println!("{read_only} read-only policies (`*ReadOnly*`, ViewOnlyAccess, SecurityAudit): none");
    assert!(read_only > 100, "the read-only policies are embedded");
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

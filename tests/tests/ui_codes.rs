//! The compile-fail suite, read in process in milliseconds (trybuild takes minutes): every case
//! of `tests/ui/fail` gives, through the one parser and validator, exactly the code its file name
//! starts with; every case of `tests/ui/pass` gives no error; every case of `tests/ui/warn` gives
//! the warning or lint its file name starts with; and every finding code has a case, so that no
//! check goes untested.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use role_core::diag::{Code, Severity};
use role_core::project::{Project, SourceFile};

mod support;

/// Codes without a compile-fail case, and why: they are not reported on a single file by the
/// macro, and are tested where they are.
const NO_FAIL_CASE: &[(Code, &str)] = &[
    (
        Code::UnusedUnchecked,
        "a warning, never an error: its compile-time warning is tests/ui/warn/RD107-unused-unchecked.rs",
    ),
    (
        Code::DuplicateKey,
        "raw JSON policy documents only (role-cli/tests/hardening.rs)",
    ),
    (
        Code::ResourcePolicyTooLarge,
        "raw JSON policy documents only: the DSL writes no resource-based policy (role-cli/tests/hardening.rs)",
    ),
    (
        Code::SourceError,
        "a file that is not Rust never reaches the macro (role-cli/tests/cli.rs)",
    ),
    (
        Code::CatalogueUnavailable,
        "needs ROLE_DSL_CATALOGUE to name a bad file (role-cli/tests/cli.rs)",
    ),
    (
        Code::Unrenderable,
        "looks across the files `role-cli check` reads (role-cli/tests/cli.rs)",
    ),
];

/// Fail cases that give more than their own code, on purpose.
const MORE_THAN_ONE: &[(&str, &[Code])] = &[
    // The point of the case: RD401 cannot be silenced, so it is reported beside RD106.
    (
        "RD106-invalid-unchecked-fixed.rs",
        &[Code::InvalidUnchecked, Code::UnknownPlaceholder],
    ),
];

fn cases(kind: &str) -> Vec<PathBuf> {
    let dir = support::root().join("tests/ui").join(kind);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the ui cases are there")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    paths.sort();
    paths
}

fn scan(path: &Path) -> Project {
    Project::scan(&[SourceFile {
        path: path.display().to_string(),
        text: std::fs::read_to_string(path).expect("readable case"),
    }])
}

/// The errors that count (not warnings, not silenced), by code.
fn error_codes(project: &Project) -> BTreeSet<Code> {
    project
        .findings
        .iter()
        .map(|f| &f.finding)
        .filter(|f| f.severity == Severity::Error && f.silenced.is_none())
        .map(|f| f.code)
        .collect()
}

fn code_of(path: &Path) -> Code {
    let name = path.file_name().unwrap().to_string_lossy();
    let code = name.split('-').next().unwrap();
    Code::parse(code).unwrap_or_else(|| panic!("{name} starts with a finding code"))
}

#[test]
fn every_fail_case_gives_exactly_its_code() {
    let mut wrong = Vec::new();
    for path in cases("fail") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let expected: BTreeSet<Code> = match MORE_THAN_ONE.iter().find(|(n, _)| *n == name) {
            Some((_, codes)) => codes.iter().copied().collect(),
            None => [code_of(&path)].into(),
        };
        let got = error_codes(&scan(&path));
        if got != expected {
            wrong.push(format!("{name}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

#[test]
fn every_pass_case_gives_no_error() {
    let mut wrong = Vec::new();
    for path in cases("pass") {
        let project = scan(&path);
        let got = error_codes(&project);
        if !got.is_empty() {
            let messages: Vec<&str> = project
                .findings
                .iter()
                .map(|f| f.finding.message.as_str())
                .collect();
            wrong.push(format!(
                "{}: {got:?} {messages:?}",
                path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

#[test]
fn every_code_has_a_case() {
    let fail: BTreeSet<Code> = cases("fail").iter().map(|p| code_of(p)).collect();
    let pass: BTreeSet<Code> = cases("pass")
        .iter()
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("RD"))
        .map(|p| code_of(p))
        .collect();
    let mut missing = Vec::new();
    for &code in Code::ALL {
        let excused = NO_FAIL_CASE.iter().any(|(c, _)| *c == code);
        if !fail.contains(&code) && !excused {
            missing.push(format!(
                "{} ({}) has no compile-fail case",
                code.code(),
                code.slug()
            ));
        }
        if fail.contains(&code) && !pass.contains(&code) {
            missing.push(format!(
                "{} ({}) has no passing twin",
                code.code(),
                code.slug()
            ));
        }
    }
    assert!(missing.is_empty(), "\n{}\n", missing.join("\n"));
}

#[test]
fn every_warn_case_gives_its_warning() {
    let mut wrong = Vec::new();
    for path in cases("warn") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let code = name.split('-').next().unwrap();
        let files = [SourceFile {
            path: path.display().to_string(),
            text: std::fs::read_to_string(&path).expect("readable case"),
        }];
        let project = Project::scan(&files);
        let warnings = project
            .findings
            .iter()
            .map(|f| &f.finding)
            .filter(|f| f.severity == Severity::Warning && f.silenced.is_none())
            .map(|f| f.code.code());
        let lints = role_core::lint::project(&files, &project)
            .into_iter()
            .filter(|f| f.finding.accepted.is_none())
            .map(|f| f.finding.lint.code);
        let got: BTreeSet<&str> = warnings.chain(lints).collect();
        if !got.contains(code) || !error_codes(&project).is_empty() {
            wrong.push(format!("{name}: got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

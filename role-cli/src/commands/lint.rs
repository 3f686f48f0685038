//! `role-cli lint`: the judgement calls of role-core's lint registry on the declarations that
//! pass the checks and on raw JSON documents, in rustc's layout, JSON or SARIF, and an exit code
//! that says whether any finding is at a denied level.

use role_core::diag::{did_you_mean, nearest};
use role_core::lint::{self, FileLint, Level, Lint};
use role_core::project::SourceFile;
use serde_json::{Value, json};

use super::{Scanned, print};
use crate::cli::LintArgs;
use crate::exit::{Error, Exit};
use crate::report::{Reporter, count};
use crate::{locate, sarif};

/// Which lints fail the run and which are left out, from `--deny` and `--allow`.
pub struct Levels {
    deny_all: bool,
    deny: Vec<&'static str>,
    allow: Vec<&'static str>,
}

impl Levels {
    pub fn read(deny: &[String], allow: &[String]) -> Result<Levels, Error> {
        let mut levels = Levels {
            deny_all: false,
            deny: Vec::new(),
            allow: Vec::new(),
        };
        for name in deny {
            if name == "all" {
                levels.deny_all = true;
            } else {
                levels.deny.push(lint_named(name, "--deny")?.code);
            }
        }
        for name in allow {
            let code = lint_named(name, "--allow")?.code;
            if levels.deny.contains(&code) {
                return Err(Error::usage(format!(
                    "{code} is given to both --deny and --allow"
                )));
            }
            levels.allow.push(code);
        }
        Ok(levels)
    }

    pub fn reported(&self, lint: &Lint) -> bool {
        !self.allow.contains(&lint.code)
    }

    /// Whether the finding fails the run: at level error, or denied by the command line; never
    /// when accepted in the source.
    pub fn denies(&self, found: &FileLint) -> bool {
        let lint = found.finding.lint;
        found.finding.accepted.is_none()
            && (lint.level == Level::Error || self.deny_all || self.deny.contains(&lint.code))
    }
}

/// The `<document>.accept` beside each raw JSON document read, by its path.
fn accept_files(files: &[SourceFile]) -> Result<std::collections::BTreeMap<String, String>, Error> {
    let mut accepts = std::collections::BTreeMap::new();
    for file in files.iter().filter(|f| f.path.ends_with(".json")) {
        let path = lint::sidecar::path_for(&file.path);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                accepts.insert(path, text);
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(Error::io(format!("cannot read {path}: {err}"))),
        }
    }
    Ok(accepts)
}

fn lint_named(name: &str, flag: &str) -> Result<&'static Lint, Error> {
    lint::find(name).ok_or_else(|| {
        let known = lint::ALL.iter().flat_map(|l| [l.code, l.name]);
        Error::usage(format!(
            "{flag} `{name}` is no lint{}",
            did_you_mean(nearest(name, known))
        ))
        .with_help("`role-cli explain` lists every lint (RLnnn)")
    })
}

pub fn run(args: &LintArgs, reporter: &mut Reporter) -> Result<Exit, Error> {
    let levels = Levels::read(&args.deny, &args.allow)?;
    let scanned = Scanned::read(&args.paths)?;
    // The checks first: a declaration with errors is not linted, and says why.
    reporter.project(&scanned.files, &scanned.project);
    let accepts = accept_files(&scanned.files)?;
    let mut found = lint::project_accepting(&scanned.files, &scanned.project, &accepts)
        .map_err(|(path, bad)| Error::usage(format!("{path}:{}: {}", bad.line, bad.message)))?;
    found.retain(|f| levels.reported(f.finding.lint));
    let at = |f: &FileLint| {
        scanned
            .files
            .get(f.file)
            .and_then(|file| locate::range(&file.text, &f.finding.spot))
            .map_or(0, |r| r.start)
    };
    found.sort_by_cached_key(|f| {
        (
            f.file,
            at(f),
            f.finding.lint.code,
            f.finding.message.clone(),
        )
    });
    let denied = found.iter().filter(|f| levels.denies(f)).count();
    let accepted = found
        .iter()
        .filter(|f| f.finding.accepted.is_some())
        .count();
    match args.format.as_str() {
        "json" => print(&format!(
            "{:#}\n",
            json_report(&scanned.files, &found, &levels)
        ))?,
        "sarif" => print(&format!(
            "{:#}\n",
            sarif::report(&scanned.files, &found, &levels)
        ))?,
        _ => {
            for f in &found {
                reporter.lint(&scanned.files, f, levels.denies(f));
            }
        }
    }
    let mut summary = format!(
        "linted {}: {}, {} at a denied level",
        scanned.checked().trim_start_matches("checked "),
        count(found.len() - accepted, "finding", "findings"),
        denied
    );
    if accepted > 0 {
        let hint = if args.verbose || args.format != "text" {
            ""
        } else {
            " (--verbose shows them)"
        };
        summary.push_str(&format!(", {accepted} accepted{hint}"));
    }
    if reporter.errors() > 0 {
        return Err(Error::roles(format!(
            "{summary}; {} (`role-cli check` reports the same)",
            reporter.tally(false)
        )));
    }
    if denied > 0 {
        return Err(Error::roles(summary));
    }
    reporter.status(&summary);
    Ok(Exit::Success)
}

/// Line and column (1-based, columns in characters) of byte `at` of `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// The place of a finding as JSON fields, when it has one in its file.
pub fn region(files: &[SourceFile], file: usize, spot: &role_core::diag::Spot) -> Option<Value> {
    let text = &files.get(file)?.text;
    let range = locate::range(text, spot)?;
    let (line, column) = line_col(text, range.start);
    let (end_line, end_column) = line_col(text, range.end);
    Some(json!({
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
    }))
}

fn json_report(files: &[SourceFile], found: &[FileLint], levels: &Levels) -> Value {
    let findings: Vec<Value> = found
        .iter()
        .map(|f| {
            let finding = &f.finding;
            let accepted = finding.accepted.as_ref().map(|a| {
                json!({
                    "reason": a.reason,
                    "at": region(files, f.file, &a.spot),
                })
            });
            let path: Vec<Value> = finding
                .path
                .iter()
                .map(|step| {
                    let file = step.file.unwrap_or(f.file);
                    json!({
                        "message": step.message,
                        "file": files.get(file).map(|x| x.path.as_str()),
                        "at": step.spot.as_ref().and_then(|s| region(files, file, s)),
                    })
                })
                .collect();
            json!({
                "code": finding.lint.code,
                "name": finding.lint.name,
                "level": finding.lint.level.name(),
                "denied": levels.denies(f),
                "message": finding.message,
                "why": finding.lint.why,
                "fix": finding.lint.fix,
                "file": files.get(f.file).map(|x| x.path.as_str()),
                "at": region(files, f.file, &finding.spot),
                "item": finding.item,
                "path": path,
                "accepted": accepted,
            })
        })
        .collect();
    json!({
        "version": 1,
        "findings": findings,
        "summary": {
            "findings": found.iter().filter(|f| f.finding.accepted.is_none()).count(),
            "denied": found.iter().filter(|f| levels.denies(f)).count(),
            "accepted": found.iter().filter(|f| f.finding.accepted.is_some()).count(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn lines_and_columns_count_characters_and_never_split_one() {
        let text = "ab\n\u{e9}x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 5), (2, 2));
        // Inside `é`: the character it is in.
        assert_eq!(line_col(text, 4), (2, 1));
        assert_eq!(line_col(text, 99), (3, 1));
    }
}

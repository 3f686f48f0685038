//! `role-cli list`: one line per role and policy on stdout (kind, identifier, IAM name,
//! file:line), in aligned columns and source order. Declarations with errors are listed and
//! marked; their findings go to stderr and the exit code is 1.

use std::path::PathBuf;

use proc_macro2::Span;
use role_core::check::Checked;
use role_core::project::{Found, Project};

use super::{Scanned, print};
use crate::exit::{Error, Exit};
use crate::report::Reporter;

/// What marks a declaration that has errors.
const MARK: &str = "(has errors)";

pub fn run(paths: &[PathBuf], reporter: &mut Reporter) -> Result<Exit, Error> {
    let scanned = Scanned::read(paths)?;
    let rows: Vec<[String; 5]> = scanned
        .project
        .found
        .iter()
        .map(|found| {
            let file = scanned
                .files
                .get(found.file)
                .map_or("?", |f| f.path.as_str());
            [
                found.decl.kind.attr().to_owned(),
                found.decl.ident.clone(),
                iam_name(found),
                format!("{file}:{}", found.decl.ident_spot.span.start().line),
                if has_errors(&scanned.project, found) {
                    MARK.to_owned()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    print(&table(&rows))?;
    reporter.project(&scanned.files, &scanned.project);
    if reporter.errors() > 0 {
        return Err(Error::roles(format!(
            "{}: {}",
            scanned.checked(),
            reporter.tally(false)
        )));
    }
    if rows.is_empty() {
        reporter.status(&format!(
            "{}: no #[role] or #[policy] found",
            scanned.checked()
        ));
    }
    Ok(Exit::Success)
}

/// Columns padded to their widest cell, four spaces apart, no trailing spaces.
fn table(rows: &[[String; 5]]) -> String {
    let mut widths = [0; 5];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(widths) {
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', width - cell.chars().count() + 4));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The name IAM will know it by; for a declaration with errors, the name it asks for.
fn iam_name(found: &Found) -> String {
    match &found.checked {
        Some(Checked::Role(role)) => role.name.to_string(),
        Some(Checked::Policy(policy)) => policy.name.to_string(),
        None => found
            .decl
            .args
            .name
            .as_ref()
            .map_or_else(|| found.decl.ident.clone(), |name| name.value.clone()),
    }
}

/// A declaration has errors when it failed its own checks, or when a check across files points
/// at its name or at one of the policies it attaches.
fn has_errors(project: &Project, found: &Found) -> bool {
    if found.checked.is_none() {
        return true;
    }
    let decl = &found.decl;
    let spots: Vec<Span> = std::iter::once(decl.ident_spot.span)
        .chain(decl.args.policies.iter().map(|p| p.spot.span))
        .collect();
    project.findings.iter().any(|f| {
        f.file == found.file
            && f.finding.severity == role_core::diag::Severity::Error
            && spots.iter().any(|s| same_place(*s, f.finding.spot.span))
    })
}

fn same_place(a: Span, b: Span) -> bool {
    a.start() == b.start() && a.end() == b.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_without_trailing_spaces() {
        let row = |cells: [&str; 5]| cells.map(str::to_owned);
        let rows = [
            row(["role", "LogWriter", "log-writer", "a.rs:5", ""]),
            row(["policy", "R", "R", "b.rs:12", MARK]),
        ];
        assert_eq!(
            table(&rows),
            "role      LogWriter    log-writer    a.rs:5\npolicy    R            R             b.rs:12    (has errors)\n"
        );
    }
}

//! Accepting a lint in a raw JSON policy document, with its reason: IAM takes no element of
//! ours in the document (and a `Sid` only letters and digits), so the `accept`s live beside it,
//! in `<document>.accept`, one a line, and go through the same `accept` rules as the DSL's:
//!
//! ```text
//! # what this document grants on purpose
//! RL401 the break-glass role: reviewed by security, 2026-11
//! statement PassToRunner: RL112 the runner passes the role to whichever service runs the job
//! statement 2: RL103 Describe* take no resource narrower than the account
//! ```
//!
//! A line without `statement` accepts for the whole document; `statement SID` or `statement N`
//! (counted from 0, as the report counts) for that statement only. Each accept points at what
//! it accepts in the document, so an accept that silences nothing (RL901) is reported there.

use crate::diag::Spot;
use crate::syntax::ast::{Accept, Str};

use super::{Subject, find};

/// The file name of the accepts of `document`.
pub fn path_for(document: &str) -> String {
    format!("{document}.accept")
}

/// A line that is not an accept: its number (from 1) and why.
#[derive(Debug, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub message: String,
}

/// Adds the accepts of `text` to a JSON document's subject.
pub fn apply(text: &str, subject: &mut Subject) -> Result<(), BadLine> {
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |message: String| BadLine {
            line: number + 1,
            message,
        };
        let (statement, rest) = match line.strip_prefix("statement ") {
            Some(rest) => {
                let (which, rest) = rest.split_once(':').ok_or_else(|| {
                    bad("`statement SID: CODE reason` wants a `:` after the statement".into())
                })?;
                (
                    Some(statement_index(subject, which.trim()).map_err(bad)?),
                    rest,
                )
            }
            None => (None, line),
        };
        let rest = rest.trim();
        let (code, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if find(code).is_none() {
            return Err(bad(format!(
                "`{code}` is no lint (`role-cli explain` lists them)"
            )));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(bad(format!(
                "`{code}` is accepted without a reason: say why, after the code"
            )));
        }
        let spot = match statement {
            Some(index) => subject.statements[index].stmt.spot,
            None => subject.spot,
        };
        let accept = Accept {
            spot,
            code: Some(text_at(code, spot)),
            reason: Some(text_at(reason, spot)),
        };
        match statement {
            Some(index) => subject.statements[index].stmt.accepts.push(accept),
            None => subject.accepts.push(accept),
        }
    }
    Ok(())
}

/// A statement by its `Sid` or its index.
fn statement_index(subject: &Subject, which: &str) -> Result<usize, String> {
    let by_sid = subject
        .statements
        .iter()
        .position(|s| s.stmt.sid.as_ref().is_some_and(|sid| sid.value == which));
    let index = by_sid.or_else(|| which.parse::<usize>().ok());
    match index {
        Some(i) if i < subject.statements.len() => Ok(i),
        _ => Err(format!(
            "the document has no statement `{which}` (a Sid, or an index from 0 below {})",
            subject.statements.len()
        )),
    }
}

fn text_at(value: &str, spot: Spot) -> Str {
    Str {
        value: value.to_owned(),
        spot,
    }
}

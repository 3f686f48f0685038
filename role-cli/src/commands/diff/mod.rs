//! `role-cli diff`: what a change grants, by meaning. Each side is read into units (a role's
//! identity policies and trust policy, a `#[policy]`, or one policy document, a resource's
//! compared principal by principal), units are matched by name, and each pair is compared by
//! role-eval's diff over every action of the catalogue.

mod documents;
mod imported;
mod output;
mod sides;

use sides::Boundary;

use role_core::catalogue::Catalogue;
use role_eval::Request;
use role_eval::diff::{Certainty, Change, Diff, Finding, Principal};

use super::print;
use crate::cli::{DiffArgs, DiffFormat, FailOn};
use crate::exit::{Error, Exit};
use crate::report::Reporter;

/// One unit compared: its name, what happened to it, and the findings.
pub struct Compared {
    pub name: String,
    pub status: Status,
    pub diff: Diff,
    /// `file:line` of the unit in NEW (in OLD when it is gone), or the document's file.
    pub location: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Changed,
    Unchanged,
    /// In NEW only: everything it allows is new.
    Added,
    /// In OLD only: everything it allowed is gone.
    Removed,
}

/// A managed policy whose document is unknown, attached on one side only: what it allows may be
/// new (or gone), and is not hidden.
fn unknown_managed(old: Option<&sides::Unit>, new: Option<&sides::Unit>) -> Vec<Finding> {
    fn arns(unit: Option<&sides::Unit>) -> &[String] {
        unit.map_or(&[], |u| &u.unknown)
    }
    let (old, new) = (arns(old), arns(new));
    let only = |these: &[String], those: &[String], change: Change| {
        these
            .iter()
            .filter(|arn| !those.contains(arn))
            .map(|arn| Finding {
                change,
                certainty: Certainty::Possible,
                service: "managed policy".into(),
                actions: vec![arn.clone()],
                granted_by: Vec::new(),
                denied_by: Vec::new(),
                witness: Request::default(),
                notes: vec![format!(
                    "the document of `{arn}` is unknown (no AWS managed policy of the catalogue, no policy of the same input): what it allows is not compared"
                )],
            })
            .collect::<Vec<_>>()
    };
    let mut findings = only(new, old, Change::Added);
    findings.extend(only(old, new, Change::Removed));
    findings
}

/// A unit as the diff reads it: its identity policies within its boundary, when known.
fn principal(unit: Option<&sides::Unit>) -> Principal<'_> {
    Principal {
        policies: unit.map_or(&[][..], |u| &u.policies),
        boundary: match unit.and_then(|u| u.boundary.as_ref()) {
            Some(Boundary::Known(policy)) => Some(std::slice::from_ref(policy)),
            _ => None,
        },
    }
}

/// A boundary known by its ARN alone is left out of the comparison, and the diff says so: on
/// each finding when both sides have it, for the pair when it changed.
fn unknown_boundaries(old: Option<&sides::Unit>, new: Option<&sides::Unit>, diff: &mut Diff) {
    // The ARN of a boundary not known, `""` for one known.
    fn arn(unit: Option<&sides::Unit>) -> Option<&str> {
        match unit.and_then(|u| u.boundary.as_ref()) {
            Some(Boundary::Unknown(arn)) => Some(arn.as_str()),
            Some(Boundary::Known(_)) => Some(""),
            None => None,
        }
    }
    let (o, n) = (arn(old), arn(new));
    let unknown = |arn: Option<&str>| arn.is_some_and(|a| !a.is_empty());
    if !unknown(o) && !unknown(n) {
        return;
    }
    if o == n {
        let note = format!(
            "the permissions boundary `{}` (the same on both sides) has no known document: \
             compared by its ARN only, these findings are of the identity policies alone",
            o.unwrap_or_default()
        );
        for f in &mut diff.findings {
            f.notes.push(note.clone());
        }
        return;
    }
    let named = |arn: Option<&str>| match arn {
        None => "none".to_string(),
        Some("") => "a known document".to_string(),
        Some(arn) => format!("`{arn}`"),
    };
    diff.notes.push(format!(
        "the permissions boundary changed from {} to {}; one has no known document, so what \
         the change allows is not known: compared by ARN only",
        named(o),
        named(n)
    ));
}

pub fn run(args: &DiffArgs, reporter: &mut Reporter) -> Result<Exit, Error> {
    let (old, new) = sides::read(args, reporter)?;
    let catalogue = Catalogue::current()
        .map_err(|err| Error::io(format!("cannot read the AWS catalogue: {err}")))?;
    let actions = catalogue.diff_actions();
    let mut compared = Vec::new();
    let names: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for name in names {
        let (o, n) = (old.get(name), new.get(name));
        let status = match (o, n) {
            (Some(_), None) => Status::Removed,
            (None, Some(_)) => Status::Added,
            _ => Status::Changed,
        };
        let mut diff = role_eval::diff::diff_principals(&principal(o), &principal(n), &actions)
            .map_err(|err| Error::usage(format!("cannot compare `{name}`: {err}")))?;
        unknown_boundaries(o, n, &mut diff);
        let trusts = (
            o.and_then(|u| u.trust.as_ref()),
            n.and_then(|u| u.trust.as_ref()),
        );
        if let Some((_, arn)) = trusts.1.or(trusts.0) {
            let none = serde_json::json!({"Statement": []});
            let trust =
                |t: Option<&(serde_json::Value, String)>| t.map_or(&none, |(v, _)| v).clone();
            let changed =
                role_eval::diff::diff_trust(&trust(trusts.0), &trust(trusts.1), arn, &actions)
                    .map_err(|err| {
                        Error::usage(format!("cannot compare the trust of `{name}`: {err}"))
                    })?;
            diff.findings.extend(changed.findings);
        }
        let resources = (
            o.and_then(|u| u.resource.as_ref()),
            n.and_then(|u| u.resource.as_ref()),
        );
        if let Some(named) = resources.1.or(resources.0) {
            let none = serde_json::json!({"Statement": []});
            let changed = role_eval::diff::diff_resource_policy(
                resources.0.map_or(&none, |r| &r.policy),
                resources.1.map_or(&none, |r| &r.policy),
                &named.name,
                &actions,
            )
            .map_err(|err| Error::usage(format!("cannot compare `{name}`: {err}")))?;
            diff.findings.extend(changed.findings);
        }
        diff.findings.extend(unknown_managed(o, n));
        let status = match status {
            Status::Changed if diff.findings.is_empty() && diff.notes.is_empty() => {
                Status::Unchanged
            }
            other => other,
        };
        // A finding points at NEW, where the access is granted; a unit gone, at OLD.
        let location = n.or(o).map(|u| u.location.clone()).unwrap_or_default();
        compared.push(Compared {
            name: name.clone(),
            status,
            diff,
            location,
        });
    }
    let text = match args.format {
        DiffFormat::Text => output::text(&compared),
        DiffFormat::Json => output::json(&compared),
        DiffFormat::Sarif => output::sarif(&compared),
    };
    print(&text)?;
    // A change the diff could not compare (a boundary known by its ARN alone) may grant access:
    // a gate that says nothing new must be sure of it.
    let new_access = compared.iter().any(|c| {
        !c.diff.notes.is_empty() || c.diff.findings.iter().any(|f| f.change == Change::Added)
    });
    reporter.status(&output::summary(&compared));
    Ok(match (args.fail_on, new_access) {
        (Some(FailOn::NewAccess), true) => Exit::Failure,
        _ => Exit::Success,
    })
}

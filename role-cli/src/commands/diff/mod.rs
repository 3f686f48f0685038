//! `role-cli diff`: what a change grants, by meaning. Each side is read into units (a role's
//! identity policies and trust policy, a `#[policy]`, or one policy document, a resource's
//! compared principal by principal), units are matched by name, and each pair is compared by
//! role-eval's diff over every action of the catalogue.

mod documents;
mod imported;
mod output;
mod sides;

use role_core::catalogue::Catalogue;
use role_eval::Request;
use role_eval::diff::{Certainty, Change, Diff, Finding};

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

pub fn run(args: &DiffArgs, reporter: &mut Reporter) -> Result<Exit, Error> {
    let (old, new) = sides::read(args, reporter)?;
    let catalogue = Catalogue::current()
        .map_err(|err| Error::io(format!("cannot read the AWS catalogue: {err}")))?;
    let actions: Vec<String> = catalogue
        .services()
        .flat_map(|s| s.actions().map(|a| a.full_name()).collect::<Vec<_>>())
        .collect();
    let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
    let actions = role_eval::diff::Actions::new(&actions);
    let mut compared = Vec::new();
    let names: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for name in names {
        let (o, n) = (old.get(name), new.get(name));
        let status = match (o, n) {
            (Some(_), None) => Status::Removed,
            (None, Some(_)) => Status::Added,
            _ => Status::Changed,
        };
        let diff = role_eval::diff::diff_over(
            o.map_or(&[][..], |u| &u.policies),
            n.map_or(&[][..], |u| &u.policies),
            &actions,
        )
        .map_err(|err| Error::usage(format!("cannot compare `{name}`: {err}")))?;
        let mut diff = diff;
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
            Status::Changed if diff.findings.is_empty() => Status::Unchanged,
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
    let new_access = compared
        .iter()
        .any(|c| c.diff.findings.iter().any(|f| f.change == Change::Added));
    reporter.status(&output::summary(&compared));
    Ok(match (args.fail_on, new_access) {
        (Some(FailOn::NewAccess), true) => Exit::Failure,
        _ => Exit::Success,
    })
}

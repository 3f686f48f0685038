//! Lints: the judgement calls of `role-cli lint`, apart from the checks (`RDnnn`), which say
//! what IAM would reject. A lint says what IAM accepts but a reviewer would question, with a
//! stable code `RLnnn`, a default level, one sentence of why and the fix.
//!
//! Each lint lives in one small module with its [`Lint`] record and its rule, as ruff keeps
//! them; [`ALL`] is the one registry (`role-cli explain`, the SARIF rules and the tests read it).
//! Rules read a [`Subject`]: one role, `#[policy]` or raw JSON document, in the one shape both
//! inputs take, so that a rule is written once.

mod accept;
mod actions;
mod conditions;
mod deputy;
mod escalation;
mod exposure;
mod managed;
mod oidc;
mod pass_role;
mod quotas;
mod resources;
mod scope;
pub mod sidecar;
mod subject;
mod trust;

use crate::diag::Spot;
use crate::project::{Project, SourceFile};
use crate::syntax;

pub use subject::{Statement, Subject, SubjectKind};

/// How much a lint matters by default; `role-cli lint --deny` decides which levels fail a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

/// One lint, as the registry lists it.
#[derive(Debug, PartialEq, Eq)]
pub struct Lint {
    /// `RL101`: stable.
    pub code: &'static str,
    /// `star-action`: stable, kebab-case.
    pub name: &'static str,
    pub level: Level,
    /// One sentence: why it matters.
    pub why: &'static str,
    /// One sentence: what to write instead (or how to accept it).
    pub fix: &'static str,
    /// What exactly is flagged and what is not: `role-cli explain` and SARIF's `help`.
    pub doc: &'static str,
}

/// Every lint, by code.
pub const ALL: &[&Lint] = &[
    &actions::STAR_ACTION,
    &actions::SERVICE_WILDCARD,
    &resources::RESOURCE_STAR,
    &actions::ALLOW_NOT,
    &pass_role::PASS_ANY_ROLE,
    &pass_role::PASS_TO_ANY_SERVICE,
    &escalation::ESCALATION_ACTION,
    &escalation::SELF_ESCALATION,
    &escalation::ESCALATION_PATH,
    &exposure::CREDENTIALS_EXPOSURE,
    &exposure::DATA_EXFILTRATION,
    &trust::TRUST_ANYONE,
    &trust::TRUST_WHOLE_ACCOUNT,
    &deputy::CONFUSED_DEPUTY,
    &oidc::OIDC_AUDIENCE,
    &oidc::OIDC_SUBJECT,
    &conditions::FOR_ALL_VALUES_SINGLE,
    &conditions::EQUALS_WITH_WILDCARD,
    &conditions::UNDOCUMENTED_KEY,
    &managed::ADMIN_POLICY,
    &managed::POWER_USER,
    &quotas::OVER_DEFAULT_QUOTA,
    &accept::UNUSED_ACCEPT,
];

/// The rules, each pushing the findings of one lint or family.
const RULES: &[fn(&Subject, &mut Out)] = &[
    actions::check,
    resources::check,
    pass_role::check,
    escalation::check,
    exposure::check,
    trust::check,
    deputy::check,
    oidc::check,
    conditions::check,
    managed::check,
    quotas::check,
];

/// The lint `RL101` or `star-action`, ignoring the case of the code.
pub fn find(text: &str) -> Option<&'static Lint> {
    ALL.iter()
        .copied()
        .find(|l| l.code.eq_ignore_ascii_case(text) || l.name == text)
}

/// A step of a finding that spans several places (a privilege-escalation path): each
/// step says what it adds, and where when it is in the input.
#[derive(Debug, Clone)]
pub struct Step {
    pub message: String,
    pub spot: Option<Spot>,
    /// The file, where it is not the finding's own (an index into the files read).
    pub file: Option<usize>,
}

/// An `accept(...)` that silenced a finding: kept, so the report can show what was accepted,
/// where and why.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub reason: String,
    pub spot: Spot,
}

/// One lint finding.
#[derive(Debug, Clone)]
pub struct LintFinding {
    pub lint: &'static Lint,
    pub message: String,
    pub spot: Spot,
    /// `role LogWriter`, `policy ReadConfig`, `document`: what was linted.
    pub item: String,
    /// Empty for a finding at one place.
    pub path: Vec<Step>,
    pub accepted: Option<Accepted>,
}

/// A finding with the file it is in.
#[derive(Debug, Clone)]
pub struct FileLint {
    pub file: usize,
    pub finding: LintFinding,
}

/// What a rule reports: where, what, and which statement it concerns (whose `accept(...)` may
/// silence it before the item's).
pub struct Out {
    found: Vec<Raw>,
}

/// A finding before `accept(...)` is applied: the statement it concerns, and its path.
pub(crate) type Raw = (Option<usize>, &'static Lint, Spot, String, Vec<Step>);

impl Out {
    pub fn statement(&mut self, index: usize, lint: &'static Lint, spot: Spot, message: String) {
        self.found
            .push((Some(index), lint, spot, message, Vec::new()));
    }

    pub fn item(&mut self, lint: &'static Lint, spot: Spot, message: String) {
        self.found.push((None, lint, spot, message, Vec::new()));
    }
}

/// Every finding of one subject, `accept(...)` applied.
pub fn subject(subject: &Subject) -> Vec<LintFinding> {
    subject_with(subject, None)
}

/// The findings of one subject with one found across the project added, so that the
/// subject's `accept(...)`s apply to it like to any other.
fn subject_with(subject: &Subject, across: Option<escalation::Found>) -> Vec<LintFinding> {
    let mut out = Out { found: Vec::new() };
    for rule in RULES {
        rule(subject, &mut out);
    }
    if let Some(f) = across {
        out.found.push((None, f.lint, f.spot, f.message, f.path));
    }
    accept::apply(subject, out.found)
}

/// Every lint of every file: the declarations that passed the checks (one with errors has no
/// model: what it means is not settled) and every raw JSON document that could be read (its
/// statements stand on their own, so a stale action in one does not hide the others' findings).
/// The escalations across roles are decided on the roles that resolve in the default
/// environment.
pub fn project(files: &[SourceFile], project: &Project) -> Vec<FileLint> {
    let no_accepts = std::collections::BTreeMap::new();
    project_accepting(files, project, &no_accepts)
        .unwrap_or_else(|_| unreachable!("no accept file was given"))
}

/// As [`project`], with the `accept`s of raw JSON documents (`<document>.accept`, by the
/// document's path: see [`sidecar`]); an error names the file and the line that is no accept.
pub fn project_accepting(
    files: &[SourceFile],
    project: &Project,
    accepts: &std::collections::BTreeMap<String, String>,
) -> Result<Vec<FileLint>, (String, sidecar::BadLine)> {
    let mut across = escalation::across(project);
    let mut found = Vec::new();
    for (index, item) in project.found.iter().enumerate() {
        if let Some(checked) = &item.checked {
            let subject = Subject::from_decl(&item.decl, checked);
            found.extend(
                subject_with(&subject, across.remove(&index))
                    .into_iter()
                    .map(|finding| FileLint {
                        file: item.file,
                        finding,
                    }),
            );
        }
    }
    for (index, file) in files.iter().enumerate() {
        if !file.path.ends_with(".json") {
            continue;
        }
        let mut ignored = crate::diag::Findings::default();
        if let Some(document) = syntax::json::parse_policy(&file.text, &mut ignored) {
            let mut subject = Subject::from_json(&document);
            let path = sidecar::path_for(&file.path);
            if let Some(text) = accepts.get(&path) {
                sidecar::apply(text, &mut subject).map_err(|bad| (path, bad))?;
            }
            found.extend(subject_in(index, &subject));
        }
    }
    Ok(found)
}

fn subject_in(file: usize, subject: &Subject) -> Vec<FileLint> {
    self::subject(subject)
        .into_iter()
        .map(|finding| FileLint { file, finding })
        .collect()
}

#[cfg(test)]
mod tests;

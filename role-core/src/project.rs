//! The CLI's whole view: many source files read with the one parser and validator, then the
//! rules that look across items (`role_model::rules`, the same the renderers apply, and what
//! each output format can spell), and the bundle the renderers take.

use std::collections::HashSet;

use crate::check::{self, Checked};
use crate::diag::{Code, Finding, Findings, Spot};
use crate::model::{Bundle, Policy, Role};
use crate::render::{self, Format, RenderError};
use crate::rules::{self, Conflict, Item};
use crate::syntax::{self, Decl};

/// A Rust file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As given on the command line, for messages.
    pub path: String,
    pub text: String,
}

/// One declaration found, with the file it is in.
#[derive(Debug, Clone)]
pub struct Found {
    pub file: usize,
    pub decl: Decl,
    /// The model, when the declaration had no error.
    pub checked: Option<Checked>,
}

/// A finding, with the file it is in.
#[derive(Debug, Clone)]
pub struct FileFinding {
    pub file: usize,
    pub finding: Finding,
}

#[derive(Debug, Clone, Default)]
pub struct Project {
    pub found: Vec<Found>,
    pub findings: Vec<FileFinding>,
    /// Raw IAM policy documents checked (`.json` files).
    pub documents: usize,
}

impl Project {
    /// Reads and checks every file, in the order given: `.json` files as raw IAM policy
    /// documents, the others as Rust source.
    pub fn scan(files: &[SourceFile]) -> Project {
        let mut project = Project::default();
        for (index, file) in files.iter().enumerate() {
            let mut findings = Findings::default();
            if file.path.ends_with(".json") {
                if let Some(document) = syntax::json::parse_policy(&file.text, &mut findings) {
                    check::json::document(&document, &mut findings);
                    project.documents += 1;
                }
                project
                    .findings
                    .extend(findings.0.into_iter().map(|finding| FileFinding {
                        file: index,
                        finding,
                    }));
                continue;
            }
            for decl in syntax::scan_file(&file.text, &mut findings) {
                let checked = check::decl(&decl, &mut findings);
                project.found.push(Found {
                    file: index,
                    decl,
                    checked,
                });
            }
            project
                .findings
                .extend(findings.0.into_iter().map(|finding| FileFinding {
                    file: index,
                    finding,
                }));
        }
        project.check_across(files);
        project
    }

    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.finding.severity == crate::diag::Severity::Error)
    }

    pub fn roles(&self) -> impl Iterator<Item = &Role> {
        self.found.iter().filter_map(|f| match &f.checked {
            Some(Checked::Role(role)) => Some(role),
            _ => None,
        })
    }

    pub fn policies(&self) -> impl Iterator<Item = &Policy> {
        self.found.iter().filter_map(|f| match &f.checked {
            Some(Checked::Policy(policy)) => Some(policy),
            _ => None,
        })
    }

    /// Every valid role and policy, in source order.
    pub fn bundle(&self) -> Bundle {
        Bundle {
            roles: self.roles().cloned().collect(),
            policies: self.policies().cloned().collect(),
        }
    }

    /// The roles named in `selected` (by RoleName or struct identifier) and the policies they
    /// attach; every role and policy when `selected` is empty. Names that match nothing are
    /// returned as the error.
    pub fn select(&self, selected: &[String]) -> Result<Bundle, Vec<String>> {
        let all = self.bundle();
        if selected.is_empty() {
            return Ok(all);
        }
        let unknown: Vec<String> = selected
            .iter()
            .filter(|s| !all.roles.iter().any(|r| is_named(r, s)))
            .cloned()
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        let roles: Vec<Role> = all
            .roles
            .into_iter()
            .filter(|r| selected.iter().any(|s| is_named(r, s)))
            .collect();
        let policies = all
            .policies
            .into_iter()
            .filter(|p| roles.iter().any(|r| r.policies.contains(&p.ident)))
            .collect();
        Ok(Bundle { roles, policies })
    }

    /// The rules across declarations, on the bundle of every valid one: the bundle rules every
    /// render applies first, then what each format can spell.
    fn check_across(&mut self, files: &[SourceFile]) {
        let mut places: Vec<usize> = Vec::new();
        let mut policy_places: Vec<usize> = Vec::new();
        let mut bundle = Bundle::default();
        for (index, found) in self.found.iter().enumerate() {
            match &found.checked {
                Some(Checked::Role(role)) => {
                    bundle.roles.push(role.clone());
                    places.push(index);
                }
                Some(Checked::Policy(policy)) => {
                    bundle.policies.push(policy.clone());
                    policy_places.push(index);
                }
                None => {}
            }
        }
        let place = |item: Item| match item {
            Item::Role(i) => places[i],
            Item::Policy(i) => policy_places[i],
        };
        // A #[policy] with errors of its own is there; naming it is no second mistake.
        let declared: HashSet<&str> = self
            .found
            .iter()
            .filter(|f| f.decl.kind == syntax::DeclKind::Policy)
            .map(|f| f.decl.ident.as_str())
            .collect();
        let mut extra = Vec::new();
        for conflict in rules::conflicts(&bundle) {
            if let Conflict::UnknownPolicy { policy, .. } = &conflict
                && declared.contains(policy.as_str())
            {
                continue;
            }
            let found = &self.found[place(conflict.item())];
            let mut finding = Finding::error(
                conflict_code(&conflict),
                conflict_spot(&conflict, &found.decl),
                conflict.message(&bundle),
            );
            if let Some(help) = conflict.help() {
                finding = finding.with_help(help);
            }
            if let Some(other) = conflict.other() {
                let other = &self.found[place(other)];
                finding = finding.with_label(
                    name_spot(&other.decl),
                    (other.file != found.file).then_some(other.file),
                    format!(
                        "the other is `{}`, in {} at line {}",
                        other.decl.ident,
                        files[other.file].path,
                        other.decl.ident_spot.span.start().line
                    ),
                );
            }
            extra.push(FileFinding {
                file: found.file,
                finding,
            });
        }
        if extra.is_empty() {
            extra.extend(self.unrenderable(&bundle, &places, &policy_places));
        }
        self.findings.extend(extra);
    }

    /// What a format refuses in a bundle that keeps the bundle rules: names that meet once
    /// spelled for it, names it reserves. Quotas are left out: they depend on which roles a render
    /// selects.
    fn unrenderable(
        &self,
        bundle: &Bundle,
        places: &[usize],
        policy_places: &[usize],
    ) -> Vec<FileFinding> {
        let mut out = Vec::new();
        let attempts = [
            (
                Format::CloudFormation,
                render::cloudformation::template(bundle).err(),
            ),
            (Format::Terraform, render::terraform::module(bundle).err()),
        ];
        for (format, error) in attempts {
            let Some(error) = error else { continue };
            if matches!(
                error,
                RenderError::TooManyResources { .. }
                    | RenderError::TooManyOutputs { .. }
                    | RenderError::TooManyParameters { .. }
                    | RenderError::NoResources
            ) {
                continue;
            }
            let culprit = culprit(&error, bundle)
                .map(|item| match item {
                    Item::Role(i) => places[i],
                    Item::Policy(i) => policy_places[i],
                })
                .or_else(|| places.first().or(policy_places.first()).copied());
            let Some(index) = culprit else { continue };
            let found = &self.found[index];
            out.push(FileFinding {
                file: found.file,
                // One format's limit: the others render, so it warns rather than fails.
                finding: Finding::warning(
                    Code::Unrenderable,
                    found.decl.ident_spot,
                    format!("cannot be rendered as {format}: {error}"),
                ),
            });
        }
        out
    }
}

/// The struct a render error names, when it names one: the last whose identifier or name
/// appears in the message.
fn culprit(error: &RenderError, bundle: &Bundle) -> Option<Item> {
    let text = error.to_string();
    let spelled = |ident: &str| {
        [
            ident.to_owned(),
            render::names::snake_case(ident),
            render::names::logical_id(ident).unwrap_or_default(),
        ]
        .into_iter()
        .any(|s| !s.is_empty() && text.contains(&s))
    };
    let roles = bundle
        .roles
        .iter()
        .enumerate()
        .filter(|(_, r)| spelled(&r.ident))
        .map(|(i, _)| Item::Role(i));
    let policies = bundle
        .policies
        .iter()
        .enumerate()
        .filter(|(_, p)| spelled(&p.ident))
        .map(|(i, _)| Item::Policy(i));
    roles.chain(policies).last()
}

fn conflict_code(conflict: &Conflict) -> Code {
    match conflict {
        Conflict::UnknownPolicy { .. } => Code::UnknownPolicy,
        _ => Code::DuplicateRole,
    }
}

/// Where a conflict's finding points in its declaration.
fn conflict_spot(conflict: &Conflict, decl: &Decl) -> Spot {
    match conflict {
        Conflict::SameName { what, .. } if *what == "instance profile name" => {
            match &decl.args.instance_profile {
                Some(syntax::ast::InstanceProfileArg::Named(s)) => s.spot,
                _ => name_spot(decl),
            }
        }
        Conflict::SameName { .. } => name_spot(decl),
        Conflict::UnknownPolicy { policy, .. } | Conflict::PolicyAttachedTwice { policy, .. } => {
            decl.args
                .policies
                .iter()
                .rev()
                .find(|p| &p.ident == policy)
                .map_or(decl.ident_spot, |p| p.spot)
        }
        Conflict::ParamKinds { name, .. } => decl
            .fields
            .iter()
            .find(|f| &f.name == name)
            .map_or(decl.ident_spot, |f| f.spot),
        _ => decl.ident_spot,
    }
}

/// The name as written, or the identifier it defaults to.
fn name_spot(decl: &Decl) -> Spot {
    decl.args.name.as_ref().map_or(decl.ident_spot, |n| n.spot)
}

/// `--role NAME` names a role by its identifier or its name as written.
// The name as written, placeholders spelled as in the DSL (`KarpenterNodeRole-{cluster}`): not
// the literal comparison `Template == str` makes, which a name with placeholders never equals.
#[allow(clippy::cmp_owned)]
fn is_named(role: &Role, selected: &str) -> bool {
    role.ident == selected || role.name.to_string() == selected
}

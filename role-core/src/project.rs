//! The CLI's whole view: many source files read with the one parser and validator, then the
//! rules that look across items (duplicates, `policies(...)` that name nothing), and the bundle
//! the renderers take.

use std::collections::{HashMap, HashSet};

use crate::check::{self, Checked};
use crate::diag::{Code, Finding, Findings};
use crate::model::{Bundle, Policy, Role};
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
            .filter(|s| !all.roles.iter().any(|r| &r.name == *s || &r.ident == *s))
            .cloned()
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        let roles: Vec<Role> = all
            .roles
            .into_iter()
            .filter(|r| selected.iter().any(|s| &r.name == s || &r.ident == s))
            .collect();
        let policies = all
            .policies
            .into_iter()
            .filter(|p| roles.iter().any(|r| r.policies.contains(&p.ident)))
            .collect();
        Ok(Bundle { roles, policies })
    }

    /// The rules across declarations, in one pass with indexes: a render may hold thousands.
    fn check_across(&mut self, files: &[SourceFile]) {
        let mut by_ident: HashMap<&str, &Found> = HashMap::new();
        let mut by_name: HashSet<(syntax::DeclKind, &str)> = HashSet::new();
        let policies: HashSet<&str> = self
            .found
            .iter()
            .filter(|f| f.decl.kind == syntax::DeclKind::Policy)
            .map(|f| f.decl.ident.as_str())
            .collect();
        let mut extra = Vec::new();
        for found in &self.found {
            let decl = &found.decl;
            if let Some(other) = by_ident.get(decl.ident.as_str()) {
                extra.push(FileFinding {
                    file: found.file,
                    finding: Finding::error(
                        Code::DuplicateRole,
                        decl.ident_spot,
                        format!("`{}` is declared twice in the files read", decl.ident),
                    )
                    .with_help(format!(
                        "the other is a #[{}] in {} at line {}; rename one: identifiers name CloudFormation resources",
                        other.decl.kind.attr(),
                        files[other.file].path,
                        other.decl.ident_spot.span.start().line
                    )),
                });
            } else if let Some(name) = declared_name(found)
                && !by_name.insert((decl.kind, name))
            {
                extra.push(FileFinding {
                    file: found.file,
                    finding: Finding::error(
                        Code::DuplicateRole,
                        decl.ident_spot,
                        format!(
                            "two {}s are named `{name}`; IAM names are unique in an account",
                            decl.kind.attr()
                        ),
                    ),
                });
            }
            by_ident.entry(decl.ident.as_str()).or_insert(found);
            for policy in &decl.args.policies {
                if !policies.contains(policy.ident.as_str()) {
                    extra.push(FileFinding {
                        file: found.file,
                        finding: Finding::error(
                            Code::UnknownPolicy,
                            policy.spot,
                            format!("`{}` is not a #[policy] among the files read", policy.path),
                        )
                        .with_help("declare it with #[policy(...)], or include the file that does"),
                    });
                }
            }
        }
        self.findings.extend(extra);
    }
}

/// The IAM name a declaration will have.
fn declared_name(found: &Found) -> Option<&str> {
    match &found.checked {
        Some(Checked::Role(role)) => Some(&role.name),
        Some(Checked::Policy(policy)) => Some(&policy.name),
        None => None,
    }
}

//! The two sides of a diff, each as units by name: `.rs` files and folders of them are a
//! project, one unit a role (its inline, `#[policy]` and managed policies, as `simulate --role`
//! reads them) and one a `#[policy]` (its document alone); documents (`.json`, templates, folders
//! of them) are read by [`super::documents`]. With `--base`, the old side is the PATHs as git
//! has them at the revision, written to a temporary folder and read the same way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use role_core::env::{Env, Missing, Needed, ResolveError, Resolver};
use role_core::model::Pseudo;
use role_core::model::{PolicyIndex, Role};
use role_core::render::iam;
use role_eval::NamedPolicy;
use role_eval::roles::{self, Problem, ResolvedRole, RoleError};

use super::super::simulate::{Roles, role_error};
use super::documents;
use crate::cli::{DiffArgs, EnvArgs};
use crate::exit::Error;
use crate::report::Reporter;
use crate::scan;

pub type Units = BTreeMap<String, Unit>;

/// A role or a document: its policies, and where it is written (`file:line` or the file).
pub struct Unit {
    pub policies: Vec<NamedPolicy>,
    pub location: String,
    /// A role's trust policy and ARN.
    pub trust: Option<(serde_json::Value, String)>,
    /// A resource's policy (its statements name principals): compared principal by principal.
    pub resource: Option<NamedPolicy>,
    /// The ARNs of managed policies attached whose documents are unknown.
    pub unknown: Vec<String>,
    /// A role's permissions boundary.
    pub boundary: Option<Boundary>,
}

impl Unit {
    /// Nothing yet, written at `location`.
    pub fn at(location: String) -> Unit {
        Unit {
            policies: Vec::new(),
            location,
            trust: None,
            resource: None,
            unknown: Vec::new(),
            boundary: None,
        }
    }
}

/// A permissions boundary: its document, or only its ARN when it is no AWS managed policy and
/// no `#[policy]` of the project (a customer managed policy deployed some other way).
pub enum Boundary {
    Known(NamedPolicy),
    Unknown(String),
}

/// OLD and NEW.
pub fn read(args: &DiffArgs, reporter: &mut Reporter) -> Result<(Units, Units), Error> {
    if let Some(rev) = &args.base {
        let paths = match args.old.as_slice() {
            [] => vec![PathBuf::from(".")],
            paths => paths.to_vec(),
        };
        if let Some(absolute) = paths.iter().find(|p| p.is_absolute()) {
            return Err(Error::usage(format!(
                "with --base, PATHs are read inside the repository: `{}` is absolute",
                absolute.display()
            )));
        }
        let checkout = checkout(rev, &paths)?;
        let old_paths: Vec<PathBuf> = paths
            .iter()
            .map(|p| checkout.root.join(&checkout.prefix).join(p))
            .filter(|p| p.exists())
            .collect();
        let old = match old_paths.is_empty() {
            true => Units::new(),
            false => load(&old_paths, &args.env, reporter)?,
        };
        let new = load(&paths, &args.env, reporter)?;
        return Ok((old, new));
    }
    let [old, new] = args.old.as_slice() else {
        return Err(Error::usage(format!(
            "diff takes OLD and NEW (or --base GIT-REV [PATH]...), not {} path{}",
            args.old.len(),
            if args.old.len() == 1 { "" } else { "s" }
        )));
    };
    let (mut old_units, mut new_units) = (
        load(std::slice::from_ref(old), &args.env, reporter)?,
        load(std::slice::from_ref(new), &args.env, reporter)?,
    );
    for (path, units) in [(old, &old_units), (new, &new_units)] {
        if units.is_empty() {
            reporter.warning(&format!(
                "{} holds no role, policy or policy document: everything on the other side is compared with nothing",
                path.display()
            ));
        }
    }
    // Two documents are one policy, whatever their files are called.
    let one = |path: &Path, units: &Units| path.is_file() && documents::is_one_document(units);
    if one(old, &old_units) && one(new, &new_units) {
        old_units = rename(old_units, "policy");
        new_units = rename(new_units, "policy");
    }
    Ok((old_units, new_units))
}

fn rename(units: Units, name: &str) -> Units {
    units
        .into_values()
        .map(|unit| (name.to_string(), unit))
        .collect()
}

fn load(paths: &[PathBuf], env: &EnvArgs, reporter: &mut Reporter) -> Result<Units, Error> {
    let mut units = Units::new();
    let mut sources = Vec::new();
    for path in paths {
        if documents::is_documents(path) {
            units.extend(documents::read(path, env, reporter)?);
        } else {
            sources.push(path.clone());
        }
    }
    if sources.is_empty() {
        return Ok(units);
    }
    let roles = Roles::read(&sources, env, reporter)?;
    let index = roles.bundle.policy_index();
    for role in &roles.bundle.roles {
        let (resolved, boundary) = resolve(role, &index, &roles.env)?;
        let location = roles
            .locations
            .get(&role.ident)
            .cloned()
            .unwrap_or_default();
        units.insert(
            format!("role {}", role.ident),
            Unit {
                policies: resolved.identity_policies,
                trust: Some((resolved.trust, resolved.arn)),
                boundary,
                ..Unit::at(location)
            },
        );
    }
    for policy in &roles.bundle.policies {
        let render = |env: &Env| {
            let mut resolver = Resolver::new(env);
            let document = iam::document(&policy.document, &mut resolver);
            resolver.finish().map(|()| document)
        };
        let document = match render(&roles.env) {
            Ok(document) => Ok(document),
            Err(ResolveError::Missing(missing)) => render(&filled(&roles.env, &missing)),
            Err(other) => Err(other),
        }
        .map_err(|err| Error::usage(format!("cannot read policy `{}`: {err}", policy.ident)))?;
        let location = roles
            .locations
            .get(&policy.ident)
            .cloned()
            .unwrap_or_default();
        units.insert(
            format!("policy {}", policy.ident),
            Unit {
                policies: vec![NamedPolicy {
                    name: policy.ident.clone(),
                    policy: document,
                }],
                ..Unit::at(location)
            },
        );
    }
    Ok(units)
}

/// A role resolved, placeholders without values standing for themselves (see [`stand_ins`]),
/// and its boundary: a boundary whose document is not known is kept by its ARN.
fn resolve(
    role: &Role,
    index: &PolicyIndex,
    env: &Env,
) -> Result<(ResolvedRole, Option<Boundary>), Error> {
    let mut env = env.clone();
    let mut unknown = None;
    // Each try answers one kind of problem: values missing, then a boundary not known.
    for _ in 0..3 {
        let stand_in = unknown.as_ref().map(|_| NamedPolicy {
            name: "boundary".into(),
            policy: serde_json::json!({"Statement": []}),
        });
        let err = match roles::resolve(role, index, &env, stand_in) {
            Ok(resolved) => {
                let boundary = match unknown {
                    Some(arn) => Some(Boundary::Unknown(arn)),
                    None => resolved.boundary.clone().map(Boundary::Known),
                };
                return Ok((resolved, boundary));
            }
            Err(err) => err,
        };
        let mut rest = RoleError {
            role: err.role.clone(),
            problems: Vec::new(),
        };
        for problem in &err.problems {
            match problem {
                Problem::UnknownBoundary(arn) => unknown = Some(arn.clone()),
                other => rest.problems.push(other.clone()),
            }
        }
        if !rest.problems.is_empty() {
            env = stand_ins(&env, &rest).ok_or_else(|| role_error(&err))?;
        }
    }
    Err(Error::usage(format!(
        "cannot resolve role `{}`",
        role.ident
    )))
}

/// The environment with each value a role lacks standing for itself (`{bucket}`,
/// `{region}`): both sides read the same placeholders the same way, so what one allows and the
/// other does not is the same for any values, and the findings show the placeholders as written.
/// `None` when the role has other problems.
fn stand_ins(env: &Env, err: &RoleError) -> Option<Env> {
    let mut env = env.clone();
    for problem in &err.problems {
        let Problem::Resolve(ResolveError::Missing(missing)) = problem else {
            return None;
        };
        env = filled(&env, missing);
    }
    Some(env)
}

pub(super) fn filled(env: &Env, missing: &Missing) -> Env {
    let mut env = env.clone();
    {
        for needed in &missing.0 {
            match needed {
                Needed::Param(name) => {
                    env.values.insert(name.clone(), format!("{{{name}}}"));
                    env.lists.insert(name.clone(), vec![format!("{{{name}}}")]);
                }
                Needed::Pseudo(Pseudo::Region) => env.region = Some("{region}".into()),
                Needed::Pseudo(Pseudo::AccountId) => env.account_id = Some("{account_id}".into()),
                Needed::Pseudo(Pseudo::Partition) => env.partition = "{partition}".into(),
            }
        }
    }
    env
}

/// The files of `paths` at `rev`, in a temporary folder laid out as the repository is.
struct Checkout {
    root: PathBuf,
    prefix: PathBuf,
    _dir: tempfile::TempDir,
}

fn checkout(rev: &str, paths: &[PathBuf]) -> Result<Checkout, Error> {
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ])
    .map_err(|_| Error::usage(format!("`{rev}` is not a git revision here")))?;
    let prefix = String::from_utf8_lossy(&git(&["rev-parse", "--show-prefix"])?)
        .trim()
        .to_string();
    let dir = tempfile::tempdir()
        .map_err(|err| Error::io(format!("cannot make a temporary folder: {err}")))?;
    for path in paths {
        let spec = path.to_string_lossy();
        let listed = git(&[
            "ls-tree",
            "-r",
            "--full-name",
            "--name-only",
            rev,
            "--",
            &spec,
        ])?;
        for file in String::from_utf8_lossy(&listed).lines() {
            let read = [".rs", ".json", ".yaml", ".yml", ".tf"];
            if !read.iter().any(|e| file.ends_with(e)) {
                continue;
            }
            let bytes = git(&["show", &format!("{rev}:{file}")])?;
            let target = dir.path().join(file);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|err| {
                    Error::io(format!(
                        "cannot write {}: {}",
                        parent.display(),
                        scan::describe(&err)
                    ))
                })?;
            }
            std::fs::write(&target, bytes).map_err(|err| {
                Error::io(format!(
                    "cannot write {}: {}",
                    target.display(),
                    scan::describe(&err)
                ))
            })?;
        }
    }
    Ok(Checkout {
        root: dir.path().to_path_buf(),
        prefix: PathBuf::from(prefix),
        _dir: dir,
    })
}

fn git(args: &[&str]) -> Result<Vec<u8>, Error> {
    let output = Command::new("git")
        .args(args)
        .output()
        .map_err(|err| Error::io(format!("cannot run git: {}", scan::describe(&err))))?;
    if !output.status.success() {
        return Err(Error::io(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(output.stdout)
}

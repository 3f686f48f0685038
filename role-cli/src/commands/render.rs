//! `role-cli render`: refuses roles with errors, selects `--role`s, renders everything in memory,
//! then prints it, writes it into `--out DIR` whole or not at all, or (`--check`) compares it
//! with DIR.

use std::path::Path;

use role_core::diag::nearest;
use role_core::model::{Bundle, Pseudo, Template};
use role_core::project::Project;
use role_core::render::{self, Format, RenderError};
use role_core::syntax::DeclKind;
use role_core::{Env, Needed};

use super::placeholders::{env, set_values};
use super::{Scanned, print};
use crate::cli::RenderArgs;
use crate::exit::{Error, Exit};
use crate::report::{Reporter, count};
use crate::write::{self, Drift};

pub fn run(args: &RenderArgs, reporter: &mut Reporter) -> Result<Exit, Error> {
    let mut env = env(
        args.partition.as_ref(),
        args.account_id.as_ref(),
        args.region.as_ref(),
    )?;
    let scanned = Scanned::read(&args.paths.paths)?;
    reporter.project(&scanned.files, &scanned.project);
    if reporter.errors() > 0 {
        return Err(Error::roles(format!(
            "could not render: {}",
            reporter.tally(true)
        )));
    }
    let bundle = scanned
        .project
        .select(&args.roles)
        .map_err(|unknown| unknown_roles(&scanned.project, &unknown, reporter))?;
    warn_unused_values(args, &bundle, reporter);
    set_values(&args.set, &bundle, &mut env)?;
    warn_wildcard_values(&env, &bundle, reporter);
    let rendered = render::render(&bundle, args.format, &env).map_err(render_error)?;
    for warning in &rendered.warnings {
        reporter.warning(warning);
    }
    match &args.out {
        None => {
            print(&rendered.stdout)?;
            Ok(Exit::Success)
        }
        Some(dir) if args.check => check(dir, &rendered.files, reporter),
        Some(dir) => {
            let written = write::write_all(dir, &rendered.files)?;
            let status = match (written.changed, written.unchanged) {
                (0, unchanged) => format!(
                    "{} is up to date: {}",
                    dir.display(),
                    count(unchanged, "file", "files")
                ),
                (changed, 0) => format!(
                    "wrote {} to {}",
                    count(changed, "file", "files"),
                    dir.display()
                ),
                (changed, unchanged) => {
                    format!(
                        "wrote {} to {} ({unchanged} unchanged)",
                        count(changed, "file", "files"),
                        dir.display()
                    )
                }
            };
            reporter.status(&status);
            Ok(Exit::Success)
        }
    }
}

/// `--check`: the files that differ or are missing on stdout, and exit 1 when there are any.
fn check(dir: &Path, files: &[render::OutputFile], reporter: &Reporter) -> Result<Exit, Error> {
    let drift = write::drift(dir, files)?;
    if drift.is_empty() {
        reporter.status(&format!(
            "{} is up to date: {}",
            dir.display(),
            count(files.len(), "file", "files")
        ));
        return Ok(Exit::Success);
    }
    let mut listing = String::new();
    for entry in &drift {
        let (what, path) = match entry {
            Drift::Missing(path) => ("missing", path),
            Drift::Differs(path) => ("differs", path),
        };
        listing.push_str(&format!("{what}  {}\n", path.display()));
    }
    print(&listing)?;
    Err(Error::roles(format!(
        "{} is out of date: {} of {} differ or are missing",
        dir.display(),
        drift.len(),
        count(files.len(), "file", "files")
    ))
    .with_help("run the same command without --check to write them"))
}

/// A value with `*` or `?` widens every resource it stands in (`--set bucket=*` makes
/// `arn:aws:s3:::*/*`): allowed, since it may be meant, but said.
fn warn_wildcard_values(env: &Env, bundle: &Bundle, reporter: &Reporter) {
    let resources: Vec<&Template> = bundle
        .roles
        .iter()
        .flat_map(|r| std::iter::once(&r.trust).chain(&r.policy))
        .chain(bundle.policies.iter().map(|p| &p.document))
        .flat_map(|d| &d.statements)
        .filter_map(|s| s.resources.as_ref())
        .flat_map(|r| r.list())
        .collect();
    let lists = env
        .lists
        .iter()
        .flat_map(|(k, values)| values.iter().map(move |v| (k, v)));
    for (key, value) in env.values.iter().chain(lists) {
        if !value.contains(['*', '?']) {
            continue;
        }
        let widened: Vec<String> = resources
            .iter()
            .filter(|t| t.fields().any(|f| f == key))
            .map(|t| {
                let mut missing = role_core::Missing::default();
                env.resolve(t, &mut missing)
            })
            .collect();
        if let Some(first) = widened.first() {
            reporter.warning(&format!(
                "`--set {key}={value}` puts a wildcard into {}, such as `{first}`",
                count(widened.len(), "resource", "resources")
            ));
        }
    }
}

/// Values that no output will use are probably a mistake: say so, and go on.
fn warn_unused_values(args: &RenderArgs, bundle: &Bundle, reporter: &Reporter) {
    if args.format != Format::Iam {
        let mut given = Vec::new();
        if !args.set.is_empty() {
            given.push("--set");
        }
        for (flag, value) in [
            ("--partition", &args.partition),
            ("--account-id", &args.account_id),
            ("--region", &args.region),
        ] {
            if value.is_some() {
                given.push(flag);
            }
        }
        if !given.is_empty() {
            reporter.warning(&format!(
                "{} only apply to `--format iam`; the {} output keeps placeholders as parameters, resolved where it is deployed",
                given.join(", "),
                args.format
            ));
        }
        return;
    }
    let params: Vec<&str> = bundle
        .roles
        .iter()
        .flat_map(|r| &r.params)
        .chain(bundle.policies.iter().flat_map(|p| &p.params))
        .map(|p| p.name.as_str())
        .collect();
    let mut seen = Vec::new();
    for (key, _) in &args.set {
        if params.contains(&key.as_str()) || seen.contains(key) {
            continue;
        }
        seen.push(key.clone());
        let hint = role_core::diag::did_you_mean(nearest(key, params.iter().copied()));
        reporter.warning(&format!(
            "`--set {key}=...` names no parameter of the roles rendered{hint}"
        ));
    }
}

/// `--role` names that match no role: a usage error (exit 2), one message each, with the names
/// that exist.
fn unknown_roles(project: &Project, unknown: &[String], reporter: &Reporter) -> Error {
    let bundle = project.bundle();
    let written: Vec<String> = bundle.roles.iter().map(|r| r.name.to_string()).collect();
    let names: Vec<&str> = bundle
        .roles
        .iter()
        .zip(&written)
        .flat_map(|(r, name)| [name.as_str(), r.ident.as_str()])
        .collect();
    let mut problems = Vec::new();
    for name in unknown {
        let is_policy = project
            .found
            .iter()
            .any(|f| f.decl.kind == DeclKind::Policy && f.decl.ident == *name)
            || bundle.policies.iter().any(|p| p.name.to_string() == *name);
        if is_policy {
            problems.push(format!("`{name}` is a #[policy], not a role (policies come with the roles that attach them)"));
        } else {
            let hint = role_core::diag::did_you_mean(nearest(name, names.iter().copied()));
            problems.push(format!("no role is named `{name}`{hint}"));
        }
    }
    let known: Vec<String> = bundle
        .roles
        .iter()
        .map(|r| {
            if r.name.to_string() == r.ident {
                r.ident.clone()
            } else {
                format!("{} ({})", r.ident, r.name)
            }
        })
        .collect();
    let help = if known.is_empty() {
        "no role was found in the files read".to_owned()
    } else {
        format!(
            "--role takes a RoleName or a struct identifier: {}",
            known.join(", ")
        )
    };
    let last = problems
        .pop()
        .unwrap_or_else(|| "a --role name matches no role".to_owned());
    for problem in problems {
        reporter.fatal(&Error::usage(problem));
    }
    Error::usage(last).with_help(help)
}

/// A render that fails on valid roles: exit 1, naming every missing value at once.
fn render_error(err: RenderError) -> Error {
    let help = match &err {
        RenderError::Missing(missing) => {
            let flags: Vec<String> = missing
                .0
                .iter()
                .map(|needed| match needed {
                    Needed::Param(name) => format!("--set {name}=VALUE"),
                    Needed::Pseudo(Pseudo::Partition) => "--partition PARTITION".to_owned(),
                    Needed::Pseudo(Pseudo::AccountId) => "--account-id ACCOUNT_ID".to_owned(),
                    Needed::Pseudo(Pseudo::Region) => "--region REGION".to_owned(),
                })
                .collect();
            Some(format!("add {}", flags.join(" ")))
        }
        _ => None,
    };
    let error = Error::roles(err.to_string());
    match help {
        Some(help) => error.with_help(help),
        None => error,
    }
}

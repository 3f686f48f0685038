//! The sides of a diff that are documents rather than DSL source: a policy document, a folder of
//! them as `role-cli render --format iam --out` writes it (`NAME.trust.json` and
//! `NAME.policy.json` a role, any other `.json` a policy), the object `render --format iam`
//! prints, and what `role-cli import` reads (CloudFormation templates, `aws iam` output,
//! Terraform), read by the importer itself. Files in a folder are matched by their path in it.

use std::path::Path;

use role_core::Env;
use role_core::import::{self, Input};
use role_eval::NamedPolicy;
use role_eval::roles::DEFAULT_ACCOUNT_ID;
use serde_json::Value;

use super::imported;
use super::sides::{Unit, Units};
use crate::cli::EnvArgs;
use crate::exit::Error;
use crate::report::{Reporter, count};
use crate::scan;

/// The extensions of the files a folder of documents is read for.
const DOCUMENT_EXTENSIONS: [&str; 4] = ["json", "yaml", "yml", "tf"];

/// Whether `path` is read as documents: a file of one of their kinds, or a folder that holds
/// such files and no Rust source (a project's folder may hold rendered output too).
pub fn is_documents(path: &Path) -> bool {
    if !path.is_dir() {
        return path.is_file() && is_document(path);
    }
    let files = scan::files(path, &|p| is_document(p) || scan::is_rust(p)).unwrap_or_default();
    !files.is_empty() && !files.iter().any(|f| scan::is_rust(f))
}

/// What a file or a folder of documents holds. In a folder, a file that is none of them (`package.json`, `cdk.out`'s `manifest.json`) is
/// left out with a warning; a file given alone must be one.
pub fn read(path: &Path, args: &EnvArgs, reporter: &mut Reporter) -> Result<Units, Error> {
    let env = env(args)?;
    let mut units = Units::new();
    if path.is_file() {
        read_file(path, None, &env, &mut units, reporter)?;
        return Ok(units);
    }
    // Paths as the walk spells them: `./iam` is walked as `iam`, `.` as the bare names.
    let base = scan::tidy(path);
    for file in scan::files(path, &is_document)? {
        let relative = match base == Path::new(".") {
            true => &file,
            false => file.strip_prefix(&base).unwrap_or(&file),
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        read_file(&file, Some(&relative), &env, &mut units, reporter)?;
    }
    Ok(units)
}

/// Whether the units of `path` are a single document: two such files are one policy compared,
/// whatever they are called.
pub fn is_one_document(units: &Units) -> bool {
    units.len() == 1 && units.keys().all(|k| k.starts_with("policy "))
}

fn env(args: &EnvArgs) -> Result<Env, Error> {
    let mut env = super::super::placeholders::env(
        args.partition.as_ref(),
        args.account_id.as_ref(),
        args.region.as_ref(),
    )?;
    // As a role of a project is placed when no account is given.
    env.account_id
        .get_or_insert_with(|| DEFAULT_ACCOUNT_ID.to_owned());
    for (key, value) in &args.set {
        env.values.insert(key.clone(), value.clone());
        env.lists
            .insert(key.clone(), value.split(',').map(str::to_owned).collect());
    }
    Ok(env)
}

/// One file. `relative`: its path in the folder given, which names what it holds.
fn read_file(
    path: &Path,
    relative: Option<&str>,
    env: &Env,
    units: &mut Units,
    reporter: &mut Reporter,
) -> Result<(), Error> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        Error::io(format!(
            "cannot read {}: {}",
            path.display(),
            scan::describe(&err)
        ))
    })?;
    let location = path.display().to_string();
    let is_json = extension(path).as_deref() == Some("json");
    let value: Option<Value> = match is_json {
        true => Some(
            serde_json::from_str(&text)
                .map_err(|err| Error::usage(format!("{location} is not JSON: {err}")))?,
        ),
        false => None,
    };
    let file_name = relative
        .map(str::to_owned)
        .unwrap_or_else(|| file_name(path));
    match value {
        Some(value) if value.get("Statement").is_some() => {
            document(&file_name, relative.is_some(), value, location, env, units);
        }
        Some(value) if is_rendered(&value) => {
            let suffix = relative.map(|r| format!(" in {r}"));
            imported::rendered(&value, suffix.as_deref(), &location, env, units);
        }
        _ => {
            let input = Input::new(location.clone(), text);
            if relative.is_some() {
                let why = match import::format_of(&input) {
                    Err(err) => Some(err.message),
                    Ok(import::Format::CloudFormation) if !is_yaml_template(&input.text) => {
                        Some("it is no CloudFormation template (no `Resources`)".into())
                    }
                    Ok(_) => None,
                };
                if let Some(why) = why {
                    reporter.warning(&format!("{location} is left out: {why}"));
                    return Ok(());
                }
            }
            let (_, found) = import::read(&input).map_err(|err| {
                let at = match err.place.line {
                    Some(line) => format!("{location}:{line}"),
                    None => location.clone(),
                };
                Error::usage(format!("cannot read {at}: {}", err.message))
            })?;
            let suffix = relative.map(|r| format!(" in {r}"));
            say_what_is_left_out(&found, &location, reporter);
            imported::found(found, suffix.as_deref(), &location, env, units);
        }
    }
    Ok(())
}

/// What the importer read otherwise than written, as far as it changes what is compared: the
/// resources it does not read, and the template's conditions, decided with its parameters at
/// their defaults.
fn say_what_is_left_out(found: &import::Found, location: &str, reporter: &Reporter) {
    let skipped: Vec<&str> = found
        .notes
        .iter()
        .filter(|n| n.kind == import::NoteKind::Skipped)
        .map(|n| n.place.path.rsplit('.').next().unwrap_or(&n.place.path))
        .filter(|id| !found.resource_policies.iter().any(|r| r.ident == *id))
        .collect();
    if !skipped.is_empty() {
        reporter.warning(&format!(
            "{location}: not compared, as they hold no IAM role or policy that is read: {}",
            skipped.join(", ")
        ));
    }
    let decided = found
        .notes
        .iter()
        .filter(|n| n.message.contains("with the parameters at their defaults"))
        .count();
    if decided > 0 {
        reporter.warning(&format!(
            "{location}: {} decided with the parameters at their defaults",
            count(decided, "condition", "conditions")
        ));
    }
    // A value the importer made a field of is compared as itself; anything else it could not
    // express in a document (a Terraform `dynamic` statement) is missing from what is compared.
    let in_a_document = |path: &str| {
        let path = path.to_ascii_lowercase();
        [
            "statement",
            "policydocument",
            "policies",
            "managedpolicyarns",
            "policy_arn",
            "assume_role_policy",
            "inline_policy",
        ]
        .iter()
        .any(|part| path.contains(part))
    };
    let unread: Vec<&import::Note> = found
        .notes
        .iter()
        .filter(|n| n.kind == import::NoteKind::Unexpressible && in_a_document(&n.place.path))
        .filter(|n| !n.message.contains("became the field"))
        .collect();
    if let Some(first) = unread.first() {
        let at = first.place.line.map_or(String::new(), |l| format!(":{l}"));
        reporter.warning(&format!(
            "{location}: {} not read as written, and changes there are not seen; the first, at {location}{at}: {}",
            count(
                unread.len(),
                "part of its policies is",
                "parts of its policies are"
            ),
            first.message
        ));
    }
}

/// A policy document: part of a role (`NAME.trust.json`, `NAME.policy.json`) in a folder, else a
/// policy of its own, a resource's when its statements name principals.
fn document(
    file_name: &str,
    in_folder: bool,
    value: Value,
    location: String,
    env: &Env,
    units: &mut Units,
) {
    let role = |suffix: &str| {
        file_name
            .strip_suffix(suffix)
            .filter(|name| in_folder && !name.is_empty() && !name.ends_with('/'))
            .map(str::to_owned)
    };
    let policy = NamedPolicy {
        name: file_name.to_owned(),
        policy: value,
    };
    if let Some(name) = role(".trust.json") {
        let arn = imported::role_arn(env, name.rsplit('/').next().unwrap_or(&name));
        let unit = units
            .entry(format!("role {name}"))
            .or_insert_with(|| Unit::at(location));
        unit.trust = Some((policy.policy, arn));
    } else if let Some(name) = role(".policy.json") {
        let unit = units
            .entry(format!("role {name}"))
            .or_insert_with(|| Unit::at(location.clone()));
        // A finding points where access is granted.
        unit.location = location;
        unit.policies.push(policy);
    } else {
        let stem = file_name
            .strip_suffix(".json")
            .or_else(|| file_name.strip_suffix(".JSON"))
            .unwrap_or(file_name);
        let mut unit = Unit::at(location);
        match names_principals(&policy.policy) {
            true => unit.resource = Some(policy),
            false => unit.policies.push(policy),
        }
        units.insert(format!("policy {stem}"), unit);
    }
}

/// A document whose statements name who they apply to: a resource's policy (a bucket's, a
/// key's, a role's trust policy).
pub fn names_principals(document: &Value) -> bool {
    let statements = match document.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    statements
        .iter()
        .any(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some())
}

/// Whether a YAML file (a folder may hold workflows and manifests too) is a template at all.
fn is_yaml_template(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with("Resources:") || l.starts_with("AWSTemplateFormatVersion"))
        || text.trim_start().starts_with('{')
}

/// The object `role-cli render --format iam` prints: `{"roles": {...}, "policies": {...}}`.
fn is_rendered(value: &Value) -> bool {
    let Some(object) = value.as_object() else {
        return false;
    };
    !object.is_empty()
        && object
            .iter()
            .all(|(k, v)| matches!(k.as_str(), "roles" | "policies") && v.is_object())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "policy".into(), |s| s.to_string_lossy().into_owned())
}

fn is_document(path: &Path) -> bool {
    extension(path).is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.as_str()))
}

fn extension(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tf.json") {
        return Some("json".into());
    }
    Some(name.rsplit_once('.')?.1.to_owned())
}

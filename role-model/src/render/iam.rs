//! `--format iam`: the policy documents exactly as IAM reads them, every placeholder resolved
//! from the [`Env`].

use serde_json::{Map, Value};

use super::unique::{Unique, check_bundle};
use super::{OutputFile, RenderError, encode};
use crate::env::{Env, Missing};
use crate::model::{Bundle, Document, Part, Policy, PolicyIndex, Pseudo, Role, Template};

/// One document with its placeholders resolved; a value that `env` lacks is recorded in
/// `missing` (and left out of the text), so that a caller can report them all at once.
pub fn document(doc: &Document, env: &Env, missing: &mut Missing) -> Value {
    super::document::document(doc, &mut |template| {
        Value::String(env.resolve(template, missing))
    })
}

/// Everything to stdout, as one object:
/// `{"roles": {"<RoleName>": {"trust", "policy", "managed_policy_arns"}}, "policies": {"<PolicyName>": {"policy"}}}`.
pub fn bundle(bundle: &Bundle, env: &Env) -> Result<Value, RenderError> {
    check_bundle(bundle)?;
    let index = bundle.policy_index();
    let mut missing = Missing::default();
    let mut roles = Map::new();
    for role in &bundle.roles {
        roles.insert(
            role.name.clone(),
            role_entry(role, &index, env, &mut missing),
        );
    }
    let mut policies = Map::new();
    for policy in &bundle.policies {
        let mut entry = Map::new();
        entry.insert(
            "policy".into(),
            document(&policy.document, env, &mut missing),
        );
        policies.insert(policy.name.clone(), Value::Object(entry));
    }
    if !missing.0.is_empty() {
        return Err(RenderError::Missing(missing));
    }
    let mut out = Map::new();
    out.insert("roles".into(), Value::Object(roles));
    out.insert("policies".into(), Value::Object(policies));
    Ok(Value::Object(out))
}

fn role_entry(role: &Role, index: &PolicyIndex, env: &Env, missing: &mut Missing) -> Value {
    let mut entry = Map::new();
    entry.insert("trust".into(), document(&role.trust, env, missing));
    if let Some(policy) = &role.policy {
        entry.insert("policy".into(), document(policy, env, missing));
    }
    // `check_bundle` has made sure that every attached policy is in the bundle.
    let customer = role
        .policies
        .iter()
        .filter_map(|ident| index.get(ident.as_str()).copied())
        .map(customer_policy_arn);
    let arns: Vec<Value> = role
        .managed
        .iter()
        .cloned()
        .chain(customer)
        .map(|arn| Value::String(env.resolve(&arn, missing)))
        .collect();
    if !arns.is_empty() {
        entry.insert("managed_policy_arns".into(), Value::Array(arns));
    }
    Value::Object(entry)
}

/// `arn:{partition}:iam::{account_id}:policy<path><name>`: where IAM puts a customer managed
/// policy once created.
fn customer_policy_arn(policy: &Policy) -> Template {
    let mut arn = Template::literal("arn:");
    arn.push(Part::Pseudo(Pseudo::Partition));
    arn.push_text(":iam::");
    arn.push(Part::Pseudo(Pseudo::AccountId));
    arn.push_text(":policy");
    arn.push_text(policy.path.as_deref().unwrap_or("/"));
    arn.push_text(&policy.name);
    arn
}

/// `<RoleName>.trust.json`, `<RoleName>.policy.json`, `<PolicyName>.json`, from the object that
/// [`bundle`] returns.
pub fn files(rendered: &Value) -> Result<Vec<OutputFile>, RenderError> {
    let mut files = Vec::new();
    let empty = Map::new();
    let section = |key: &str| {
        rendered
            .get(key)
            .and_then(Value::as_object)
            .unwrap_or(&empty)
    };
    for (name, entry) in section("roles") {
        for (key, suffix) in [("trust", "trust.json"), ("policy", "policy.json")] {
            if let Some(doc) = entry.get(key) {
                files.push(file(name, suffix, doc)?);
            }
        }
    }
    for (name, entry) in section("policies") {
        if let Some(doc) = entry.get("policy") {
            files.push(file(name, "json", doc)?);
        }
    }
    // A policy named `X.trust` would overwrite role X's trust policy; some file systems also
    // ignore case.
    let mut paths = Unique::ignoring_case("output file");
    for file in &files {
        paths.insert(&file.path)?;
    }
    Ok(files)
}

fn file(name: &str, suffix: &str, doc: &Value) -> Result<OutputFile, RenderError> {
    if name.is_empty()
        || name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
    {
        return Err(RenderError::InvalidName {
            what: "name".into(),
            name: name.into(),
            reason:
                "cannot name a file: it is empty or holds a path separator or a control character"
                    .into(),
        });
    }
    Ok(OutputFile {
        path: format!("{name}.{suffix}"),
        contents: encode::json(doc),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(name: &str, path: Option<&str>) -> Policy {
        Policy {
            ident: name.into(),
            name: name.into(),
            description: None,
            path: path.map(Into::into),
            document: Document::default(),
            params: vec![],
        }
    }

    #[test]
    fn customer_policy_arns_hold_partition_account_and_path() {
        let env = Env {
            account_id: Some("123456789012".into()),
            ..Env::default()
        };
        let mut missing = Missing::default();
        let arn = env.resolve(
            &customer_policy_arn(&policy("ReadConfig", Some("/app/"))),
            &mut missing,
        );
        assert_eq!(arn, "arn:aws:iam::123456789012:policy/app/ReadConfig");
        let arn = env.resolve(
            &customer_policy_arn(&policy("ReadConfig", None)),
            &mut missing,
        );
        assert_eq!(arn, "arn:aws:iam::123456789012:policy/ReadConfig");
        assert!(missing.0.is_empty());
    }

    #[test]
    fn a_name_with_a_path_separator_is_no_file_name() {
        let err = file("../x", "json", &Value::Null).unwrap_err();
        assert!(matches!(err, RenderError::InvalidName { .. }), "{err}");
    }
}

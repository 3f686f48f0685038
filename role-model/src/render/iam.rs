//! `--format iam`: the policy documents exactly as IAM reads them, every placeholder resolved
//! from the [`Env`].

use serde_json::{Map, Value};

use super::document::{self, Spell};
use super::unique::{Unique, check_bundle};
use super::{OutputFile, RenderError, encode};
use crate::env::{Env, ResolveError, Resolver};
use crate::limits::{POLICY_NAME, ROLE_NAME};
use crate::model::{Bundle, Document, Part, Policy, PolicyIndex, Pseudo, Role, Template};

impl Spell for Resolver<'_> {
    fn value(&mut self, template: &Template) -> Value {
        Value::String(self.text(template))
    }

    fn key(&mut self, template: &Template) -> String {
        self.text(template)
    }

    fn list(&mut self, templates: &[Template], what: &str) -> Value {
        let values = self.list(templates, || what.to_owned());
        document::one_or_many(values.into_iter().map(Value::String).collect())
    }
}

/// One document with its placeholders resolved; a value that the resolver's environment lacks,
/// or a list left empty, is recorded in it (and left out of the text), so that a caller can
/// report them all at once.
pub fn document(doc: &Document, resolver: &mut Resolver) -> Value {
    document::document(doc, resolver)
}

/// Everything to stdout, as one object:
/// `{"roles": {"<RoleName>": {"trust", "policy", "managed_policy_arns"}}, "policies": {"<PolicyName>": {"policy"}}}`.
pub fn bundle(bundle: &Bundle, env: &Env) -> Result<Value, RenderError> {
    check_bundle(bundle)?;
    let index = bundle.policy_index();
    let mut resolver = Resolver::new(env);
    // Names are unique as written; once resolved, two may still meet.
    let mut role_names = Unique::ignoring_case("role name");
    let mut roles = Map::new();
    for role in &bundle.roles {
        let name = resolver.limited(&role.name, &ROLE_NAME);
        let entry = role_entry(role, &index, &mut resolver);
        if resolver.missing.0.is_empty() {
            role_names.insert(&name)?;
        }
        roles.insert(name, entry);
    }
    let mut policy_names = Unique::ignoring_case("policy name");
    let mut policies = Map::new();
    for policy in &bundle.policies {
        let name = resolver.limited(&policy.name, &POLICY_NAME);
        let mut entry = Map::new();
        entry.insert("policy".into(), document(&policy.document, &mut resolver));
        if resolver.missing.0.is_empty() {
            policy_names.insert(&name)?;
        }
        policies.insert(name, Value::Object(entry));
    }
    resolver.finish().map_err(|err| match err {
        ResolveError::Missing(missing) => RenderError::Missing(missing),
        ResolveError::Invalid(invalid) => RenderError::Invalid(invalid),
    })?;
    let mut out = Map::new();
    out.insert("roles".into(), Value::Object(roles));
    out.insert("policies".into(), Value::Object(policies));
    Ok(Value::Object(out))
}

fn role_entry(role: &Role, index: &PolicyIndex, resolver: &mut Resolver) -> Value {
    let mut entry = Map::new();
    entry.insert("trust".into(), document(&role.trust, resolver));
    if let Some(policy) = &role.policy {
        entry.insert("policy".into(), document(policy, resolver));
    }
    // `check_bundle` has made sure that every attached policy is in the bundle.
    let customer = role
        .policies
        .iter()
        .filter_map(|ident| index.get(ident.as_str()).copied())
        .map(customer_policy_arn);
    let arns: Vec<Template> = role.managed.iter().cloned().chain(customer).collect();
    let arns: Vec<Value> = resolver
        .optional_list(&arns)
        .into_iter()
        .map(Value::String)
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
    match &policy.path {
        Some(path) => path.0.iter().cloned().for_each(|p| arn.push(p)),
        None => arn.push_text("/"),
    }
    policy.name.0.iter().cloned().for_each(|p| arn.push(p));
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
    use crate::env::Missing;

    fn policy(name: &str, path: Option<&str>) -> Policy {
        Policy {
            ident: name.into(),
            name: Template::literal(name),
            description: None,
            path: path.map(Template::literal),
            document: Document::default(),
            tags: vec![],
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

//! Roles and policies that come whole in one file, as units of a diff: what the importer found
//! in a CloudFormation template, `aws iam` output or Terraform, and the object `role-cli render
//! --format iam` prints. Managed policies attached are compared by their documents: an AWS
//! managed one's, or a policy of the same file; one whose document is unknown by its ARN.
//! A value the file leaves open (a template parameter) stands for itself, `{bucket}`, on both
//! sides, as it does for DSL sources.

use role_core::import::{Found, Tv};
use role_core::model::Template;
use role_core::{Env, Missing};
use role_eval::NamedPolicy;
use role_eval::roles::DEFAULT_ACCOUNT_ID;
use serde_json::{Map, Value};

use super::documents::names_principals;
use super::sides::{Unit, Units, filled};

/// The ARN of the role `name` in the environment's account.
pub fn role_arn(env: &Env, name: &str) -> String {
    let account = env.account_id.as_deref().unwrap_or(DEFAULT_ACCOUNT_ID);
    format!("arn:{}:iam::{account}:role/{name}", env.partition)
}

/// `{"roles": {"<RoleName>": {"trust", "policy", "managed_policy_arns"}}, "policies": {...}}`.
/// `suffix` tells the units of one file of a folder from another's.
pub fn rendered(value: &Value, suffix: Option<&str>, location: &str, env: &Env, units: &mut Units) {
    let empty = Map::new();
    let section = |key: &str| value.get(key).and_then(Value::as_object).unwrap_or(&empty);
    let policies: Vec<(String, NamedPolicy)> = section("policies")
        .iter()
        .filter_map(|(name, entry)| {
            let policy = NamedPolicy {
                name: name.clone(),
                policy: entry.get("policy")?.clone(),
            };
            Some((name.clone(), policy))
        })
        .collect();
    let suffix = suffix.unwrap_or_default();
    for (name, entry) in section("roles") {
        let mut unit = Unit::at(location.to_owned());
        if let Some(trust) = entry.get("trust") {
            unit.trust = Some((trust.clone(), role_arn(env, name)));
        }
        if let Some(policy) = entry.get("policy") {
            unit.policies.push(NamedPolicy {
                name: name.clone(),
                policy: policy.clone(),
            });
        }
        let arns = entry.get("managed_policy_arns").and_then(Value::as_array);
        for arn in arns.into_iter().flatten().filter_map(Value::as_str) {
            // A customer managed policy by its name, the end of its ARN.
            let own = policies
                .iter()
                .find(|(name, _)| arn.rsplit('/').next() == Some(name.as_str()));
            attach(&mut unit, arn, own.map(|(_, p)| p.clone()));
        }
        units.insert(format!("role {name}{suffix}"), unit);
    }
    for (name, policy) in policies {
        units.insert(
            format!("policy {name}{suffix}"),
            policy_unit(policy, location),
        );
    }
}

/// What the importer found: each role by its identifier (a logical id, a resource name), with
/// its trust policy, inline policies and managed policies; each managed policy on its own; each
/// resource's policy (`resource <Id>`), compared principal by principal.
pub fn found(found: Found, suffix: Option<&str>, location: &str, env: &Env, units: &mut Units) {
    let env = with_stand_ins(&found, env);
    let suffix = suffix.unwrap_or_default();
    let at = |line: Option<usize>| match line {
        Some(line) => format!("{location}:{line}"),
        None => location.to_owned(),
    };
    let policies: Vec<(String, NamedPolicy)> = found
        .policies
        .iter()
        .map(|p| {
            let name = p
                .name
                .as_ref()
                .map_or_else(|| p.ident.clone(), |n| text(n, &env));
            let policy = NamedPolicy {
                name,
                policy: json(&p.document, &env),
            };
            (p.ident.clone(), policy)
        })
        .collect();
    for role in &found.roles {
        let mut unit = Unit::at(at(role.place.line));
        if let Some(trust) = &role.trust {
            let name = role
                .name
                .as_ref()
                .map_or_else(|| role.ident.clone(), |n| text(n, &env));
            unit.trust = Some((json(trust, &env), role_arn(&env, &name)));
        }
        for (i, inline) in role.inline.iter().enumerate() {
            let name = match i {
                0 => role.ident.clone(),
                _ => format!("{} #{}", role.ident, i + 1),
            };
            unit.policies.push(NamedPolicy {
                name,
                policy: json(inline, &env),
            });
        }
        for ident in &role.policies {
            let own = policies.iter().find(|(i, _)| i == ident);
            attach(&mut unit, ident, own.map(|(_, p)| p.clone()));
        }
        for template in &role.managed {
            for arn in list(template, &env) {
                attach(&mut unit, &arn, None);
            }
        }
        units.insert(format!("role {}{suffix}", role.ident), unit);
    }
    for held in &found.resource_policies {
        let mut unit = Unit::at(at(held.place.line));
        unit.resource = Some(NamedPolicy {
            name: held.ident.clone(),
            policy: json(&held.document, &env),
        });
        units.insert(format!("resource {}{suffix}", held.ident), unit);
    }
    for ((ident, policy), found) in policies.into_iter().zip(&found.policies) {
        units.insert(
            format!("policy {ident}{suffix}"),
            policy_unit(policy, &at(found.place.line)),
        );
    }
}

fn policy_unit(policy: NamedPolicy, location: &str) -> Unit {
    let mut unit = Unit::at(location.to_owned());
    match names_principals(&policy.policy) {
        true => unit.resource = Some(policy),
        false => unit.policies.push(policy),
    }
    unit
}

/// A managed policy the role attaches: its document when known, else its ARN alone.
fn attach(unit: &mut Unit, arn: &str, own: Option<NamedPolicy>) {
    let aws = || {
        role_eval::managed::document(arn).map(|document| NamedPolicy {
            name: arn.to_owned(),
            policy: document.clone(),
        })
    };
    match own.or_else(aws) {
        Some(policy) => unit.policies.push(policy),
        None => unit.unknown.push(arn.to_owned()),
    }
}

/// `env`, with each value the file leaves open standing for itself.
fn with_stand_ins(found: &Found, env: &Env) -> Env {
    let mut missing = Missing::default();
    for role in &found.roles {
        for tv in role.trust.iter().chain(&role.inline) {
            resolve(tv, env, &mut missing);
        }
        for template in role.managed.iter().chain(&role.name) {
            env.resolve_list(std::slice::from_ref(template), &mut missing);
        }
    }
    for held in &found.resource_policies {
        resolve(&held.document, env, &mut missing);
    }
    for policy in &found.policies {
        resolve(&policy.document, env, &mut missing);
        if let Some(name) = &policy.name {
            env.resolve(name, &mut missing);
        }
    }
    filled(env, &missing)
}

fn json(tv: &Tv, env: &Env) -> Value {
    resolve(tv, env, &mut Missing::default())
}

fn text(template: &Template, env: &Env) -> String {
    env.resolve(template, &mut Missing::default())
}

fn list(template: &Template, env: &Env) -> Vec<String> {
    env.resolve_list(std::slice::from_ref(template), &mut Missing::default())
}

fn resolve(tv: &Tv, env: &Env, missing: &mut Missing) -> Value {
    match tv {
        Tv::Null => Value::Null,
        Tv::Bool(b) => Value::Bool(*b),
        Tv::Number(n) => Value::Number(n.clone()),
        Tv::Str(template) => Value::String(env.resolve(template, missing)),
        // A list parameter stands for all its elements where it is one.
        Tv::List(items) => Value::Array(
            items
                .iter()
                .flat_map(|item| match item {
                    Tv::Str(t) if t.list().is_some() => env
                        .resolve_list(std::slice::from_ref(t), missing)
                        .into_iter()
                        .map(Value::String)
                        .collect(),
                    other => vec![resolve(other, env, missing)],
                })
                .collect(),
        ),
        Tv::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (env.resolve(k, missing), resolve(v, env, missing)))
                .collect(),
        ),
    }
}

//! IAM as JSON outside a template: a raw policy document (a trust policy becomes a role, any
//! other a `#[policy]`), the output of `aws iam get-role`, and of `aws iam
//! get-account-authorization-details`, the whole of an account's IAM in one document.

use serde_json::Value;

use super::value::iam_text;
use super::{Found, Input, Note, NoteKind, Place, PolicyIn, ReadError, RoleIn, Tv};
use crate::model::Template;

/// The shapes of JSON this reader takes.
pub fn recognizes(value: &Value) -> bool {
    ["Statement", "Role", "RoleDetailList"]
        .iter()
        .any(|key| value.get(key).is_some())
}

pub fn read(input: &Input, value: &Value) -> Result<Found, ReadError> {
    let mut found = Found::default();
    if value.get("Statement").is_some() {
        document(input, value, &mut found);
    } else if let Some(role) = value.get("Role") {
        let place = place("Role");
        found
            .roles
            .push(role_detail(role, place, &[], &mut found.notes));
    } else if value.get("RoleDetailList").is_some() {
        authorization_details(value, &mut found);
    }
    Ok(found)
}

fn place(path: impl Into<String>) -> Place {
    Place {
        path: path.into(),
        ..Place::default()
    }
}

fn tv(value: &Value) -> Tv {
    Tv::from_json(value, &iam_text)
}

fn text(value: Option<&Value>) -> Option<Template> {
    value.and_then(Value::as_str).map(Template::literal)
}

/// A raw document: a trust policy (its statements name principals that assume) or not. It is
/// named after its file, as `role-cli render --format iam --out` names the files it writes:
/// `NAME.trust.json` and `NAME.policy.json` (a role's), `NAME.json` (a managed policy's).
fn document(input: &Input, value: &Value, found: &mut Found) {
    let stem = rendered_name(&input.path).unwrap_or_else(|| stem(&input.path));
    let name = Some(Template::literal(&stem));
    let statements: Vec<&Value> = match &value["Statement"] {
        Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    let trust = statements.iter().any(|s| {
        s.get("Principal").is_some()
            && actions(s).any(|a| a.to_ascii_lowercase().starts_with("sts:assumerole"))
    });
    if trust {
        found.roles.push(RoleIn {
            ident: stem,
            name,
            place: place(""),
            trust: Some(tv(value)),
            ..RoleIn::default()
        });
    } else {
        found.policies.push(PolicyIn {
            ident: stem,
            name,
            place: place(""),
            document: tv(value),
            ..PolicyIn::default()
        });
    }
}

/// `NAME` of `dir/NAME.trust.json` or `dir/NAME.policy.json`.
fn rendered_name(path: &str) -> Option<String> {
    let file = std::path::Path::new(path).file_name()?.to_str()?;
    let name = file
        .strip_suffix(".trust.json")
        .or_else(|| file.strip_suffix(".policy.json"))?;
    (!name.is_empty()).then(|| name.to_owned())
}

/// The inputs to import together, by index: a role's `NAME.trust.json` with its
/// `NAME.policy.json` (in the same folder), every other input alone; in the order given.
pub fn pairs(inputs: &[Input]) -> Vec<Vec<usize>> {
    let key = |i: usize, suffix: &str| {
        let path = &inputs[i].path;
        path.strip_suffix(suffix)
            .filter(|p| !p.is_empty() && !p.ends_with('/'))
            .map(str::to_owned)
    };
    let mut used = vec![false; inputs.len()];
    let mut units = Vec::new();
    for i in 0..inputs.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let partner = key(i, ".trust.json").and_then(|base| {
            (0..inputs.len()).find(|&j| !used[j] && key(j, ".policy.json").as_ref() == Some(&base))
        });
        let partner = partner.or_else(|| {
            let base = key(i, ".policy.json")?;
            (0..inputs.len()).find(|&j| !used[j] && key(j, ".trust.json").as_ref() == Some(&base))
        });
        match partner {
            Some(j) => {
                used[j] = true;
                let (trust, policy) = if key(i, ".trust.json").is_some() {
                    (i, j)
                } else {
                    (j, i)
                };
                units.push(vec![trust, policy]);
            }
            None => units.push(vec![i]),
        }
    }
    units
}

/// A role from its trust policy and its inline policy, as `render --format iam --out` wrote them.
pub fn read_pair(trust: &Input, policy: &Input) -> Result<Found, ReadError> {
    let parse = |input: &Input| {
        serde_json::from_str::<Value>(&input.text).map_err(|e| ReadError {
            place: Place {
                line: Some(e.line()),
                column: Some(e.column()),
                path: String::new(),
            },
            message: format!("this is not JSON ({e})"),
        })
    };
    let (trust_doc, policy_doc) = (parse(trust)?, parse(policy)?);
    let name = rendered_name(&trust.path).unwrap_or_else(|| stem(&trust.path));
    let mut found = Found::default();
    found.roles.push(RoleIn {
        ident: name.clone(),
        name: Some(Template::literal(name)),
        place: place(""),
        trust: Some(tv(&trust_doc)),
        inline: vec![tv(&policy_doc)],
        ..RoleIn::default()
    });
    Ok(found)
}

fn actions(statement: &Value) -> impl Iterator<Item = &str> {
    let list = match statement.get("Action") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    list.into_iter().filter_map(Value::as_str)
}

/// `trust.json` → `trust`; the struct is named after the file.
fn stem(path: &str) -> String {
    let name = std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path);
    name.split('.').next().unwrap_or(name).to_owned()
}

/// A role as the IAM API describes it (`get-role`, or an entry of `RoleDetailList`).
/// `policies` are the customer managed policies of the same document, by ARN.
fn role_detail(
    role: &Value,
    place: Place,
    policies: &[(String, String)],
    notes: &mut Vec<Note>,
) -> RoleIn {
    let name = role
        .get("RoleName")
        .and_then(Value::as_str)
        .unwrap_or("Role");
    let trust = match role.get("AssumeRolePolicyDocument") {
        Some(Value::String(encoded)) => match serde_json::from_str::<Value>(encoded) {
            Ok(document) => Some(tv(&document)),
            Err(_) => {
                notes.push(Note {
                    place: place.clone(),
                    kind: NoteKind::Unexpressible,
                    message: "`AssumeRolePolicyDocument` is not JSON (the IAM API URL-encodes it; the AWS CLI decodes it)".into(),
                });
                None
            }
        },
        Some(document) => Some(tv(document)),
        None => None,
    };
    let mut inline = Vec::new();
    for entry in list(role, "RolePolicyList") {
        if let Some(document) = entry.get("PolicyDocument") {
            inline.push(tv(document));
        }
    }
    let mut managed = Vec::new();
    let mut attached = Vec::new();
    for entry in list(role, "AttachedManagedPolicies") {
        let Some(arn) = entry.get("PolicyArn").and_then(Value::as_str) else {
            continue;
        };
        match policies.iter().find(|(a, _)| a == arn) {
            Some((_, ident)) => attached.push(ident.clone()),
            None => managed.push(Template::literal(arn)),
        }
    }
    let profiles: Vec<&str> = list(role, "InstanceProfileList")
        .filter_map(|p| p.get("InstanceProfileName").and_then(Value::as_str))
        .collect();
    if profiles.len() > 1 {
        notes.push(Note {
            place: place.clone(),
            kind: NoteKind::Unexpressible,
            message: format!(
                "the role is in {} instance profiles; the DSL gives a role one, `{}`",
                profiles.len(),
                profiles[0]
            ),
        });
    }
    RoleIn {
        ident: name.to_owned(),
        name: Some(Template::literal(name)),
        description: text(role.get("Description")).filter(|d| !d.0.is_empty()),
        path: text(role.get("Path")),
        max_session: role
            .get("MaxSessionDuration")
            .and_then(Value::as_u64)
            .and_then(|s| u32::try_from(s).ok()),
        trust,
        inline,
        managed,
        policies: attached,
        boundary: role
            .get("PermissionsBoundary")
            .and_then(|b| text(b.get("PermissionsBoundaryArn"))),
        tags: tags(role),
        instance_profile: profiles.first().map(|p| Some(Template::literal(*p))),
        place,
    }
}

fn list<'v>(value: &'v Value, key: &str) -> impl Iterator<Item = &'v Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn tags(value: &Value) -> Vec<(String, Template)> {
    list(value, "Tags")
        .filter_map(|t| {
            let key = t.get("Key")?.as_str()?;
            let value = t.get("Value")?.as_str()?;
            Some((key.to_owned(), Template::literal(value)))
        })
        .collect()
}

/// Paths of the roles AWS creates and manages itself, which a template cannot declare.
const AWS_OWNED_PATHS: &[(&str, &str)] = &[
    (
        "/aws-service-role/",
        "a service-linked role, which its service creates",
    ),
    (
        "/aws-reserved/",
        "a role IAM Identity Center creates for a permission set",
    ),
];

/// `aws iam get-account-authorization-details`: roles, and the customer managed policies (with
/// their default version's document). AWS managed policies are named, not copied; users and
/// groups are not roles.
fn authorization_details(value: &Value, found: &mut Found) {
    let mut arns = Vec::new();
    for (i, policy) in list(value, "Policies").enumerate() {
        let arn = policy
            .get("Arn")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if arn.contains(":iam::aws:policy/") {
            continue;
        }
        let name = policy
            .get("PolicyName")
            .and_then(Value::as_str)
            .unwrap_or("Policy");
        let place = place(format!("Policies[{i}]"));
        let Some(document) = list(policy, "PolicyVersionList")
            .find(|v| v.get("IsDefaultVersion").and_then(Value::as_bool) == Some(true))
            .and_then(|v| v.get("Document"))
        else {
            found.notes.push(Note {
                place,
                kind: NoteKind::Skipped,
                message: format!("the policy `{name}` has no default version here; it is left out"),
            });
            continue;
        };
        arns.push((arn.to_owned(), name.to_owned()));
        found.policies.push(PolicyIn {
            ident: name.to_owned(),
            name: Some(Template::literal(name)),
            description: text(policy.get("Description")).filter(|d| !d.0.is_empty()),
            path: text(policy.get("Path")),
            document: tv(document),
            tags: tags(policy),
            place,
        });
    }
    for (i, role) in list(value, "RoleDetailList").enumerate() {
        let place = place(format!("RoleDetailList[{i}]"));
        let path = role.get("Path").and_then(Value::as_str).unwrap_or("/");
        if let Some(owner) = AWS_OWNED_PATHS.iter().find(|(p, _)| path.starts_with(p)) {
            let name = role
                .get("RoleName")
                .and_then(Value::as_str)
                .unwrap_or_default();
            found.notes.push(Note {
                place,
                kind: NoteKind::Skipped,
                message: format!("`{name}` is {}; it is left out", owner.1),
            });
            continue;
        }
        let role = role_detail(role, place, &arns, &mut found.notes);
        found.roles.push(role);
    }
    for key in ["UserDetailList", "GroupDetailList"] {
        let count = list(value, key).count();
        if count > 0 {
            found.notes.push(Note {
                place: place(key),
                kind: NoteKind::Skipped,
                message: format!(
                    "{count} entries of `{key}` are left out: the DSL declares roles and policies"
                ),
            });
        }
    }
}

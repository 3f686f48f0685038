//! Trust policies into `trust(...)`: one per principal form a statement names, each principal in
//! the DSL's words (`account` for an account's root, `oidc` by host for a provider of the account
//! deployed to), the default action and `external_id` left to the DSL.

use super::document::{Notes, actions, conditions, effect, sid, statements, templates};
use super::dsl::{Condition, PrincipalForm, Trust, Value};
use super::{NoteKind, Tv};
use crate::model::{Effect, Part, Pseudo, Template};

/// The statements of a trust policy: a `trust(...)` per principal form of each statement.
pub fn trust(document: &Tv, notes: &mut Notes) -> Vec<Trust> {
    statements(document, notes)
        .into_iter()
        .flat_map(|(at, s)| trust_statement(s, &at, notes))
        .collect()
}

fn trust_statement(statement: &Tv, at: &str, notes: &mut Notes) -> Vec<Trust> {
    let Some(effect) = effect(statement, at, notes) else {
        return Vec::new();
    };
    if effect == Effect::Deny {
        notes.push(
            at,
            NoteKind::Unexpressible,
            "this trust statement denies; the DSL's trust(...) allows only, so it is left out",
        );
        return Vec::new();
    }
    if statement.get("NotPrincipal").is_some() {
        notes.push(
            at,
            NoteKind::Unexpressible,
            "this trust statement has a `NotPrincipal`, which the DSL cannot write; it is left out",
        );
        return Vec::new();
    }
    let Some(principal) = statement.get("Principal") else {
        notes.push(
            at,
            NoteKind::Unexpressible,
            "this trust statement has no `Principal`, which IAM refuses; it is left out",
        );
        return Vec::new();
    };
    for key in ["Resource", "NotResource"] {
        if statement.get(key).is_some() {
            notes.push(&format!("{at}.{key}"), NoteKind::Changed, format!("a trust statement has no `{key}` (IAM refuses it in a role's trust policy); it is left out"));
        }
    }
    let Some((actions, not_actions)) = actions(statement, at, notes) else {
        return Vec::new();
    };
    if not_actions {
        notes.push(at, NoteKind::Unexpressible, "this trust statement has a `NotAction`, which the DSL's trust(...) cannot write; it is left out");
        return Vec::new();
    }
    let (external_id, conditions) = external_id(conditions(statement, at, notes));
    let reading = Federation {
        saml: actions
            .iter()
            .any(|a| a.eq_ignore_ascii_case("sts:AssumeRoleWithSAML")),
        host_fields: host_fields(&conditions),
    };
    let groups = principals(principal, &format!("{at}.Principal"), &reading, notes);
    let sid = sid(statement, at, notes);
    if groups.len() > 1 {
        let forms: Vec<&str> = groups.iter().map(|(form, _)| form.arg()).collect();
        let renamed = if sid.is_some() {
            "; each after the first has its `Sid` numbered"
        } else {
            ""
        };
        notes.push(at, NoteKind::Changed, format!("this statement names principals of {} kinds ({}); it is written as one trust(...) for each, which IAM reads the same{renamed}", groups.len(), forms.join(", ")));
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(i, (principal, values))| {
            let default = principal.default_action();
            let actions = match actions.as_slice() {
                [one] if one.eq_ignore_ascii_case(default) => None,
                _ => Some(actions.clone()),
            };
            Trust {
                principal,
                values,
                actions,
                external_id: external_id.clone(),
                conditions: conditions.clone(),
                sid: sid.as_ref().map(|s| {
                    if i == 0 {
                        s.clone()
                    } else {
                        format!("{s}{}", i + 1)
                    }
                }),
            }
        })
        .collect()
}

/// `StringEquals {"sts:ExternalId": "..."}` with one value is the DSL's `external_id`.
fn external_id(mut conditions: Vec<Condition>) -> (Option<Template>, Vec<Condition>) {
    let at = conditions.iter().position(|c| {
        c.set.is_none()
            && c.operator == "StringEquals"
            && c.key == "sts:ExternalId"
            && matches!(c.values.as_slice(), [Value::Str(_)])
    });
    let Some(at) = at else {
        return (None, conditions);
    };
    let condition = conditions.remove(at);
    let Some(Value::Str(value)) = condition.values.into_iter().next() else {
        unreachable!("matched above")
    };
    (Some(value), conditions)
}

/// The principals of a trust statement, grouped by the DSL argument that writes them, in the
/// order first written.
fn principals(
    principal: &Tv,
    at: &str,
    reading: &Federation,
    notes: &mut Notes,
) -> Vec<(PrincipalForm, Vec<Template>)> {
    let mut groups: Vec<(PrincipalForm, Vec<Template>)> = Vec::new();
    let mut add =
        |form: PrincipalForm, value: Template| match groups.iter_mut().find(|(f, _)| *f == form) {
            Some((_, values)) => values.push(value),
            None => groups.push((form, vec![value])),
        };
    if let Some(text) = principal.as_template() {
        if *text == "*" {
            notes.push(at, NoteKind::Changed, "`\"Principal\": \"*\"` is written `arn = \"*\"`, `{\"AWS\": \"*\"}`, which IAM reads the same");
            add(PrincipalForm::Arn, text.clone());
        } else {
            notes.push(at, NoteKind::Unexpressible, format!("`Principal` is the text `{text}`; IAM takes only `*` or an object of principals; it is left out"));
        }
        return groups;
    }
    let Tv::Map(kinds) = principal else {
        notes.push(
            at,
            NoteKind::Unexpressible,
            "`Principal` is not an object of principals; it is left out",
        );
        return groups;
    };
    for (kind, values) in kinds {
        let at = format!("{at}.{kind}");
        let values = templates(values, &at, notes);
        match kind.as_plain().as_deref() {
            Some("Service") => values.into_iter().for_each(|v| add(PrincipalForm::Service, v)),
            Some("AWS") => {
                let form = if values.iter().all(|v| account_id(v).is_some()) {
                    PrincipalForm::Account
                } else {
                    PrincipalForm::Arn
                };
                for value in values {
                    let value = match form {
                        PrincipalForm::Account => account_id(&value).unwrap_or(value),
                        _ => bare_account_as_root(value),
                    };
                    add(form, value);
                }
            }
            Some("Federated") => {
                for value in values {
                    let (form, value) = federated(value, reading);
                    add(form, value);
                }
            }
            _ => notes.push(&at, NoteKind::Unexpressible, format!("principals of kind `{kind}` cannot be written in a trust(...); they are left out")),
        }
    }
    groups
}

/// The account of `123456789012` or `arn:{partition}:iam::123456789012:root`, which the DSL
/// writes `account = "123456789012"`. A literal partition stays in an `arn`: the DSL's
/// `account` follows the partition deployed to.
fn account_id(value: &Template) -> Option<Template> {
    if let Some(text) = value.as_plain() {
        return is_account_id(&text).then(|| value.clone());
    }
    match value.0.as_slice() {
        [
            Part::Text(arn),
            Part::Pseudo(Pseudo::Partition),
            Part::Text(rest),
        ] if arn == "arn:" => {
            let id = rest.strip_prefix(":iam::")?.strip_suffix(":root")?;
            is_account_id(id).then(|| Template::literal(id))
        }
        [
            Part::Text(arn),
            Part::Pseudo(Pseudo::Partition),
            Part::Text(iam),
            id @ (Part::Field(_) | Part::Pseudo(Pseudo::AccountId)),
            Part::Text(root),
        ] if arn == "arn:" && iam == ":iam::" && root == ":root" => {
            Some(Template(vec![id.clone()]))
        }
        _ => None,
    }
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Beside ARNs, an account id is written as the root ARN IAM reads it as.
fn bare_account_as_root(value: Template) -> Template {
    match value.as_plain() {
        Some(text) if is_account_id(&text) => Template(vec![
            Part::Text("arn:".into()),
            Part::Pseudo(Pseudo::Partition),
            Part::Text(format!(":iam::{text}:root")),
        ]),
        _ => value,
    }
}

/// What tells how the DSL reads a `Federated` principal.
struct Federation {
    /// The statement assumes the role with SAML.
    saml: bool,
    /// The fields its condition keys use as an OIDC host: `{provider}:sub`.
    host_fields: Vec<String>,
}

fn host_fields(conditions: &[Condition]) -> Vec<String> {
    conditions
        .iter()
        .filter_map(|c| match c.key.0.as_slice() {
            [Part::Field(field), Part::Text(claim)] if claim.starts_with(':') => {
                Some(field.clone())
            }
            _ => None,
        })
        .collect()
}

/// A `Federated` principal: an OIDC provider of the account deployed to is written by its host,
/// a built-in web identity provider by its name, any other provider by its ARN. A parameter
/// standing for the whole principal is a SAML provider when the statement assumes with SAML.
fn federated(value: Template, reading: &Federation) -> (PrincipalForm, Template) {
    if value.to_string().contains(":saml-provider/") || (reading.saml && is_whole(&value)) {
        return (PrincipalForm::Saml, value);
    }
    // arn: {partition} :iam:: {account_id} :oidc-provider/HOST
    if let [Part::Text(a), Part::Pseudo(Pseudo::Partition), Part::Text(b), Part::Pseudo(Pseudo::AccountId), Part::Text(c), rest @ ..] =
        value.0.as_slice()
        && a == "arn:"
        && b == ":iam::"
        && let Some(head) = c.strip_prefix(":oidc-provider/")
        && !(head.is_empty() && rest.is_empty())
        // `oidc = "{field}"` is a host only when a condition key uses it as one (`{field}:sub`).
        && (!head.is_empty() || reading.host_fields.iter().any(|f| rest == [Part::Field(f.clone())]))
    {
        let host: Template = std::iter::once(Part::Text(head.to_owned()))
            .chain(rest.iter().cloned())
            .collect();
        return (PrincipalForm::Oidc, host);
    }
    (PrincipalForm::Oidc, value)
}

fn is_whole(value: &Template) -> bool {
    matches!(value.0.as_slice(), [Part::Field(_) | Part::List(_)])
}

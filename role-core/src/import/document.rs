//! Policy documents, as a reader resolved them, into `trust(...)`, `allow(...)` and `deny(...)`:
//! each statement in the form a user would write, and a note for each part the DSL cannot say.

use super::dsl::{Condition, PrincipalForm, Statement, Trust, Value};
use super::{Note, NoteKind, Place, Tv};
use crate::model::{Effect, Part, Pseudo, Template};

/// Collects the notes of one document, each at its place.
pub struct Notes<'a> {
    pub place: Place,
    pub notes: &'a mut Vec<Note>,
}

impl Notes<'_> {
    fn at(&self, suffix: &str) -> Place {
        Place {
            path: format!("{}{suffix}", self.place.path),
            ..self.place.clone()
        }
    }

    fn push(&mut self, suffix: &str, kind: NoteKind, message: impl Into<String>) {
        let place = self.at(suffix);
        self.notes.push(Note {
            place,
            kind,
            message: message.into(),
        });
    }
}

const DOCUMENT_KEYS: &[&str] = &["Version", "Id", "Statement"];

/// The statements of a document, each with the suffix of its place (`.Statement[2]`), after
/// noting what the document itself holds beyond them.
fn statements<'t>(document: &'t Tv, notes: &mut Notes) -> Vec<(String, &'t Tv)> {
    let Tv::Map(entries) = document else {
        notes.push(
            "",
            NoteKind::Unexpressible,
            "this policy document is not a JSON object",
        );
        return Vec::new();
    };
    for (key, _) in entries {
        let key = key.to_string();
        if !DOCUMENT_KEYS.contains(&key.as_str()) {
            notes.push(
                "",
                NoteKind::Unexpressible,
                format!("`{key}` is not an element of a policy document; it is left out"),
            );
        }
    }
    let statements: Vec<(String, &Tv)> = match document.get("Statement") {
        None => Vec::new(),
        Some(Tv::List(items)) => items
            .iter()
            .enumerate()
            .map(|(i, s)| (format!(".Statement[{i}]"), s))
            .collect(),
        Some(single) => vec![(".Statement".to_owned(), single)],
    };
    version(document, &statements, notes);
    if document.get("Id").is_some() {
        notes.push(
            ".Id",
            NoteKind::Changed,
            "the document's `Id` is left out: IAM does not read it",
        );
    }
    statements
}

/// The DSL writes the 2012-10-17 language. Under 2008-10-17 (or no `Version`), `${...}` is text,
/// not a policy variable.
fn version(document: &Tv, statements: &[(String, &Tv)], notes: &mut Notes) {
    let version = document
        .get("Version")
        .and_then(Tv::scalar)
        .map(|v| v.to_string());
    if version.as_deref() == Some("2012-10-17") {
        return;
    }
    let has_vars = statements.iter().any(|(_, s)| mentions_var(s));
    let written = version.map_or("no `Version`".to_owned(), |v| format!("`Version` {v}"));
    if has_vars {
        notes.push(
            ".Version",
            NoteKind::Unexpressible,
            format!("the document has {written}, under which `${{...}}` is text; the DSL writes the 2012-10-17 language, where it is a policy variable"),
        );
    } else {
        notes.push(
            ".Version",
            NoteKind::Changed,
            format!("the document has {written}; it is written in the 2012-10-17 language, which reads it the same"),
        );
    }
}

fn mentions_var(value: &Tv) -> bool {
    match value {
        Tv::Str(t) => t.has_vars(),
        Tv::List(items) => items.iter().any(mentions_var),
        Tv::Map(entries) => entries.iter().any(|(k, v)| k.has_vars() || mentions_var(v)),
        _ => false,
    }
}

/// The statements of a permissions document (inline or managed): `allow(...)` / `deny(...)`.
pub fn permissions(document: &Tv, notes: &mut Notes) -> Vec<Statement> {
    statements(document, notes)
        .into_iter()
        .filter_map(|(at, s)| permission(s, &at, notes))
        .collect()
}

fn permission(statement: &Tv, at: &str, notes: &mut Notes) -> Option<Statement> {
    let effect = effect(statement, at, notes)?;
    for key in ["Principal", "NotPrincipal"] {
        if statement.get(key).is_some() {
            notes.push(at, NoteKind::Unexpressible, format!("this statement of a permissions policy has a `{key}`, which only resource-based policies have; it is left out"));
            return None;
        }
    }
    let (actions, not_actions) = actions(statement, at, notes)?;
    let (resources, not_resources) = match (statement.get("Resource"), statement.get("NotResource"))
    {
        (Some(r), None) => (templates(r, &format!("{at}.Resource"), notes), false),
        (None, Some(r)) => (templates(r, &format!("{at}.NotResource"), notes), true),
        _ => {
            notes.push(at, NoteKind::Unexpressible, "this statement has neither `Resource` nor `NotResource` (or has both), which IAM refuses; it is left out");
            return None;
        }
    };
    Some(Statement {
        effect,
        actions,
        not_actions,
        resources,
        not_resources,
        conditions: conditions(statement, at, notes),
        sid: sid(statement, at, notes),
    })
}

fn effect(statement: &Tv, at: &str, notes: &mut Notes) -> Option<Effect> {
    if !matches!(statement, Tv::Map(_)) {
        notes.push(
            at,
            NoteKind::Unexpressible,
            "this statement is not a JSON object; it is left out",
        );
        return None;
    }
    match statement
        .get("Effect")
        .and_then(Tv::scalar)
        .and_then(|e| e.as_plain())
        .as_deref()
    {
        Some("Allow") => Some(Effect::Allow),
        Some("Deny") => Some(Effect::Deny),
        other => {
            let what = other.map_or("no `Effect`".to_owned(), |e| format!("`Effect` `{e}`"));
            notes.push(at, NoteKind::Unexpressible, format!("this statement has {what}, which IAM refuses (it is `Allow` or `Deny`); it is left out"));
            None
        }
    }
}

/// `Action` (`false`) or `NotAction` (`true`), and the actions.
fn actions(statement: &Tv, at: &str, notes: &mut Notes) -> Option<(Vec<String>, bool)> {
    let (value, not, key) = match (statement.get("Action"), statement.get("NotAction")) {
        (Some(a), None) => (a, false, "Action"),
        (None, Some(a)) => (a, true, "NotAction"),
        _ => {
            notes.push(at, NoteKind::Unexpressible, "this statement has neither `Action` nor `NotAction` (or has both), which IAM refuses; it is left out");
            return None;
        }
    };
    let list = templates(value, &format!("{at}.{key}"), notes)
        .into_iter()
        .map(|t| match t.as_plain() {
            Some(plain) => plain,
            None => {
                notes.push(
                    &format!("{at}.{key}"),
                    NoteKind::Unexpressible,
                    format!(
                        "the action `{t}` is made of parameters; the DSL names actions literally"
                    ),
                );
                t.to_string()
            }
        })
        .collect();
    Some((list, not))
}

/// A string or a list of strings, as templates. Numbers and booleans are their text.
fn templates(value: &Tv, at: &str, notes: &mut Notes) -> Vec<Template> {
    let mut out = Vec::new();
    for item in value.items() {
        match item.scalar() {
            Some(t) => out.push(t),
            None => notes.push(
                at,
                NoteKind::Unexpressible,
                "a value here is not a string; it is left out",
            ),
        }
    }
    out
}

fn sid(statement: &Tv, at: &str, notes: &mut Notes) -> Option<String> {
    let sid = statement.get("Sid")?.scalar()?;
    match sid.as_plain() {
        Some(text) if text.is_empty() => None,
        Some(text) => Some(text),
        None => {
            notes.push(
                &format!("{at}.Sid"),
                NoteKind::Changed,
                format!(
                    "the `Sid` `{sid}` is made of parameters; it is left out (IAM does not read it)"
                ),
            );
            None
        }
    }
}

/// The `Condition` element: one DSL condition per operator and key, in the order written.
fn conditions(statement: &Tv, at: &str, notes: &mut Notes) -> Vec<Condition> {
    let Some(block) = statement.get("Condition") else {
        return Vec::new();
    };
    let at = format!("{at}.Condition");
    let Tv::Map(operators) = block else {
        notes.push(
            &at,
            NoteKind::Unexpressible,
            "`Condition` is not a JSON object; it is left out",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (operator, keys) in operators {
        let at = format!("{at}.{operator}");
        let Some(operator) = operator.as_plain() else {
            notes.push(
                &at,
                NoteKind::Unexpressible,
                "a condition operator made of parameters cannot be written; it is left out",
            );
            continue;
        };
        let (set, operator) = match operator.split_once(':') {
            Some((set, op)) => (Some(set.to_owned()), op.to_owned()),
            None => (None, operator),
        };
        let Tv::Map(keys) = keys else {
            notes.push(
                &at,
                NoteKind::Unexpressible,
                "this condition operator does not hold a JSON object of keys; it is left out",
            );
            continue;
        };
        for (key, values) in keys {
            let at = format!("{at}.{key}");
            let values = condition_values(values, &at, notes);
            if values.is_empty() {
                notes.push(&at, NoteKind::Unexpressible, "this condition key has no value, and the DSL writes a key with at least one; it is left out");
                continue;
            }
            out.push(Condition {
                set: set.clone(),
                operator: operator.clone(),
                key: key.clone(),
                values,
            });
        }
    }
    out
}

fn condition_values(values: &Tv, at: &str, notes: &mut Notes) -> Vec<Value> {
    let mut out = Vec::new();
    for value in values.items() {
        match value {
            Tv::Str(t) => out.push(Value::Str(t.clone())),
            Tv::Bool(b) => out.push(Value::Bool(*b)),
            Tv::Number(n) if n.is_i64() || n.is_u64() => out.push(Value::Int(n.to_string())),
            Tv::Number(n) => out.push(Value::Str(Template::literal(n.to_string()))),
            Tv::Null | Tv::List(_) | Tv::Map(_) => notes.push(
                at,
                NoteKind::Unexpressible,
                "a condition value here is not a string, number or boolean; it is left out",
            ),
        }
    }
    out
}

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

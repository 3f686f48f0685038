//! A policy document read once into the form the evaluator matches against: every string that
//! IAM matches compiled to a [`Pattern`], every condition to its operator. Reading is strict
//! about shape (a statement needs an `Effect` and an action element) and lenient about what
//! IAM itself would only have refused at write time: an unknown operator matches nothing.

use serde_json::Value;

use crate::SimulationError;
use crate::condition::Condition;
use crate::pattern::{Pattern, Syntax};

#[derive(Debug, Clone)]
pub(crate) struct Policy {
    pub name: Option<String>,
    pub statements: Vec<Statement>,
    /// For each service prefix that an `Action` names, the statements that name it, in order:
    /// a request reads only the statements that can match its action.
    by_service: Vec<(Box<str>, Vec<usize>)>,
    /// The statements that may match any service (`*`, `NotAction`), in order.
    any_service: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Statement {
    pub index: usize,
    pub sid: Option<String>,
    pub allow: bool,
    pub actions: Negatable<Vec<ActionPattern>>,
    /// `None`: no resource element (a trust policy), which matches every resource.
    pub resources: Option<Negatable<Vec<ResourcePattern>>>,
    /// `None`: no principal element (an identity policy).
    pub principals: Option<Negatable<Vec<PrincipalEntry>>>,
    pub conditions: Vec<Condition>,
}

/// An element and whether it was written as its `Not` form.
#[derive(Debug, Clone)]
pub(crate) struct Negatable<T> {
    pub negated: bool,
    pub items: T,
}

#[derive(Debug, Clone)]
pub(crate) enum ActionPattern {
    All,
    /// The service prefix in lowercase and the action name's pattern (matched ignoring case).
    Service(Box<str>, Pattern),
    /// Not `service:action` (or blank): matches no request.
    Never,
}

#[derive(Debug, Clone)]
pub(crate) enum ResourcePattern {
    All,
    /// The six fields of an ARN pattern: partition, service, region, account, then the rest,
    /// each matched on its own, as IAM does.
    Arn(Box<[Pattern; 5]>),
    /// Not an ARN, nor `*`: matches nothing.
    Never,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PrincipalEntry {
    Anyone,
    /// A whole account, written as its id or its `:root` ARN.
    Account(String),
    /// An IAM ARN: a role, a user, an assumed-role session.
    Arn(String),
    Service(String),
    Federated(String),
    CanonicalUser(String),
}

/// What kind of policy a document is: it decides which elements it must and must not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Identity,
    Resource,
}

impl Policy {
    pub fn read(
        name: Option<&str>,
        document: &Value,
        kind: Kind,
        label: &str,
    ) -> Result<Policy, SimulationError> {
        let where_ = || match name {
            Some(name) => format!("{label} `{name}`"),
            None => label.to_string(),
        };
        let document = match document {
            // Tools hand documents over as JSON text as often as as objects.
            Value::String(text) => &serde_json::from_str::<Value>(text)
                .map_err(|e| error(format!("{} is not JSON: {e}", where_())))?,
            other => other,
        };
        let Some(object) = document.as_object() else {
            return Err(error(format!(
                "{} is not a policy document (a JSON object)",
                where_()
            )));
        };
        // Only the current version of the policy language reads policy variables; a document
        // without `Version` is of the earlier one.
        let variables = object.get("Version").and_then(Value::as_str) == Some("2012-10-17");
        let statements = match object.get("Statement") {
            Some(Value::Array(list)) => list.iter().collect::<Vec<_>>(),
            Some(one @ Value::Object(_)) => vec![one],
            Some(_) => {
                return Err(error(format!(
                    "{}: `Statement` is not a list of statements",
                    where_()
                )));
            }
            None => return Err(error(format!("{} has no `Statement`", where_()))),
        };
        let statements = statements
            .into_iter()
            .enumerate()
            .map(|(index, s)| {
                Statement::read(index, s, kind, variables)
                    .map_err(|message| error(format!("{}, statement {index}: {message}", where_())))
            })
            .collect::<Result<_, _>>()?;
        Ok(Policy::indexed(name.map(str::to_string), statements))
    }

    fn indexed(name: Option<String>, statements: Vec<Statement>) -> Policy {
        let mut by_service: Vec<(Box<str>, Vec<usize>)> = Vec::new();
        let mut any_service = Vec::new();
        for (at, statement) in statements.iter().enumerate() {
            let Some(services) = statement.services() else {
                any_service.push(at);
                continue;
            };
            for service in services {
                match by_service.binary_search_by(|(s, _)| (**s).cmp(service)) {
                    Ok(found) if by_service[found].1.last() != Some(&at) => {
                        by_service[found].1.push(at)
                    }
                    Ok(_) => {}
                    Err(slot) => by_service.insert(slot, (service.into(), vec![at])),
                }
            }
        }
        Policy {
            name,
            statements,
            by_service,
            any_service,
        }
    }

    /// The statements that may apply to an action of `service` (in lowercase), in order.
    pub fn candidates<'p>(&'p self, service: &str) -> impl Iterator<Item = &'p Statement> + 'p {
        let named: &[usize] = match self
            .by_service
            .binary_search_by(|(s, _)| (**s).cmp(service))
        {
            Ok(found) => &self.by_service[found].1,
            Err(_) => &[],
        };
        Merged {
            a: named,
            b: &self.any_service,
        }
        .map(|at| &self.statements[at])
    }
}

/// Two ascending lists of statement indices, merged in order.
struct Merged<'a> {
    a: &'a [usize],
    b: &'a [usize],
}

impl Iterator for Merged<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let take_a = match (self.a.first(), self.b.first()) {
            (Some(a), Some(b)) => a < b,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        let list = if take_a { &mut self.a } else { &mut self.b };
        let (first, rest) = list.split_first()?;
        *list = rest;
        Some(*first)
    }
}

impl Statement {
    fn read(index: usize, value: &Value, kind: Kind, variables: bool) -> Result<Statement, String> {
        let object = value.as_object().ok_or("not an object")?;
        let allow = match object.get("Effect").and_then(Value::as_str) {
            Some("Allow") => true,
            Some("Deny") => false,
            Some(other) => return Err(format!("`Effect` is `{other}`, not `Allow` or `Deny`")),
            None => return Err("no `Effect`".into()),
        };
        let actions = negatable(object, "Action", "NotAction")?
            .ok_or("no `Action` nor `NotAction`")?
            .map(|list| strings(list, "Action"))?
            .map_items(|items| items.iter().map(|a| action(a)).collect());
        let resources = negatable(object, "Resource", "NotResource")?
            .map(|e| e.map(|list| strings(list, "Resource")))
            .transpose()?
            .map(|e| e.map_items(|items| items.iter().map(|r| resource(r, variables)).collect()));
        let principals = negatable(object, "Principal", "NotPrincipal")?
            .map(|e| e.map(principals))
            .transpose()?;
        if kind == Kind::Identity && principals.is_some() {
            return Err("an identity-based policy takes no `Principal`".into());
        }
        let conditions = match object.get("Condition") {
            None => Vec::new(),
            Some(value) => Condition::read_block(value, variables)?,
        };
        let sid = object
            .get("Sid")
            .and_then(Value::as_str)
            .map(str::to_string);
        Ok(Statement {
            index,
            sid,
            allow,
            actions,
            resources,
            principals,
            conditions,
        })
    }
}

impl Statement {
    /// The service prefixes this statement's `Action` can match; `None` for any service.
    fn services(&self) -> Option<Vec<&str>> {
        if self.actions.negated {
            return None;
        }
        let mut services = Vec::new();
        for action in &self.actions.items {
            match action {
                ActionPattern::All => return None,
                ActionPattern::Service(service, _) => services.push(&**service),
                ActionPattern::Never => {}
            }
        }
        Some(services)
    }
}

impl<T> Negatable<T> {
    fn map<U, E>(self, f: impl FnOnce(T) -> Result<U, E>) -> Result<Negatable<U>, E> {
        Ok(Negatable {
            negated: self.negated,
            items: f(self.items)?,
        })
    }

    fn map_items<U>(self, f: impl FnOnce(T) -> U) -> Negatable<U> {
        Negatable {
            negated: self.negated,
            items: f(self.items),
        }
    }
}

fn negatable<'v>(
    object: &'v serde_json::Map<String, Value>,
    name: &str,
    not_name: &str,
) -> Result<Option<Negatable<&'v Value>>, String> {
    match (object.get(name), object.get(not_name)) {
        (Some(_), Some(_)) => Err(format!("both `{name}` and `{not_name}`")),
        (Some(v), None) => Ok(Some(Negatable {
            negated: false,
            items: v,
        })),
        (None, Some(v)) => Ok(Some(Negatable {
            negated: true,
            items: v,
        })),
        (None, None) => Ok(None),
    }
}

/// A string or a list of strings, as every IAM element may be written.
pub(crate) fn strings(value: &Value, element: &str) -> Result<Vec<String>, String> {
    match value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!("`{element}` holds {other}, not a string")),
            })
            .collect(),
        other => Err(format!(
            "`{element}` is {other}, not a string or a list of strings"
        )),
    }
}

fn action(text: &str) -> ActionPattern {
    if text == "*" {
        return ActionPattern::All;
    }
    match text.split_once(':') {
        Some((service, name)) if !name.is_empty() && !name.chars().any(char::is_whitespace) => {
            ActionPattern::Service(
                service.to_ascii_lowercase().into(),
                Pattern::new(name, Syntax::GLOB),
            )
        }
        _ => ActionPattern::Never,
    }
}

fn resource(text: &str, variables: bool) -> ResourcePattern {
    if text == "*" {
        return ResourcePattern::All;
    }
    let mut fields = arn_fields(text);
    if fields[0] != "arn" {
        return ResourcePattern::Never;
    }
    if fields.len() < 6 {
        // IAM refuses an ARN of fewer than six fields unless a wildcard ends it, which then
        // stands for the fields left out (`arn:aws:s3*`).
        if !text.ends_with('*') {
            return ResourcePattern::Never;
        }
        fields.resize(6, "*");
    }
    let syntax = Syntax::GLOB_AND_VARIABLES.in_version(variables);
    let field = |i: usize| Pattern::new(fields[i], syntax);
    ResourcePattern::Arn(Box::new([field(1), field(2), field(3), field(4), field(5)]))
}

fn principals(value: &Value) -> Result<Vec<PrincipalEntry>, String> {
    match value {
        Value::String(s) if s == "*" => Ok(vec![PrincipalEntry::Anyone]),
        Value::Object(map) => {
            let mut out = Vec::new();
            for (kind, ids) in map {
                for id in strings(ids, "Principal")? {
                    out.push(match kind.as_str() {
                        "AWS" => aws_principal(id),
                        "Service" => PrincipalEntry::Service(id),
                        "Federated" => PrincipalEntry::Federated(id),
                        "CanonicalUser" => PrincipalEntry::CanonicalUser(id),
                        other => return Err(format!("unknown principal type `{other}`")),
                    });
                }
            }
            Ok(out)
        }
        other => Err(format!("`Principal` is {other}, not `*` or an object")),
    }
}

fn aws_principal(id: String) -> PrincipalEntry {
    if id == "*" {
        return PrincipalEntry::Anyone;
    }
    if is_account_id(&id) {
        return PrincipalEntry::Account(id);
    }
    let fields: Vec<&str> = id.split(':').collect();
    if fields.len() == 6
        && fields[0] == "arn"
        && fields[2] == "iam"
        && fields[5] == "root"
        && is_account_id(fields[4])
    {
        return PrincipalEntry::Account(fields[4].to_string());
    }
    PrincipalEntry::Arn(id)
}

/// An ARN pattern's fields: at most six, the last holding the rest; a `:` inside a policy
/// variable (`${aws:PrincipalAccount}`) does not split.
pub(crate) fn arn_fields(text: &str) -> Vec<&str> {
    let mut fields = Vec::with_capacity(6);
    let (mut start, mut depth) = (0, false);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && fields.len() < 5 {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => depth = true,
            b'}' => depth = false,
            b':' if !depth => {
                fields.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    fields.push(&text[start..]);
    fields
}

/// A request's ARN in its fields after `arn`: partition, service, region, account, and the
/// rest (which may hold more colons). `None` for what is not an ARN.
pub(crate) fn split_arn(text: &str) -> Option<[&str; 5]> {
    let rest = text.strip_prefix("arn:")?;
    let mut fields = [""; 5];
    let mut start = 0;
    for field in fields.iter_mut().take(4) {
        let colon = rest.as_bytes()[start..].iter().position(|&b| b == b':')?;
        *field = &rest[start..start + colon];
        start += colon + 1;
    }
    fields[4] = &rest[start..];
    Some(fields)
}

pub(crate) fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

fn error(message: String) -> SimulationError {
    SimulationError { message }
}

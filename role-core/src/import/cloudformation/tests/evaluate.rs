//! CloudFormation's intrinsics evaluated as CloudFormation would, with each parameter at its
//! default (a made-up value where it has none), in one made-up deployment: what the template
//! itself gives. Kept apart from the reader on purpose: it evaluates the template's JSON, where
//! the reader turns it into templates.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::super::StandIn;
use super::super::node::{self, Node};
use crate::env::{Env, Missing};
use crate::import::{Found, Input, Tv};
use crate::model::{ParamKind, Template};

const PARTITION: &str = "aws";
const ACCOUNT: &str = "123456789012";
const REGION: &str = "eu-west-1";

/// The template with its parameters' values, in the made-up deployment.
struct Deployment<'t> {
    root: &'t Node,
    parameters: BTreeMap<String, Value>,
}

impl<'t> Deployment<'t> {
    fn new(root: &'t Node) -> Deployment<'t> {
        let mut parameters = BTreeMap::new();
        for (id, spec) in root
            .get("Parameters")
            .and_then(Node::entries)
            .unwrap_or_default()
        {
            let id = id.as_str().unwrap();
            let list = spec
                .get("Type")
                .and_then(Node::as_str)
                .is_some_and(|t| t == "CommaDelimitedList" || t.starts_with("List<"));
            let value = match (spec.get("Default").and_then(Node::scalar_text), list) {
                (Some(default), false) => Value::from(default),
                (Some(default), true) => Value::from(default.split(',').collect::<Vec<_>>()),
                (None, false) => Value::from(format!("example-{id}")),
                (None, true) => {
                    Value::from(vec![format!("example-{id}-1"), format!("example-{id}-2")])
                }
            };
            parameters.insert(id.to_owned(), value);
        }
        Deployment { root, parameters }
    }

    fn resource(&self, id: &str) -> Option<&'t Node> {
        self.root.get("Resources")?.get(id)
    }

    fn property(&self, id: &str, property: &str) -> Option<&'t Node> {
        self.resource(id)?.get("Properties")?.get(property)
    }

    fn text(&self, node: &Node) -> String {
        match self.eval(node) {
            Some(Value::String(text)) => text,
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            other => panic!("`{node:?}` gives {other:?}, not a string"),
        }
    }

    /// `node` evaluated; `None` where `AWS::NoValue` removes it.
    fn eval(&self, node: &Node) -> Option<Value> {
        if let Some((function, argument)) = node.intrinsic() {
            return self.call(function, argument);
        }
        Some(match node {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::Str(text) => Value::from(text.as_str()),
            Node::List(items) => items.iter().filter_map(|i| self.eval(i)).collect(),
            Node::Map(entries) => Value::Object(
                entries
                    .iter()
                    .filter_map(|(k, v)| Some((self.text(k), self.eval(v)?)))
                    .collect::<Map<_, _>>(),
            ),
        })
    }

    fn call(&self, function: &str, argument: &Node) -> Option<Value> {
        let arguments = argument.as_list().unwrap_or_default();
        Some(match function {
            "Ref" => return self.reference(argument.as_str().unwrap()),
            "Fn::Sub" => {
                let (text, variables) = match argument {
                    Node::Str(text) => (text.as_str(), None),
                    _ => (arguments[0].as_str().unwrap(), arguments.get(1)),
                };
                Value::from(self.sub(text, variables))
            }
            "Fn::Join" => {
                let delimiter = arguments[0].as_str().unwrap();
                let items = match self.eval(&arguments[1]) {
                    Some(Value::Array(items)) => items,
                    other => panic!("Fn::Join of {other:?}"),
                };
                let texts: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                Value::from(texts.join(delimiter))
            }
            "Fn::Select" => {
                let index: usize = self.text(&arguments[0]).parse().unwrap();
                match self.eval(&arguments[1]) {
                    Some(Value::Array(items)) => items[index].clone(),
                    other => panic!("Fn::Select of {other:?}"),
                }
            }
            "Fn::Split" => {
                let delimiter = arguments[0].as_str().unwrap();
                let text = self.text(&arguments[1]);
                text.split(delimiter).map(Value::from).collect()
            }
            "Fn::If" => {
                let chosen = if self.condition(arguments[0].as_str().unwrap()) {
                    &arguments[1]
                } else {
                    &arguments[2]
                };
                return self.eval(chosen);
            }
            "Fn::FindInMap" => {
                let map = self
                    .root
                    .get("Mappings")
                    .unwrap()
                    .get(arguments[0].as_str().unwrap())
                    .unwrap();
                let entry = map
                    .get(&self.text(&arguments[1]))
                    .unwrap()
                    .get(&self.text(&arguments[2]))
                    .unwrap();
                return self.eval(entry);
            }
            "Fn::GetAtt" => {
                let (id, attribute) = match argument {
                    Node::Str(text) => text.split_once('.').unwrap(),
                    _ => (
                        arguments[0].as_str().unwrap(),
                        arguments[1].as_str().unwrap(),
                    ),
                };
                Value::from(self.get_att(id, attribute))
            }
            "Fn::ImportValue" => Value::from(format!("«export {}»", self.text(argument))),
            "Fn::GetAZs" => Value::from(vec![
                format!("{REGION}a"),
                format!("{REGION}b"),
                format!("{REGION}c"),
            ]),
            other => Value::from(format!("«{other}»")),
        })
    }

    fn reference(&self, name: &str) -> Option<Value> {
        if let Some(value) = self.parameters.get(name) {
            return Some(value.clone());
        }
        Some(Value::from(match name {
            "AWS::NoValue" => return None,
            "AWS::Partition" => PARTITION.to_owned(),
            "AWS::AccountId" => ACCOUNT.to_owned(),
            "AWS::Region" => REGION.to_owned(),
            "AWS::URLSuffix" => "amazonaws.com".to_owned(),
            "AWS::StackName" => "example-stack".to_owned(),
            _ => {
                let resource_type = self
                    .resource(name)
                    .and_then(|r| r.get("Type"))
                    .and_then(Node::as_str);
                let named = |property| self.property(name, property).map(|n| self.text(n));
                let known = match resource_type {
                    Some("AWS::IAM::Role") => named("RoleName"),
                    Some("AWS::IAM::InstanceProfile") => named("InstanceProfileName"),
                    Some("AWS::IAM::ManagedPolicy") => {
                        self.arn(name, "policy", "ManagedPolicyName")
                    }
                    Some("AWS::IAM::OIDCProvider") => named("Url").map(|url| {
                        format!(
                            "arn:{PARTITION}:iam::{ACCOUNT}:oidc-provider/{}",
                            url.trim_start_matches("https://")
                        )
                    }),
                    _ => None,
                };
                known.unwrap_or_else(|| format!("«Ref {name}»"))
            }
        }))
    }

    fn get_att(&self, id: &str, attribute: &str) -> String {
        let resource_type = self
            .resource(id)
            .and_then(|r| r.get("Type"))
            .and_then(Node::as_str);
        let known = match (resource_type, attribute) {
            (Some("AWS::IAM::Role"), "Arn") => self.arn(id, "role", "RoleName"),
            (Some("AWS::IAM::ManagedPolicy"), "PolicyArn") => {
                self.arn(id, "policy", "ManagedPolicyName")
            }
            (Some("AWS::IAM::InstanceProfile"), "Arn") => {
                self.arn(id, "instance-profile", "InstanceProfileName")
            }
            _ => None,
        };
        known.unwrap_or_else(|| format!("«GetAtt {id}.{attribute}»"))
    }

    /// The ARN IAM gives a resource of the template that has a name.
    fn arn(&self, id: &str, kind: &str, name_property: &str) -> Option<String> {
        let name = self.text(self.property(id, name_property)?);
        let path = self
            .property(id, "Path")
            .map_or("/".to_owned(), |p| self.text(p));
        Some(format!("arn:{PARTITION}:iam::{ACCOUNT}:{kind}{path}{name}"))
    }

    fn sub(&self, text: &str, variables: Option<&Node>) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            if let Some(literal) = after.strip_prefix('!') {
                out.push_str("${");
                rest = literal;
                continue;
            }
            let end = after.find('}').unwrap();
            let name = &after[..end];
            let value = match variables.and_then(|v| v.get(name)) {
                Some(node) => self.text(node),
                None => match name.split_once('.') {
                    Some((id, attribute)) if !name.starts_with("AWS::") => {
                        self.get_att(id, attribute)
                    }
                    _ => match self.reference(name) {
                        Some(Value::String(text)) => text,
                        other => panic!("Fn::Sub of `{name}`: {other:?}"),
                    },
                },
            };
            out.push_str(&value);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    fn condition(&self, name: &str) -> bool {
        let expression = self.root.get("Conditions").unwrap().get(name).unwrap();
        self.holds(expression)
    }

    fn holds(&self, expression: &Node) -> bool {
        let (function, argument) = expression.condition_call().unwrap();
        let arguments = argument.as_list().unwrap_or_default();
        match function {
            "Fn::Equals" => self.eval(&arguments[0]) == self.eval(&arguments[1]),
            "Fn::Not" => !self.holds(&arguments[0]),
            "Fn::And" => arguments.iter().all(|c| self.holds(c)),
            "Fn::Or" => arguments.iter().any(|c| self.holds(c)),
            "Condition" => self.condition(argument.as_str().unwrap()),
            other => panic!("condition function {other}"),
        }
    }

    /// A policy document property as IAM gets it: the object, or the JSON text a `Fn::Sub`
    /// made.
    fn document(&self, node: &Node) -> Option<Value> {
        match self.eval(node)? {
            Value::String(text) => Some(serde_json::from_str(&text).unwrap()),
            other => Some(other),
        }
    }
}

/// The values the reader's fields take in the same deployment: a parameter's own value, and
/// for a stand-in what its expression gives.
fn env(deployment: &Deployment, found: &Found, stand_ins: &[StandIn]) -> Env {
    let mut env = Env {
        partition: PARTITION.to_owned(),
        account_id: Some(ACCOUNT.to_owned()),
        region: Some(REGION.to_owned()),
        ..Env::default()
    };
    // The reader gives the parameters' fields first, in the order written.
    let order: Vec<&str> = deployment
        .root
        .get("Parameters")
        .and_then(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter_map(|(id, _)| id.as_str())
        .collect();
    let mut values: Vec<(String, Value)> = order
        .iter()
        .zip(&found.fields)
        .map(|(id, field)| (field.name.clone(), deployment.parameters[*id].clone()))
        .collect();
    for stand_in in stand_ins {
        let value = deployment.eval(&stand_in.source).unwrap_or(Value::Null);
        values.push((stand_in.field.clone(), value));
    }
    for (field, value) in values {
        let kind = found.fields.iter().find(|f| f.name == field).unwrap().kind;
        match (kind, value) {
            (ParamKind::List, Value::Array(items)) => {
                let items = items
                    .iter()
                    .map(|i| i.as_str().unwrap().to_owned())
                    .collect();
                env.lists.insert(field, items);
            }
            (ParamKind::Text, Value::String(text)) => {
                env.values.insert(field, text);
            }
            (kind, value) => panic!("field `{field}` ({kind:?}) gets {value}"),
        }
    }
    env
}

fn resolve(template: &Template, env: &Env) -> String {
    let mut missing = Missing::default();
    let text = env.resolve(template, &mut missing);
    assert!(missing.0.is_empty(), "{template}: {missing}");
    text
}

/// A found value resolved; a list placeholder is the list, spread where it is an element.
fn resolve_value(value: &Tv, env: &Env) -> Value {
    match value {
        Tv::Null => Value::Null,
        Tv::Bool(b) => Value::Bool(*b),
        Tv::Number(n) => Value::Number(n.clone()),
        Tv::Str(template) => match template.list() {
            Some(list) => Value::from(env.lists[list].clone()),
            None => Value::from(resolve(template, env)),
        },
        Tv::List(items) => {
            let mut out = Vec::new();
            for item in items {
                match (item, resolve_value(item, env)) {
                    (Tv::Str(t), Value::Array(spread)) if t.list().is_some() => out.extend(spread),
                    (_, value) => out.push(value),
                }
            }
            Value::Array(out)
        }
        Tv::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (resolve(k, env), resolve_value(v, env)))
                .collect(),
        ),
    }
}

/// Panics, naming the role or policy, where a document or name the reader found resolves to
/// something else than the template gives.
pub(super) fn assert_equivalent(name: &str, input: &Input, found: &Found, stand_ins: &[StandIn]) {
    let root = node::parse(input).unwrap();
    let deployment = Deployment::new(&root);
    let env = env(&deployment, found, stand_ins);
    let resources = root.get("Resources").and_then(Node::entries).unwrap();
    for role in &found.roles {
        let id = role.ident.as_str();
        let here = format!("{name}: role {id}");
        if let Some(expected) = deployment.property(id, "RoleName") {
            assert_eq!(
                role.name.as_ref().map(|n| resolve(n, &env)),
                Some(deployment.text(expected)),
                "{here}: name"
            );
        }
        let trust =
            deployment.document(deployment.property(id, "AssumeRolePolicyDocument").unwrap());
        assert_eq!(
            role.trust.as_ref().map(|t| resolve_value(t, &env)),
            trust,
            "{here}: trust"
        );

        let mut inline = Vec::new();
        if let Some(policies) = deployment.property(id, "Policies") {
            for policy in policy_nodes(&deployment, policies) {
                inline.extend(deployment.document(policy.get("PolicyDocument").unwrap()));
            }
        }
        let reference = Node::Map(vec![(Node::Str("Ref".into()), Node::Str(id.into()))]);
        for (_, resource) in resources {
            let properties = resource.get("Properties");
            let attached = resource.get("Type").and_then(Node::as_str) == Some("AWS::IAM::Policy")
                && properties
                    .and_then(|p| p.get("Roles"))
                    .and_then(Node::as_list)
                    .is_some_and(|roles| roles.contains(&reference));
            if attached {
                inline.extend(
                    deployment.document(properties.unwrap().get("PolicyDocument").unwrap()),
                );
            }
        }
        let found_inline: Vec<Value> = role.inline.iter().map(|d| resolve_value(d, &env)).collect();
        assert_eq!(found_inline, inline, "{here}: inline policies");

        let mut expected_managed: Vec<Value> = match deployment
            .property(id, "ManagedPolicyArns")
            .and_then(|m| deployment.eval(m))
        {
            Some(Value::Array(arns)) => arns,
            Some(other) => panic!("{here}: ManagedPolicyArns {other}"),
            None => Vec::new(),
        };
        let mut found_managed: Vec<Value> = role
            .managed
            .iter()
            .map(|arn| resolve_value(&Tv::Str(arn.clone()), &env))
            .flat_map(|v| match v {
                Value::Array(items) => items,
                one => vec![one],
            })
            .chain(
                role.policies
                    .iter()
                    .map(|p| deployment.reference(p).unwrap()),
            )
            .collect();
        expected_managed.sort_by_key(Value::to_string);
        found_managed.sort_by_key(Value::to_string);
        assert_eq!(found_managed, expected_managed, "{here}: managed policies");
    }
    for policy in &found.policies {
        let id = policy.ident.as_str();
        let here = format!("{name}: policy {id}");
        let expected = deployment.document(deployment.property(id, "PolicyDocument").unwrap());
        assert_eq!(
            Some(resolve_value(&policy.document, &env)),
            expected,
            "{here}: document"
        );
        if let Some(expected) = deployment.property(id, "ManagedPolicyName") {
            assert_eq!(
                policy.name.as_ref().map(|n| resolve(n, &env)),
                Some(deployment.text(expected)),
                "{here}: name"
            );
        }
    }
}

/// The inline policy entries of a `Policies` property that the deployment keeps.
fn policy_nodes<'t>(deployment: &Deployment<'t>, node: &'t Node) -> Vec<&'t Node> {
    if let Some(("Fn::If", argument)) = node.intrinsic() {
        let arguments = argument.as_list().unwrap();
        let chosen = if deployment.condition(arguments[0].as_str().unwrap()) {
            &arguments[1]
        } else {
            &arguments[2]
        };
        return policy_nodes(deployment, chosen);
    }
    node.as_list()
        .unwrap_or_default()
        .iter()
        .filter(|item| deployment.eval(item).is_some())
        .collect()
}

//! The IAM policy document as JSON, shared by the formats that write documents in IAM's own
//! shape (raw IAM, CloudFormation). Each format says how it spells a [`Template`], a list of them
//! and a condition key.

use serde_json::{Map, Value};

use crate::model::{Document, Statement, Template};

/// How one format writes the strings of a document.
pub trait Spell {
    /// One string.
    fn value(&mut self, template: &Template) -> Value;
    /// A condition key: a map key, so always text.
    fn key(&mut self, template: &Template) -> String;
    /// A list of strings (resources, principals, condition values), in IAM's short form where
    /// it has one element. `what` names the list for messages.
    fn list(&mut self, templates: &[Template], what: &str) -> Value {
        let _ = what;
        one_or_many(templates.iter().map(|t| self.value(t)).collect())
    }
}

/// `{"Version": "2012-10-17", "Statement": [...]}`, each template spelled by `spell`.
pub fn document(doc: &Document, spell: &mut dyn Spell) -> Value {
    let statements = doc.statements.iter().map(|s| statement(s, spell)).collect();
    let mut out = Map::new();
    out.insert("Version".into(), Value::from(Document::VERSION));
    out.insert("Statement".into(), Value::Array(statements));
    Value::Object(out)
}

/// Keys in IAM's customary order: Sid, Effect, Principal, Action, Resource, Condition.
fn statement(statement: &Statement, spell: &mut dyn Spell) -> Value {
    let mut out = Map::new();
    if let Some(sid) = &statement.sid {
        out.insert("Sid".into(), Value::from(sid.as_str()));
    }
    out.insert("Effect".into(), Value::from(statement.effect.as_str()));
    if let Some(principal) = &statement.principal {
        let mut element = Map::new();
        element.insert(
            principal.kind.as_str().into(),
            spell.list(&principal.values, "the principals of a statement"),
        );
        out.insert("Principal".into(), Value::Object(element));
    }
    let actions = statement
        .actions
        .list()
        .iter()
        .map(|a| Value::from(a.as_str()))
        .collect();
    out.insert(statement.actions.key().into(), one_or_many(actions));
    if let Some(resources) = &statement.resources {
        out.insert(
            resources.key().into(),
            spell.list(resources.list(), "the resources of a statement"),
        );
    }
    if !statement.conditions.is_empty() {
        let mut condition = Map::new();
        for block in &statement.conditions {
            let mut keys = Map::new();
            for entry in &block.entries {
                let key = spell.key(&entry.key);
                let values = spell.list(&entry.values, "the values of a condition");
                keys.insert(key, values);
            }
            condition.insert(block.operator.clone(), Value::Object(keys));
        }
        out.insert("Condition".into(), Value::Object(condition));
    }
    Value::Object(out)
}

/// IAM's short form: a list of one is written as the element itself.
pub fn one_or_many(mut values: Vec<Value>) -> Value {
    if values.len() == 1 {
        values.remove(0)
    } else {
        Value::Array(values)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::{
        Actions, ConditionBlock, ConditionEntry, Effect, Principal, PrincipalKind, Resources,
    };

    struct Plain;

    impl Spell for Plain {
        fn value(&mut self, template: &Template) -> Value {
            Value::from(template.as_plain().unwrap_or_default())
        }

        fn key(&mut self, template: &Template) -> String {
            template.as_plain().unwrap_or_default()
        }
    }

    #[test]
    fn keys_come_in_iam_order_and_single_values_are_plain() {
        let doc = Document {
            statements: vec![Statement {
                sid: Some("Trust".into()),
                effect: Effect::Allow,
                principal: Some(Principal {
                    kind: PrincipalKind::Service,
                    values: vec![Template::literal("ec2.amazonaws.com")],
                }),
                actions: Actions::Action(vec!["sts:AssumeRole".into(), "sts:TagSession".into()]),
                resources: None,
                conditions: vec![ConditionBlock {
                    operator: "StringEquals".into(),
                    entries: vec![ConditionEntry {
                        key: Template::literal("aws:SourceAccount"),
                        values: vec![Template::literal("1"), Template::literal("2")],
                    }],
                }],
            }],
        };
        let expected = json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "Trust", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": ["sts:AssumeRole", "sts:TagSession"],
            "Condition": {"StringEquals": {"aws:SourceAccount": ["1", "2"]}}
        }]});
        let got = document(&doc, &mut Plain);
        assert_eq!(got, expected);
        let keys: Vec<&String> = got["Statement"][0].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["Sid", "Effect", "Principal", "Action", "Condition"]);
    }

    #[test]
    fn not_action_and_not_resource_keep_their_keys() {
        let doc = Document {
            statements: vec![Statement {
                sid: None,
                effect: Effect::Deny,
                principal: None,
                actions: Actions::NotAction(vec!["iam:*".into()]),
                resources: Some(Resources::NotResource(vec![Template::literal(
                    "arn:aws:s3:::x",
                )])),
                conditions: vec![],
            }],
        };
        let got = document(&doc, &mut Plain);
        assert_eq!(
            got["Statement"][0],
            json!({"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::x"})
        );
    }
}

//! The `data "aws_iam_policy_document"` block of a policy: IAM's document in the provider's
//! block syntax (`actions`, `principals { type, identifiers }`, `condition { test, variable, values }`).

use serde_json::{Map, Value, json};

use super::super::RenderError;
use super::spell::{Place, Speller, escape};
use crate::model::{Actions, Document, Resources, Statement};

impl Speller {
    /// The body of a `data "aws_iam_policy_document"` block.
    pub fn document(&mut self, document: &Document) -> Result<Value, RenderError> {
        let statements = document
            .statements
            .iter()
            .map(|s| self.statement(s))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(json!({"statement": statements}))
    }

    fn statement(&mut self, statement: &Statement) -> Result<Value, RenderError> {
        let mut block = Map::new();
        if let Some(sid) = &statement.sid {
            block.insert("sid".into(), Value::String(escape(sid)));
        }
        block.insert("effect".into(), Value::from(statement.effect.as_str()));
        let actions_key = match statement.actions {
            Actions::Action(_) => "actions",
            Actions::NotAction(_) => "not_actions",
        };
        let actions = statement
            .actions
            .list()
            .iter()
            .map(|a| Value::String(escape(a)))
            .collect();
        block.insert(actions_key.into(), Value::Array(actions));
        if let Some(resources) = &statement.resources {
            let key = match resources {
                Resources::Resource(_) => "resources",
                Resources::NotResource(_) => "not_resources",
            };
            block.insert(
                key.into(),
                self.spell_list(resources.list(), Place::Document)?,
            );
        }
        if let Some(principal) = &statement.principal {
            let identifiers = self.spell_list(&principal.values, Place::Document)?;
            block.insert(
                "principals".into(),
                json!([{"type": principal.kind.as_str(), "identifiers": identifiers}]),
            );
        }
        if !statement.conditions.is_empty() {
            let mut conditions = Vec::new();
            for operator in &statement.conditions {
                for entry in &operator.entries {
                    conditions.push(json!({
                        "test": escape(&operator.operator),
                        "variable": self.spell(&entry.key, Place::Argument)?,
                        "values": self.spell_list(&entry.values, Place::Document)?,
                    }));
                }
            }
            block.insert("condition".into(), Value::Array(conditions));
        }
        Ok(Value::Object(block))
    }
}

//! Reads a CloudFormation template (JSON, or YAML with the short-form tags) into what an import
//! found: its IAM roles, managed policies, inline policies and instance profiles, with the
//! intrinsic functions resolved to templates where the DSL can say the same thing, and a note
//! with its place for everything else.
//!
//! Parameters become fields; `AWS::Partition`, `AWS::AccountId` and `AWS::Region` become
//! pseudo-parameters; what the DSL cannot express (another resource's attribute, an imported
//! value, the stack's name) becomes a field of its own, named after what it stands for, with an
//! [`NoteKind::Unexpressible`] note. Conditions are decided where the template lets them be:
//! on literals, and on parameters taken at their defaults (with a note saying so).

mod attribute;
mod condition;
mod document;
mod fields;
mod intrinsic;
mod locate;
mod node;
mod resource;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use super::{FieldIn, Found, Input, Note, NoteKind, Place, ReadError};
use crate::model::{ParamKind, Template};
use condition::Decision;
use locate::{Lines, Path};
use node::Node;

/// What `input` declares.
pub fn read(input: &Input) -> Result<Found, ReadError> {
    read_template(input).map(|(found, _)| found)
}

/// A field the import made up for a value it could not resolve, with the template's own
/// expression for that value: what a test evaluates to give the field its value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StandIn {
    pub field: String,
    pub source: Node,
}

/// [`read`], with the expressions that the made-up fields stand for.
pub(crate) fn read_template(input: &Input) -> Result<(Found, Vec<StandIn>), ReadError> {
    let root = node::parse(input)?;
    let mut reader = Reader::new(&root, &input.text)?;
    let found = reader.read_resources();
    Ok((found, reader.stand_ins))
}

/// A template parameter and the field it became.
struct Parameter<'t> {
    id: &'t str,
    field: String,
    kind: ParamKind,
    default: Option<&'t Node>,
}

/// The template being read, and what the reading has gathered so far.
struct Reader<'t> {
    lines: Lines<'t>,
    parameters: Vec<Parameter<'t>>,
    conditions: Option<&'t Node>,
    mappings: Option<&'t Node>,
    /// In the order written.
    resources: Vec<(&'t str, &'t Node)>,
    fields: Vec<FieldIn>,
    stand_ins: Vec<StandIn>,
    notes: Vec<Note>,
    decisions: HashMap<String, Decision>,
    deciding: HashSet<String>,
    /// A resource's name-like property, resolved once (its notes given once), by
    /// (logical id, property).
    properties: HashMap<(String, String), Option<Template>>,
    resolving: HashSet<(String, String)>,
}

impl<'t> Reader<'t> {
    fn new(root: &'t Node, text: &'t str) -> Result<Reader<'t>, ReadError> {
        let not_a_template = |message: &str| ReadError {
            place: Place {
                line: None,
                column: None,
                path: String::new(),
            },
            message: format!("not a CloudFormation template: {message}"),
        };
        if root.entries().is_none() {
            return Err(not_a_template("the top level is not a map"));
        }
        let resources = root
            .get("Resources")
            .and_then(Node::entries)
            .ok_or_else(|| not_a_template("it has no `Resources` map"))?;
        let resources = resources
            .iter()
            .filter_map(|(id, resource)| Some((id.as_str()?, resource)))
            .collect();
        let mut reader = Reader {
            lines: Lines::new(text),
            parameters: Vec::new(),
            conditions: root.get("Conditions"),
            mappings: root.get("Mappings"),
            resources,
            fields: Vec::new(),
            stand_ins: Vec::new(),
            notes: Vec::new(),
            decisions: HashMap::new(),
            deciding: HashSet::new(),
            properties: HashMap::new(),
            resolving: HashSet::new(),
        };
        reader.read_parameters(root.get("Parameters"));
        if let Some(transform) = root.get("Transform") {
            let names = match transform {
                Node::List(items) => items.iter().filter_map(Node::as_str).collect::<Vec<_>>(),
                other => other.as_str().into_iter().collect(),
            };
            reader.note(
                &Path::default().key("Transform"),
                NoteKind::Skipped,
                format!(
                    "the template is transformed by {} when deployed; what the transform adds is not read",
                    names.join(", ")
                ),
            );
        }
        Ok(reader)
    }

    fn place(&self, path: &Path) -> Place {
        let (line, column) = self.lines.locate(path);
        Place {
            line,
            column,
            path: path.to_string(),
        }
    }

    fn note(&mut self, path: &Path, kind: NoteKind, message: String) {
        let place = self.place(path);
        self.notes.push(Note {
            place,
            kind,
            message,
        });
    }

    fn resource(&self, id: &str) -> Option<&'t Node> {
        self.resources
            .iter()
            .find(|(rid, _)| *rid == id)
            .map(|(_, node)| *node)
    }

    fn resource_type(&self, id: &str) -> Option<&'t str> {
        self.resource(id)?.get("Type")?.as_str()
    }

    fn parameter(&self, id: &str) -> Option<&Parameter<'t>> {
        self.parameters.iter().find(|p| p.id == id)
    }
}

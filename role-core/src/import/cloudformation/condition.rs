//! The template's conditions, decided where the template lets them be: `Fn::Equals` over
//! literals, parameters taken at their defaults, and what is known of a pseudo-parameter (it is
//! never empty). The DSL has no conditions, so `Fn::If` keeps one branch, and a note says which
//! and why.

use super::Reader;
use super::locate::Path;
use super::node::Node;
use crate::import::NoteKind;

/// A condition's value, as far as the template tells it, with the parameter defaults it took.
#[derive(Debug, Clone, Default)]
pub(super) struct Decision {
    pub holds: Option<bool>,
    /// (parameter, default) for each parameter taken at its default, sorted.
    pub defaults: Vec<(String, String)>,
}

/// What is known of a value a condition compares.
#[derive(Debug, Clone, PartialEq)]
enum Known {
    Text(String),
    List(Vec<String>),
    /// A pseudo-parameter or a resource's name: unknown, but never empty.
    NonEmpty,
    Unknown,
}

impl<'t> Reader<'t> {
    /// The named condition of the `Conditions` section.
    pub(super) fn decide(&mut self, name: &str) -> Decision {
        if let Some(decision) = self.decisions.get(name) {
            return decision.clone();
        }
        if !self.deciding.insert(name.to_owned()) {
            return Decision::default();
        }
        let mut defaults = Vec::new();
        let holds = self
            .conditions
            .and_then(|c| c.get(name))
            .and_then(|expression| self.holds(expression, &mut defaults));
        defaults.sort();
        defaults.dedup();
        let decision = Decision { holds, defaults };
        self.deciding.remove(name);
        self.decisions.insert(name.to_owned(), decision.clone());
        decision
    }

    /// `Fn::If [condition, yes, no]`: the branch the import keeps. A note says why where it is
    /// not the branch every deployment takes.
    pub(super) fn branch(
        &mut self,
        argument: &'t Node,
        node: &Node,
        path: &Path,
    ) -> Option<&'t Node> {
        let Some([Node::Str(condition), yes, no]) = argument.as_list() else {
            self.malformed(node, path);
            return None;
        };
        if self.conditions.and_then(|c| c.get(condition)).is_none() {
            self.malformed(node, path);
            return None;
        }
        let decision = self.decide(condition);
        self.note_decision(condition, &decision, "`Fn::If` on the condition", path);
        Some(if decision.holds.unwrap_or(true) {
            yes
        } else {
            no
        })
    }

    /// Why `condition` was taken as it was, where it depends on more than the template's text.
    pub(super) fn note_decision(
        &mut self,
        condition: &str,
        decision: &Decision,
        what: &str,
        path: &Path,
    ) {
        match decision.holds {
            None => self.note(
                path,
                NoteKind::Unexpressible,
                format!(
                    "{what} `{condition}` takes its true branch: the condition depends on values known only when deployed, and the DSL has no conditions"
                ),
            ),
            Some(holds) if !decision.defaults.is_empty() => {
                let defaults: Vec<String> = decision
                    .defaults
                    .iter()
                    .map(|(parameter, default)| format!("{parameter} = `{default}`"))
                    .collect();
                let (branch, verb) = if holds { ("true", "holds") } else { ("false", "does not hold") };
                self.note(
                    path,
                    NoteKind::Changed,
                    format!(
                        "{what} `{condition}` takes its {branch} branch: the condition {verb} with the parameters at their defaults ({})",
                        defaults.join(", ")
                    ),
                );
            }
            Some(_) => {}
        }
    }

    fn holds(
        &mut self,
        expression: &'t Node,
        defaults: &mut Vec<(String, String)>,
    ) -> Option<bool> {
        let (function, argument) = expression.condition_call()?;
        let arguments = argument.as_list().unwrap_or_default();
        match function {
            "Fn::Equals" => match arguments {
                [a, b] => {
                    let (a, b) = (self.known(a, defaults), self.known(b, defaults));
                    equals(&a, &b)
                }
                _ => None,
            },
            "Fn::Not" => match arguments {
                [c] => self.holds(c, defaults).map(|holds| !holds),
                _ => None,
            },
            "Fn::And" | "Fn::Or" => {
                let all: Vec<Option<bool>> =
                    arguments.iter().map(|c| self.holds(c, defaults)).collect();
                let deciding = function == "Fn::Or";
                if all.contains(&Some(deciding)) {
                    Some(deciding)
                } else if all.iter().all(Option::is_some) {
                    Some(!deciding)
                } else {
                    None
                }
            }
            "Condition" => {
                let decision = self.decide(argument.as_str()?);
                defaults.extend(decision.defaults);
                decision.holds
            }
            _ => None,
        }
    }

    fn known(&mut self, node: &'t Node, defaults: &mut Vec<(String, String)>) -> Known {
        if let Some(text) = node.scalar_text() {
            return Known::Text(text);
        }
        if let Node::List(items) = node {
            let texts: Option<Vec<String>> = items
                .iter()
                .map(|i| match self.known(i, defaults) {
                    Known::Text(text) => Some(text),
                    _ => None,
                })
                .collect();
            return texts.map_or(Known::Unknown, Known::List);
        }
        let Some((function, argument)) = node.intrinsic() else {
            return Known::Unknown;
        };
        let arguments = argument.as_list().unwrap_or_default();
        match (function, arguments) {
            ("Ref", _) => match argument.as_str() {
                Some(name) => self.known_reference(name, defaults),
                None => Known::Unknown,
            },
            ("Fn::Join", [Node::Str(delimiter), list]) => {
                let items: Vec<Known> = match self.known(list, defaults) {
                    Known::List(items) => items.into_iter().map(Known::Text).collect(),
                    _ => match list {
                        Node::List(elements) => {
                            elements.iter().map(|e| self.known(e, defaults)).collect()
                        }
                        _ => return Known::Unknown,
                    },
                };
                join(&items, delimiter)
            }
            ("Fn::Select", [index, list]) => {
                let index = index.scalar_text().and_then(|i| i.parse::<usize>().ok());
                match (index, self.known(list, defaults)) {
                    (Some(index), Known::List(items)) => items
                        .get(index)
                        .cloned()
                        .map_or(Known::Unknown, Known::Text),
                    _ => Known::Unknown,
                }
            }
            ("Fn::Split", [Node::Str(delimiter), source]) => match self.known(source, defaults) {
                Known::Text(text) if !delimiter.is_empty() => {
                    Known::List(text.split(delimiter.as_str()).map(str::to_owned).collect())
                }
                _ => Known::Unknown,
            },
            ("Fn::Sub", _) => match argument.as_str() {
                Some(text) => self.known_sub(text, defaults),
                None => Known::Unknown,
            },
            _ => Known::Unknown,
        }
    }

    fn known_reference(&mut self, name: &str, defaults: &mut Vec<(String, String)>) -> Known {
        if let Some(parameter) = self.parameter(name) {
            let Some(default) = parameter.default else {
                return Known::Unknown;
            };
            let list = parameter.kind == crate::model::ParamKind::List;
            let text = match default {
                Node::List(items) => items
                    .iter()
                    .filter_map(Node::scalar_text)
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.scalar_text().unwrap_or_default(),
            };
            defaults.push((name.to_owned(), text.clone()));
            return if list {
                Known::List(text.split(',').map(str::to_owned).collect())
            } else {
                Known::Text(text)
            };
        }
        if name == "AWS::NoValue" {
            Known::Unknown
        } else if name.starts_with("AWS::") || self.resource(name).is_some() {
            Known::NonEmpty
        } else {
            Known::Unknown
        }
    }

    /// A `Fn::Sub` string in a condition, its parameters taken at their defaults.
    fn known_sub(&mut self, text: &str, defaults: &mut Vec<(String, String)>) -> Known {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            pieces.push(Known::Text(rest[..start].to_owned()));
            let after = &rest[start + 2..];
            if let Some(literal) = after.strip_prefix('!') {
                pieces.push(Known::Text("${".to_owned()));
                rest = literal;
                continue;
            }
            let Some(end) = after.find('}') else {
                return Known::Unknown;
            };
            let name = &after[..end];
            pieces.push(match self.known_reference(name, defaults) {
                Known::List(_) => Known::Unknown,
                other => other,
            });
            rest = &after[end + 1..];
        }
        pieces.push(Known::Text(rest.to_owned()));
        join(&pieces, "")
    }
}

fn equals(a: &Known, b: &Known) -> Option<bool> {
    match (a, b) {
        (Known::Text(a), Known::Text(b)) => Some(a == b),
        (Known::List(a), Known::List(b)) => Some(a == b),
        (Known::NonEmpty, Known::Text(t)) | (Known::Text(t), Known::NonEmpty) if t.is_empty() => {
            Some(false)
        }
        _ => None,
    }
}

/// Pieces joined: known text when every piece is, never empty when a piece never is.
fn join(pieces: &[Known], delimiter: &str) -> Known {
    let texts: Option<Vec<&str>> = pieces
        .iter()
        .map(|p| match p {
            Known::Text(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    match texts {
        Some(texts) => Known::Text(texts.join(delimiter)),
        None if pieces
            .iter()
            .any(|p| *p == Known::NonEmpty || matches!(p, Known::Text(t) if !t.is_empty()))
            || (pieces.len() > 1 && !delimiter.is_empty()) =>
        {
            Known::NonEmpty
        }
        None => Known::Unknown,
    }
}

//! What a configuration declares, by name: its variables (with their kinds and defaults), its
//! locals, and its resource and data blocks, so that references between them can be followed.

use std::collections::HashMap;

use hcl::Expression;
use hcl::eval::{Context, Evaluate};

use super::syntax::{Attr, Block, Body};

/// What a variable holds, as its `type` (or its default, without one) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    Text,
    Number,
    Bool,
    /// `list(string)`, `set(string)`, `list(any)`: a list field.
    List,
    /// Maps, objects, lists of objects: nothing a field can stand for.
    Complex,
    /// No type and no default: its use decides.
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    pub kind: VarKind,
    pub doc: Option<String>,
    pub default: Option<hcl::Value>,
}

pub struct Config<'b> {
    pub variables: Vec<Variable>,
    locals: HashMap<String, &'b Attr>,
    /// Every top-level block, in the order written.
    pub blocks: Vec<&'b Block>,
}

impl<'b> Config<'b> {
    pub fn collect(body: &'b Body) -> Config<'b> {
        let mut variables = Vec::new();
        let mut locals = HashMap::new();
        for block in &body.blocks {
            match block.kind.as_str() {
                "variable" => variables.push(variable(block)),
                "locals" => {
                    for attr in &block.body.attrs {
                        locals.insert(attr.name.clone(), attr);
                    }
                }
                _ => {}
            }
        }
        Config {
            variables,
            locals,
            blocks: body.blocks.iter().collect(),
        }
    }

    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    pub fn local(&self, name: &str) -> Option<&'b Attr> {
        self.locals.get(name).copied()
    }

    pub fn locals(&self) -> impl Iterator<Item = (&str, &'b Attr)> {
        self.locals
            .iter()
            .map(|(name, attr)| (name.as_str(), *attr))
    }

    /// The `resource` (or `data`) block of `kind` "type" "name".
    pub fn block(&self, kind: &str, ty: &str, name: &str) -> Option<&'b Block> {
        self.blocks
            .iter()
            .copied()
            .find(|b| b.kind == kind && b.label(0) == ty && b.label(1) == name)
    }

    pub fn resources(&self, ty: &'b str) -> impl Iterator<Item = &'b Block> + '_ {
        self.blocks
            .iter()
            .copied()
            .filter(move |b| b.kind == "resource" && b.label(0) == ty)
    }
}

fn variable(block: &Block) -> Variable {
    let default = block
        .body
        .attr("default")
        .and_then(|attr| attr.expr.evaluate(&Context::new()).ok());
    let doc = block
        .body
        .attr("description")
        .and_then(|attr| match &attr.expr {
            Expression::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            _ => None,
        });
    let declared = block.body.attr("type").map(|attr| kind_of_type(&attr.expr));
    let kind = match declared {
        Some(VarKind::Unknown) | None => default.as_ref().map_or(VarKind::Unknown, kind_of_value),
        Some(kind) => kind,
    };
    Variable {
        name: block.label(0).to_owned(),
        kind,
        doc,
        default,
    }
}

/// A type constraint's kind: lists and sets of scalars are list fields; `any` is decided by the
/// default.
fn kind_of_type(ty: &Expression) -> VarKind {
    let text: String = ty
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match text.as_str() {
        "string" => VarKind::Text,
        "number" => VarKind::Number,
        "bool" => VarKind::Bool,
        "any" => VarKind::Unknown,
        "list" | "set" => VarKind::List,
        _ => {
            let scalar_collection = ["list(", "set(", "tuple("]
                .iter()
                .any(|p| text.starts_with(p))
                && !["object(", "map(", "list(", "set(", "tuple("]
                    .iter()
                    .any(|inner| text[text.find('(').unwrap_or(0) + 1..].contains(inner));
            if scalar_collection {
                VarKind::List
            } else {
                VarKind::Complex
            }
        }
    }
}

fn kind_of_value(value: &hcl::Value) -> VarKind {
    match value {
        hcl::Value::String(_) => VarKind::Text,
        hcl::Value::Number(_) => VarKind::Number,
        hcl::Value::Bool(_) => VarKind::Bool,
        hcl::Value::Array(items)
            if items
                .iter()
                .all(|i| !matches!(i, hcl::Value::Array(_) | hcl::Value::Object(_))) =>
        {
            VarKind::List
        }
        hcl::Value::Array(_) | hcl::Value::Object(_) => VarKind::Complex,
        hcl::Value::Null => VarKind::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_constraints_give_kinds() {
        for (ty, kind) in [
            ("string", VarKind::Text),
            ("list(string)", VarKind::List),
            ("set(string)", VarKind::List),
            ("list(any)", VarKind::List),
            ("map(string)", VarKind::Complex),
            ("list(object({ a = string }))", VarKind::Complex),
            ("object({ a = string })", VarKind::Complex),
            ("number", VarKind::Number),
        ] {
            assert_eq!(kind_of_type(&ty.parse().unwrap()), kind, "{ty}");
        }
    }
}

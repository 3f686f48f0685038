//! Decides the conditions a configuration is written with (`count = var.attach ? 1 : 0`,
//! `cond ? a : b`, a `dynamic` block's `for_each`) as Terraform would with the variables'
//! defaults, because the DSL has no conditions: the import reads what the configuration
//! declares when it is applied as it stands, and notes each condition it decided. The one
//! exception: a role is declared whatever its own `count` says (that is what is imported), so
//! the variables that gate it are taken as creating it.

use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use hcl::value::Map;
use hcl::{BinaryOperator, Expression, Operation, UnaryOperator, Value};

use super::config::Config;

pub struct Defaults {
    context: Context<'static>,
}

impl Defaults {
    /// The defaults of `config`, with the variables and locals that `gates` (the roles' `count`
    /// expressions) test taken as creating the roles.
    pub fn new(config: &Config, gates: &[&Expression]) -> Defaults {
        let mut vars: Map<String, Value> = config
            .variables
            .iter()
            .filter_map(|v| Some((v.name.clone(), v.default.clone()?)))
            .collect();
        let mut assumed_locals = Vec::new();
        for gate in gates {
            for (root, name, value) in gate_atoms(gate) {
                match root.as_str() {
                    "var" => {
                        vars.insert(name, Value::Bool(value));
                    }
                    _ => assumed_locals.push((name, value)),
                }
            }
        }
        let mut context = base_context();
        context.declare_var("var", Value::Object(vars));
        // Locals may use each other: evaluate them until no more become known.
        let mut locals: Map<String, Value> = Map::new();
        for _ in 0..8 {
            let before = locals.len();
            for (name, attr) in config.locals() {
                if locals.contains_key(name) {
                    continue;
                }
                if let Ok(value) = attr.expr.evaluate(&context) {
                    locals.insert(name.to_owned(), value);
                }
            }
            for (name, value) in &assumed_locals {
                locals.insert(name.clone(), Value::Bool(*value));
            }
            locals.sort_keys();
            context.declare_var("local", Value::Object(locals.clone()));
            if locals.len() == before {
                break;
            }
        }
        Defaults { context }
    }

    /// The value of `expr` with the defaults, when it needs nothing else.
    pub fn value(&self, expr: &Expression) -> Option<Value> {
        expr.evaluate(&self.context).ok()
    }

    pub fn truth(&self, expr: &Expression) -> Option<bool> {
        match self.value(expr)? {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn count(&self, expr: &Expression) -> Option<u64> {
        match self.value(expr)? {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }
}

/// The variables and locals a role's `count = a && b ? 1 : 0` (or `!a`) tests: taking each as
/// written makes the role exist.
pub(super) fn gate_atoms(expr: &Expression) -> Vec<(String, String, bool)> {
    let cond = match expr {
        Expression::Conditional(c) => &c.cond_expr,
        _ => return Vec::new(),
    };
    let mut atoms = Vec::new();
    conjuncts(cond, &mut atoms);
    atoms
}

fn conjuncts(expr: &Expression, out: &mut Vec<(String, String, bool)>) {
    match expr {
        Expression::Parenthesis(inner) => conjuncts(inner, out),
        Expression::Operation(op) => match op.as_ref() {
            Operation::Binary(b) if b.operator == BinaryOperator::And => {
                conjuncts(&b.lhs_expr, out);
                conjuncts(&b.rhs_expr, out);
            }
            Operation::Unary(u) if u.operator == UnaryOperator::Not => {
                if let Some((root, name)) = simple_reference(&u.expr) {
                    out.push((root, name, false));
                }
            }
            _ => {}
        },
        other => {
            if let Some((root, name)) = simple_reference(other) {
                out.push((root, name, true));
            }
        }
    }
}

/// `var.x` or `local.x`.
fn simple_reference(expr: &Expression) -> Option<(String, String)> {
    let Expression::Traversal(t) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let root = root.as_str();
    match t.operators.as_slice() {
        [hcl::TraversalOperator::GetAttr(name)] if root == "var" || root == "local" => {
            Some((root.to_owned(), name.as_str().to_owned()))
        }
        _ => None,
    }
}

/// The functions conditions use most: `length`, `contains`.
fn base_context() -> Context<'static> {
    let mut context = Context::new();
    context.declare_func(
        "length",
        FuncDef::builder().param(ParamType::Any).build(length),
    );
    context.declare_func(
        "contains",
        FuncDef::builder()
            .param(ParamType::Any)
            .param(ParamType::Any)
            .build(contains),
    );
    context
}

fn length(args: FuncArgs) -> Result<Value, String> {
    match &args[0] {
        Value::Array(items) => Ok(items.len().into()),
        Value::Object(map) => Ok(map.len().into()),
        Value::String(s) => Ok(s.chars().count().into()),
        other => Err(format!("length of {other}")),
    }
}

fn contains(args: FuncArgs) -> Result<Value, String> {
    match &args[0] {
        Value::Array(items) => Ok(items.contains(&args[1]).into()),
        other => Err(format!("contains in {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::terraform::syntax;

    fn config_text() -> syntax::Body {
        let input = crate::import::Input {
            path: "x.tf".into(),
            text: r#"
variable "create_role" { default = false }
variable "attach" { default = false }
variable "names" { default = [] }
locals { create = var.create_role && true }
"#
            .into(),
            format: None,
        };
        syntax::parse(&input).unwrap()
    }

    #[test]
    fn the_role_gate_is_taken_as_true_and_the_rest_as_defaults() {
        let body = config_text();
        let config = Config::collect(&body);
        let gate: Expression = "var.create_role ? 1 : 0".parse().unwrap();
        let defaults = Defaults::new(&config, &[&gate]);
        let count = |e: &str| defaults.count(&e.parse().unwrap());
        assert_eq!(count("var.create_role && var.attach ? 1 : 0"), Some(0));
        assert_eq!(count("local.create ? 1 : 0"), Some(1));
        assert_eq!(count("length(var.names) > 0 ? 1 : 0"), Some(0));
        assert_eq!(count("var.unknown ? 1 : 0"), None);
    }
}

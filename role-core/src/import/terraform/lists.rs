//! Lists of strings (a list field standing for several elements) and JSON-shaped values (what
//! `jsonencode` is given), resolved from Terraform expressions as [`super::resolve`] resolves
//! strings.

use hcl::{Expression, FuncCall};

use super::config::VarKind;
use super::resolve::{Ref, json_number, literal};
use super::{At, Mode, Reader};
use crate::import::Tv;
use crate::model::{ParamKind, Template};

/// Functions that pass a list through as far as IAM can tell (a set's order and duplicates do
/// not change what a policy means).
const LIST_PASSING: &[&str] = &["toset", "tolist", "distinct", "sort"];

impl Reader<'_> {
    /// A list of strings: each element a template, a list field standing for several.
    pub(super) fn list(&mut self, expr: &Expression, at: &At, mode: Mode) -> Vec<Template> {
        let Some(expr) = self.pick(expr, at) else {
            return Vec::new();
        };
        match expr {
            Expression::Array(items) => items.iter().map(|i| self.text(i, at, mode)).collect(),
            Expression::Variable(_) | Expression::Traversal(_) => {
                let r = Ref::of(expr);
                match r {
                    Some(r) if r.root == "local" && r.attrs.len() == 1 && !r.indexed => {
                        let name = r.attrs[0].clone();
                        self.with_local(
                            &name,
                            expr,
                            at,
                            ParamKind::List,
                            |reader, local, at| reader.list(local, at, mode),
                            |t| vec![t],
                        )
                    }
                    _ => vec![self.reference(expr, at, ParamKind::List, mode)],
                }
            }
            Expression::FuncCall(f) => self.call_list(f, expr, at, mode),
            Expression::String(_)
            | Expression::TemplateExpr(_)
            | Expression::Number(_)
            | Expression::Bool(_) => vec![self.text(expr, at, mode)],
            Expression::ForExpr(_) => vec![self.field_for(
                expr,
                ParamKind::List,
                at,
                "is a `for` expression, computed by Terraform",
            )],
            _ => vec![self.field_for(expr, ParamKind::List, at, "is computed by Terraform")],
        }
    }

    fn call_list(
        &mut self,
        f: &FuncCall,
        whole: &Expression,
        at: &At,
        mode: Mode,
    ) -> Vec<Template> {
        let name = f.name.name.as_str();
        let args = &f.args;
        match (name, args.as_slice()) {
            ("concat" | "flatten", _) => args.iter().flat_map(|a| self.list(a, at, mode)).collect(),
            (passing, [inner]) if LIST_PASSING.contains(&passing) => self.list(inner, at, mode),
            ("compact", [inner]) => self
                .list(inner, at, mode)
                .into_iter()
                .filter(|t| !t.0.is_empty())
                .collect(),
            ("try", [first, ..]) => self.list(first, at, mode),
            ("coalescelist", _) => match self.first_given(args, at, whole) {
                Some(arg) => self.list(arg, at, mode),
                None => vec![self.field_for(
                    whole,
                    ParamKind::List,
                    at,
                    "depends on values only Terraform knows",
                )],
            },
            ("coalesce" | "format" | "join" | "one" | "tostring", _) => {
                vec![self.call_text(f, whole, at, mode)]
            }
            _ => vec![self.field_for(
                whole,
                ParamKind::List,
                at,
                &format!("calls {name}(), which the DSL cannot compute"),
            )],
        }
    }

    /// Whether `expr` is a list (so that a JSON value made from it is an array).
    fn is_listy(&self, expr: &Expression, depth: usize) -> bool {
        match expr {
            Expression::Array(_) => true,
            Expression::ForExpr(f) => f.key_expr.is_none(),
            Expression::FuncCall(f) => {
                let name = f.name.name.as_str();
                ["concat", "flatten", "compact", "coalescelist"].contains(&name)
                    || LIST_PASSING.contains(&name)
            }
            Expression::Parenthesis(inner) => self.is_listy(inner, depth),
            _ => match Ref::of(expr) {
                Some(r) if r.root == "var" && r.attrs.len() == 1 => self
                    .config
                    .variable(&r.attrs[0])
                    .is_some_and(|v| v.kind == VarKind::List),
                Some(r) if r.root == "local" && r.attrs.len() == 1 && depth < 16 => self
                    .config
                    .local(&r.attrs[0])
                    .is_some_and(|l| self.is_listy(&l.expr, depth + 1)),
                _ => false,
            },
        }
    }

    /// A JSON-shaped value: the argument of `jsonencode`.
    pub(super) fn value(&mut self, expr: &Expression, at: &At, mode: Mode) -> Tv {
        let Some(expr) = self.pick(expr, at) else {
            return Tv::Null;
        };
        match expr {
            Expression::Bool(b) => Tv::Bool(*b),
            Expression::Number(n) => json_number(n).map_or(Tv::Null, Tv::Number),
            Expression::Array(items) => {
                Tv::List(items.iter().map(|i| self.value(i, at, mode)).collect())
            }
            // Inside JSON text, `${jsonencode(x)}` is the value `x`.
            Expression::FuncCall(f)
                if f.name.name.as_str() == "jsonencode" && f.args.len() == 1 =>
            {
                self.value(&f.args[0], at, mode)
            }
            Expression::Object(object) => Tv::Map(
                object
                    .iter()
                    .map(|(key, value)| {
                        let key = match key {
                            hcl::ObjectKey::Identifier(id) => literal(id.as_str(), mode),
                            hcl::ObjectKey::Expression(e) => self.text(e, at, mode),
                            _ => Template::default(),
                        };
                        (key, self.value(value, at, mode))
                    })
                    .collect(),
            ),
            _ if self.is_listy(expr, 0) => {
                Tv::List(self.list(expr, at, mode).into_iter().map(Tv::Str).collect())
            }
            Expression::Traversal(_) => match Ref::of(expr) {
                Some(r) if r.root == "local" && r.attrs.len() == 1 && !r.indexed => {
                    let name = r.attrs[0].clone();
                    self.with_local(
                        &name,
                        expr,
                        at,
                        ParamKind::Text,
                        |reader, local, at| reader.value(local, at, mode),
                        Tv::Str,
                    )
                }
                _ => Tv::Str(self.text(expr, at, mode)),
            },
            _ => Tv::Str(self.text(expr, at, mode)),
        }
    }
}

//! The resources that attach to a role: `aws_iam_role_policy` (an inline policy),
//! `aws_iam_role_policy_attachment` and `aws_iam_policy_attachment` (managed policies, or the
//! configuration's own), `aws_iam_instance_profile`; with `count`/`for_each` over a list variable
//! read as its list field.

use hcl::{Expression, TraversalOperator};

use super::config::VarKind;
use super::resolve::{Ref, single};
use super::resources::var_name;
use super::syntax::{Attr, Block, Body};
use super::{At, Mode, NoteKind, Reader, placeholder};
use crate::model::{ParamKind, Template};

/// How many times an attaching resource applies, as the import reads it.
enum Iteration {
    Never,
    Once,
    /// Once per element of the list variable behind this field.
    OverList(String),
    /// Once per element of a list the configuration writes out.
    Over(Vec<Template>),
}

/// `each.value` or `each.key`: the element a `for_each` over a list or set stands for.
fn is_each_element(expr: &Expression) -> bool {
    Ref::of(expr).is_some_and(|r| {
        r.root == "each" && matches!(r.attrs.as_slice(), [a] if a == "value" || a == "key")
    })
}

/// `var.x[count.index]` or `element(var.x, count.index)`: the element of `var.x` a `count` over
/// its length stands for.
fn counted_element(expr: &Expression) -> Option<String> {
    let is_count_index =
        |e: &Expression| Ref::of(e).is_some_and(|r| r.root == "count" && r.attrs == ["index"]);
    match expr {
        Expression::FuncCall(f) if f.name.name.as_str() == "element" => match f.args.as_slice() {
            [list, index] if is_count_index(index) => var_name(list),
            _ => None,
        },
        Expression::Traversal(t) => match t.operators.as_slice() {
            [
                TraversalOperator::GetAttr(name),
                TraversalOperator::Index(index),
            ] if is_count_index(index) => {
                matches!(&t.expr, Expression::Variable(v) if v.as_str() == "var")
                    .then(|| name.as_str().to_owned())
            }
            _ => None,
        },
        _ => None,
    }
}

/// `length(var.x)`, or `cond ? length(var.x) : 0`: a `count` over the elements of `var.x`.
fn counted_list(expr: &Expression) -> Option<String> {
    match expr {
        Expression::Parenthesis(inner) => counted_list(inner),
        Expression::Conditional(c) if matches!(&c.false_expr, Expression::Number(n) if n.as_u64() == Some(0)) => {
            counted_list(&c.true_expr)
        }
        Expression::FuncCall(f) if f.name.name.as_str() == "length" => match f.args.as_slice() {
            [list] => var_name(list),
            _ => None,
        },
        _ => None,
    }
}

impl Reader<'_> {
    /// `aws_iam_policy.Y.arn` of a policy the import declares: its identifier.
    pub(super) fn policy_of(&self, expr: &Expression) -> Option<String> {
        let r = Ref::of(single(expr))?;
        let name = r.resource("aws_iam_policy")?;
        matches!(r.attrs.get(1).map(String::as_str), Some("arn" | "id")).then_some(())?;
        self.policies.get(name).cloned()
    }

    /// The role `aws_iam_role.X.name` (or `.id`, `.arn`) names, when it is one of the
    /// configuration's.
    fn role_of(&mut self, expr: &Expression, at: &At) -> Option<usize> {
        let expr = self.pick(expr, at)?;
        let r = Ref::of(single(expr))?;
        let name = r.resource("aws_iam_role")?;
        self.roles.get(name).copied()
    }

    /// The role an attaching resource's `role` names, or a note.
    fn target_role(&mut self, body: &Body, at: &At) -> Option<usize> {
        let Some(attr) = body.attr("role") else {
            self.note(
                at,
                NoteKind::Unexpressible,
                "names no role: not imported".into(),
            );
            return None;
        };
        let at = at.attr(attr);
        let target = self.role_of(&attr.expr, &at);
        if target.is_none() {
            self.note(
                &at,
                NoteKind::Unexpressible,
                format!(
                    "TODO: the role `{}` is not declared by this configuration: not imported",
                    attr.expr
                ),
            );
        }
        target
    }

    /// Whether a resource with `count`/`for_each` applies, and over what.
    fn iteration(&mut self, body: &Body, at: &At) -> Iteration {
        if let Some(count) = body.attr("count") {
            let at = at.attr(count);
            if let Some(list) = counted_list(&count.expr)
                && let Some(field) = self.list_variable(&list)
            {
                return Iteration::OverList(field);
            }
            return match self.defaults.count(&count.expr) {
                Some(0) => {
                    self.note(
                        &at,
                        NoteKind::Unexpressible,
                        format!(
                            "`count = {}` is 0 with the variables' defaults: not imported",
                            count.expr
                        ),
                    );
                    Iteration::Never
                }
                Some(1) => {
                    if !matches!(&count.expr, Expression::Number(_)) {
                        self.note(&at, NoteKind::Unexpressible, format!("`count = {}` is 1 with the variables' defaults: imported unconditionally", count.expr));
                    }
                    Iteration::Once
                }
                Some(n) => {
                    self.note(
                        &at,
                        NoteKind::Unexpressible,
                        format!(
                            "TODO: `count = {}` is {n} with the variables' defaults: imported once",
                            count.expr
                        ),
                    );
                    Iteration::Once
                }
                None => {
                    self.note(&at, NoteKind::Unexpressible, format!("`count = {}` is not decided by the variables' defaults: imported as if 1", count.expr));
                    Iteration::Once
                }
            };
        }
        let Some(for_each) = body.attr("for_each") else {
            return Iteration::Once;
        };
        let at = at.attr(for_each);
        let mut collection = &for_each.expr;
        if let Expression::ForExpr(f) = collection
            && is_identity(f)
        {
            if let Some(cond) = &f.cond_expr {
                match self.defaults.truth(cond) {
                    Some(false) => {
                        self.note(&at, NoteKind::Unexpressible, format!("the condition `{cond}` is false with the variables' defaults: not imported"));
                        return Iteration::Never;
                    }
                    Some(true) => self.note(&at, NoteKind::Unexpressible, format!("the condition `{cond}` is true with the variables' defaults: imported unconditionally")),
                    None => self.note(&at, NoteKind::Unexpressible, format!("the condition `{cond}` is not decided by the variables' defaults: imported unconditionally")),
                }
            }
            collection = &f.collection_expr;
        }
        let inner = match collection {
            Expression::FuncCall(f)
                if matches!(f.name.name.as_str(), "toset" | "tolist") && f.args.len() == 1 =>
            {
                &f.args[0]
            }
            other => other,
        };
        if let Some(name) = var_name(inner) {
            if let Some(field) = self.list_variable(&name) {
                return Iteration::OverList(field);
            }
            self.note(
                &at,
                NoteKind::Unexpressible,
                format!("TODO: `for_each` over var.{name}, a map or object: no DSL field can stand for it, not imported"),
            );
            return Iteration::Never;
        }
        Iteration::Over(self.list(collection, &at, Mode::Plain))
    }

    /// The list field of `var.name`, when it is (or may be) a list.
    fn list_variable(&mut self, name: &str) -> Option<String> {
        let variable = self.config.variable(name);
        let kind = variable.map_or(VarKind::Unknown, |v| v.kind);
        if !matches!(kind, VarKind::List | VarKind::Unknown) {
            return None;
        }
        let doc = variable.and_then(|v| v.doc.clone());
        Some(self.field_named(&format!("var.{name}"), name, ParamKind::List, doc))
    }

    /// Attaches the policy `arn` names to the role at `index`: a policy of the configuration,
    /// or a managed policy ARN.
    fn attach(&mut self, index: usize, arn: &Expression, at: &At) {
        if let Some(ident) = self.policy_of(arn) {
            let policies = &mut self.found.roles[index].policies;
            if !policies.contains(&ident) {
                policies.push(ident);
            }
            return;
        }
        let arn = self.text(arn, at, Mode::Plain);
        let managed = &mut self.found.roles[index].managed;
        if !managed.contains(&arn) {
            managed.push(arn);
        }
    }

    /// Attaches `policy_arn` to `role` as `iteration` says.
    fn attach_iterated(&mut self, role: usize, arn_attr: &Attr, iteration: Iteration, at: &At) {
        let at = at.attr(arn_attr);
        let arn = &arn_attr.expr;
        match iteration {
            Iteration::Never => {}
            Iteration::Once => self.attach(role, arn, &at),
            Iteration::OverList(field) => {
                if is_each_element(arn)
                    || counted_element(arn)
                        .is_some_and(|v| self.list_variable(&v).as_deref() == Some(field.as_str()))
                {
                    let list = placeholder(ParamKind::List, field);
                    let managed = &mut self.found.roles[role].managed;
                    if !managed.contains(&list) {
                        managed.push(list);
                    }
                } else {
                    self.note(&at, NoteKind::Unexpressible, format!("TODO: `{arn}` for each element of the list field `{field}`: not imported"));
                }
            }
            Iteration::Over(items) => {
                if is_each_element(arn) {
                    for item in items {
                        let managed = &mut self.found.roles[role].managed;
                        if !managed.contains(&item) {
                            managed.push(item);
                        }
                    }
                } else {
                    self.note(
                        &at,
                        NoteKind::Unexpressible,
                        format!("TODO: `{arn}` for each element of a list: not imported"),
                    );
                }
            }
        }
    }

    pub(super) fn read_attachment(&mut self, block: &Block) {
        let at = At::block(block);
        let body = &block.body;
        let iteration = self.iteration(body, &at);
        if matches!(iteration, Iteration::Never) {
            return;
        }
        let Some(role) = self.target_role(body, &at) else {
            return;
        };
        let Some(arn) = body.attr("policy_arn") else {
            self.note(
                &at,
                NoteKind::Unexpressible,
                "attaches no policy_arn: not imported".into(),
            );
            return;
        };
        self.attach_iterated(role, arn, iteration, &at);
    }

    pub(super) fn read_policy_attachment(&mut self, block: &Block) {
        let at = At::block(block);
        let body = &block.body;
        let iteration = self.iteration(body, &at);
        if matches!(iteration, Iteration::Never) {
            return;
        }
        for other in ["users", "groups"] {
            if let Some(attr) = body.attr(other) {
                self.note(
                    &at.attr(attr),
                    NoteKind::Skipped,
                    format!("the {other} it attaches to are not imported"),
                );
            }
        }
        let Some(roles_attr) = body.attr("roles") else {
            return;
        };
        let roles_at = at.attr(roles_attr);
        let role_exprs: Vec<Expression> = match self.pick(&roles_attr.expr, &roles_at) {
            Some(Expression::Array(items)) => items.clone(),
            Some(other) => vec![other.clone()],
            None => Vec::new(),
        };
        let Some(arn) = body.attr("policy_arn") else {
            return;
        };
        let mut roles = Vec::new();
        for expr in &role_exprs {
            match self.role_of(expr, &roles_at) {
                Some(role) => roles.push(role),
                None => self.note(
                    &roles_at,
                    NoteKind::Unexpressible,
                    format!("TODO: the role `{expr}` is not declared by this configuration: not imported"),
                ),
            }
        }
        for role in roles {
            let iteration = match &iteration {
                Iteration::Never => Iteration::Never,
                Iteration::Once => Iteration::Once,
                Iteration::OverList(f) => Iteration::OverList(f.clone()),
                Iteration::Over(items) => Iteration::Over(items.clone()),
            };
            self.attach_iterated(role, arn, iteration, &at);
        }
    }

    pub(super) fn read_role_policy(&mut self, block: &Block) {
        let at = At::block(block);
        let body = &block.body;
        if matches!(self.iteration(body, &at), Iteration::Never) {
            return;
        }
        let Some(role) = self.target_role(body, &at) else {
            return;
        };
        let Some(policy) = body.attr("policy") else {
            return;
        };
        let Some(document) = self.document(&policy.expr, &at.attr(policy)) else {
            return;
        };
        let ident = self.found.roles[role].ident.clone();
        self.note(
            &at,
            NoteKind::Changed,
            format!("the inline policy aws_iam_role_policy.{} becomes part of {ident}'s inline policy (the DSL declares one per role, named by the renderer)", block.label(1)),
        );
        self.found.roles[role].inline.push(document);
    }

    pub(super) fn read_instance_profile(&mut self, block: &Block) {
        let at = At::block(block);
        let body = &block.body;
        if matches!(self.iteration(body, &at), Iteration::Never) {
            return;
        }
        let Some(role) = self.target_role(body, &at) else {
            return;
        };
        let name = self.name(body, &at);
        if let Some(path) = body.attr("path") {
            let path_at = at.attr(path);
            if let Some(expr) = self.pick(&path.expr, &path_at)
                && self.defaults.value(expr) != Some(hcl::Value::String("/".into()))
            {
                self.note(&path_at, NoteKind::Unexpressible, format!("the instance profile's path `{expr}` cannot be said in the DSL: it takes the default `/`"));
            }
        }
        if let Some(tags) = body.attr("tags") {
            self.note(
                &at.attr(tags),
                NoteKind::Unexpressible,
                "the instance profile's tags cannot be said in the DSL: left out".into(),
            );
        }
        self.found.roles[role].instance_profile = Some(name);
    }
}

/// `{ for k, v in C : k => v ... }`: the collection itself, filtered by the condition.
fn is_identity(f: &hcl::ForExpr) -> bool {
    let is_var =
        |e: &Expression, name: &str| matches!(e, Expression::Variable(v) if v.as_str() == name);
    match (&f.key_var, &f.key_expr) {
        (Some(k), Some(key)) => {
            is_var(key, k.as_str()) && is_var(&f.value_expr, f.value_var.as_str())
        }
        _ => false,
    }
}

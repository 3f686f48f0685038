//! Terraform expressions resolved to what the DSL says: templates for strings, lists of them
//! (list fields as whole elements), and JSON-shaped values for documents written with
//! `jsonencode`. Whatever Terraform alone can compute becomes a field named after it, noted.

use hcl::{Expression, FuncCall, TraversalOperator};

use super::config::VarKind;
use super::{At, Mode, NoteKind, Reader, placeholder};
use crate::import::value::iam_text;
use crate::model::{ParamKind, Part, Pseudo, Template};

/// A reference: `var.x`, `local.x`, `data.aws_partition.current.partition`,
/// `aws_iam_role.this[0].arn`; indexes and splats are passed over (the import declares one of
/// each resource).
#[derive(Debug)]
pub(super) struct Ref {
    pub root: String,
    pub attrs: Vec<String>,
    pub indexed: bool,
}

impl Ref {
    pub fn of(expr: &Expression) -> Option<Ref> {
        match expr {
            Expression::Variable(v) => Some(Ref {
                root: v.as_str().to_owned(),
                attrs: Vec::new(),
                indexed: false,
            }),
            Expression::Traversal(t) => {
                let Expression::Variable(root) = &t.expr else {
                    return None;
                };
                let mut r = Ref {
                    root: root.as_str().to_owned(),
                    attrs: Vec::new(),
                    indexed: false,
                };
                for op in &t.operators {
                    match op {
                        TraversalOperator::GetAttr(id) => r.attrs.push(id.as_str().to_owned()),
                        _ => r.indexed = true,
                    }
                }
                Some(r)
            }
            _ => None,
        }
    }

    /// `aws_iam_role.X...` → `X`, the resource name under a resource type.
    pub fn resource(&self, ty: &str) -> Option<&str> {
        (self.root == ty)
            .then(|| self.attrs.first().map(String::as_str))
            .flatten()
    }
}

/// Appends `more` to `template`, merging text.
pub(super) fn extend(template: &mut Template, more: Template) {
    for part in more.0 {
        template.push(part);
    }
}

/// Literal text as it reads in `mode`.
pub(super) fn literal(text: &str, mode: Mode) -> Template {
    match mode {
        Mode::Plain => Template::literal(text),
        Mode::Iam => iam_text(text),
        Mode::PolicyDocument => iam_text(&ampersand_variables(text)),
    }
}

/// `&{aws:username}` → `${aws:username}`: `aws_iam_policy_document`'s spelling of a policy
/// variable, which Terraform would otherwise take for an interpolation.
fn ampersand_variables(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("&{") {
        let closed = rest[start..].find('}').is_some();
        out.push_str(&rest[..start]);
        out.push_str(if closed { "${" } else { "&{" });
        rest = &rest[start + 2..];
    }
    out.push_str(rest);
    out
}

pub(super) fn json_number(n: &hcl::Number) -> Option<serde_json::Number> {
    if let Some(i) = n.as_i64() {
        Some(i.into())
    } else if let Some(u) = n.as_u64() {
        Some(u.into())
    } else {
        serde_json::Number::from_f64(n.as_f64()?)
    }
}

impl Reader<'_> {
    /// `expr` with its parentheses and the conditions the defaults decide taken away; `None`
    /// when that leaves `null` (the attribute is left out).
    pub(super) fn pick<'e>(&mut self, expr: &'e Expression, at: &At) -> Option<&'e Expression> {
        match expr {
            Expression::Null => None,
            Expression::Parenthesis(inner) => self.pick(inner, at),
            Expression::Conditional(c) => match self.defaults.truth(&c.cond_expr) {
                Some(truth) => {
                    let taken = if truth { &c.true_expr } else { &c.false_expr };
                    self.note(
                        at,
                        NoteKind::Unexpressible,
                        format!(
                            "the condition `{}` is {truth} with the variables' defaults: the import reads `{taken}`",
                            c.cond_expr
                        ),
                    );
                    self.pick(taken, at)
                }
                None => match (&c.true_expr, &c.false_expr) {
                    (Expression::Null, other) | (other, Expression::Null) => {
                        self.note(
                            at,
                            NoteKind::Unexpressible,
                            format!(
                                "the condition `{}` is not decided by the variables' defaults: the import reads `{other}`, not null",
                                c.cond_expr
                            ),
                        );
                        self.pick(other, at)
                    }
                    _ => Some(expr),
                },
            },
            other => Some(other),
        }
    }

    /// A string, as a template.
    pub(super) fn text(&mut self, expr: &Expression, at: &At, mode: Mode) -> Template {
        let Some(expr) = self.pick(expr, at) else {
            self.note(
                at,
                NoteKind::Unexpressible,
                "a null inside a string reads as nothing".into(),
            );
            return Template::default();
        };
        match expr {
            Expression::String(s) => literal(s, mode),
            Expression::Number(n) => Template::literal(n.to_string()),
            Expression::Bool(b) => Template::literal(b.to_string()),
            Expression::TemplateExpr(t) => self.template(t, expr, at, mode),
            Expression::Variable(_) | Expression::Traversal(_) => {
                self.reference(expr, at, ParamKind::Text, mode)
            }
            Expression::FuncCall(f) => self.call_text(f, expr, at, mode),
            Expression::Conditional(_) => self.field_for(
                expr,
                ParamKind::Text,
                at,
                "depends on a condition the variables' defaults do not decide",
            ),
            _ => self.field_for(expr, ParamKind::Text, at, "is computed by Terraform"),
        }
    }

    /// A string IAM takes as a name of its own (a condition operator, a principal type, an
    /// effect), which the DSL writes out: a variable there reads as its default, noted.
    pub(super) fn written_out(
        &mut self,
        attr: Option<&super::syntax::Attr>,
        at: &At,
    ) -> Option<Template> {
        let attr = attr?;
        let at = at.attr(attr);
        let expr = self.pick(&attr.expr, &at)?;
        if let Some(hcl::Value::String(default)) = self.defaults.value(expr)
            && !matches!(expr, Expression::String(_))
        {
            self.note(
                &at,
                NoteKind::Unexpressible,
                format!("`{expr}` names what the DSL writes out: the import writes its default `{default}`"),
            );
            return Some(Template::literal(default));
        }
        Some(self.text(expr, &at, Mode::Plain))
    }

    /// A string to be read when the attribute is given: `None` when it is absent or null.
    pub(super) fn opt_text(
        &mut self,
        attr: Option<&super::syntax::Attr>,
        at: &At,
        mode: Mode,
    ) -> Option<Template> {
        let attr = attr?;
        let at = at.attr(attr);
        let expr = self.pick(&attr.expr, &at)?;
        Some(self.text(expr, &at, mode))
    }

    fn template(
        &mut self,
        t: &hcl::TemplateExpr,
        whole: &Expression,
        at: &At,
        mode: Mode,
    ) -> Template {
        let Ok(template) = hcl::Template::from_expr(t) else {
            return self.field_for(
                whole,
                ParamKind::Text,
                at,
                "is not a template the import reads",
            );
        };
        let mut out = Template::default();
        for element in template.elements() {
            match element {
                hcl::template::Element::Literal(s) => extend(&mut out, literal(s, mode)),
                hcl::template::Element::Interpolation(i) => {
                    let part = self.text(&i.expr, at, mode);
                    extend(&mut out, part);
                }
                hcl::template::Element::Directive(_) => {
                    return self.field_for(
                        whole,
                        ParamKind::Text,
                        at,
                        "uses a template directive (`%{if}`, `%{for}`)",
                    );
                }
            }
        }
        out
    }

    /// A reference, resolved to what it stands for; `want` is the kind a field made for it gets.
    pub(super) fn reference(
        &mut self,
        expr: &Expression,
        at: &At,
        want: ParamKind,
        mode: Mode,
    ) -> Template {
        let Some(r) = Ref::of(expr) else {
            return self.field_for(expr, want, at, "is computed by Terraform");
        };
        match r.root.as_str() {
            "var" => self.variable(&r, expr, at, want),
            "local" if r.attrs.len() == 1 && !r.indexed => {
                let name = r.attrs[0].clone();
                self.with_local(&name, expr, at, want, |reader, local, at| match want {
                    ParamKind::Text => reader.text(local, at, mode),
                    ParamKind::List => {
                        let items = reader.list(local, at, mode);
                        match <[Template; 1]>::try_from(items) {
                            Ok([one]) => one,
                            Err(_) => reader.field_for(local, ParamKind::List, at, "is a list of several values"),
                        }
                    }
                }, |t| t)
            }
            "data" => self.data_reference(&r, expr, at),
            "aws_iam_role" | "aws_iam_policy" => self.named_reference(&r, expr, at),
            "each" | "count" => self.field_for(
                expr,
                want,
                at,
                "iterates over values only Terraform knows",
            ),
            _ => self.field_for(
                expr,
                want,
                at,
                "is an attribute of a resource the import does not declare, known once Terraform applies",
            ),
        }
    }

    /// `var.x`: its field.
    fn variable(&mut self, r: &Ref, expr: &Expression, at: &At, want: ParamKind) -> Template {
        if r.attrs.len() != 1 || r.indexed {
            return self.field_for(expr, want, at, "reads a part of a variable");
        }
        let name = &r.attrs[0];
        let declared = self.config.variable(name).cloned();
        let kind = declared.as_ref().map_or(VarKind::Unknown, |v| v.kind);
        let doc = declared.as_ref().and_then(|v| v.doc.clone());
        let origin = format!("var.{name}");
        let field_kind = match kind {
            VarKind::Text => ParamKind::Text,
            VarKind::List => ParamKind::List,
            VarKind::Number | VarKind::Bool => {
                if !self.fields_by_origin.contains_key(&origin) {
                    self.note(
                        at,
                        NoteKind::Changed,
                        format!(
                            "var.{name} is a {}; the DSL's parameters are strings: its field is text",
                            if kind == VarKind::Number { "number" } else { "bool" }
                        ),
                    );
                }
                ParamKind::Text
            }
            VarKind::Complex => {
                return self.field_for(
                    expr,
                    want,
                    at,
                    "is a map or object variable, which no DSL field can stand for",
                );
            }
            VarKind::Unknown => want,
        };
        let field = self.field_named(&origin, name, field_kind, doc);
        placeholder(field_kind, field)
    }

    /// Resolves the local `name` with `resolve`; when part of it cannot be, the local as a whole
    /// becomes one field instead (what the attempt added is taken back).
    pub(super) fn with_local<T>(
        &mut self,
        name: &str,
        whole: &Expression,
        at: &At,
        want: ParamKind,
        resolve: impl FnOnce(&mut Self, &Expression, &At) -> T,
        wrap: impl Fn(Template) -> T,
    ) -> T {
        let Some(attr) = self.config.local(name) else {
            let field = self.field_for(
                whole,
                want,
                at,
                "names a local this configuration does not declare",
            );
            return wrap(field);
        };
        if self.locals_in_progress.iter().any(|l| l == name) || self.locals_in_progress.len() > 16 {
            let field = self.field_for(whole, want, at, "refers to itself through other locals");
            return wrap(field);
        }
        let before = (
            self.fallbacks,
            self.found.fields.len(),
            self.fields_by_origin.clone(),
            self.found.notes.len(),
        );
        self.locals_in_progress.push(name.to_owned());
        let resolved = resolve(self, &attr.expr, at);
        self.locals_in_progress.pop();
        if self.fallbacks == before.0 {
            return resolved;
        }
        self.found.fields.truncate(before.1);
        self.fields_by_origin = before.2;
        self.found.notes.truncate(before.3);
        self.fallbacks = before.0 + 1;
        let origin = format!("local.{name}");
        let taken = |reader: &Self, n: &str| {
            reader.found.fields.iter().any(|f| f.name == names_field(n))
                && !reader.fields_by_origin.contains_key(&origin)
        };
        let wanted = if taken(self, name) {
            format!("local_{name}")
        } else {
            name.to_owned()
        };
        let field = self.field_named(
            &origin,
            &wanted,
            want,
            Some(format!("Terraform: `local.{name} = {}`", attr.expr)),
        );
        self.note(
            at,
            NoteKind::Unexpressible,
            format!(
                "local.{name} = `{}` is computed by Terraform: it became the field `{field}`",
                attr.expr
            ),
        );
        wrap(placeholder(want, field))
    }

    /// `data.aws_partition.X.partition`, `data.aws_caller_identity.X.account_id`,
    /// `data.aws_region.X.name`: where the role is deployed.
    fn data_reference(&mut self, r: &Ref, expr: &Expression, at: &At) -> Template {
        let attrs: Vec<&str> = r.attrs.iter().map(String::as_str).collect();
        let pseudo = |p: Pseudo| Template(vec![Part::Pseudo(p)]);
        match attrs.as_slice() {
            ["aws_partition", _, "partition" | "id"] => pseudo(Pseudo::Partition),
            ["aws_caller_identity", _, "account_id" | "id"] => pseudo(Pseudo::AccountId),
            ["aws_region", _, "name" | "region" | "id"] => pseudo(Pseudo::Region),
            ["aws_partition", _, "dns_suffix"] => {
                self.note(
                    at,
                    NoteKind::Changed,
                    format!("`{expr}` reads as `amazonaws.com`, the suffix of the aws and aws-us-gov partitions (aws-cn's is `amazonaws.com.cn`)"),
                );
                Template::literal("amazonaws.com")
            }
            ["aws_iam_policy_document", _, "json" | "minified_json"] => self.field_for(
                expr,
                ParamKind::Text,
                at,
                "is a whole document where a string is expected",
            ),
            _ => self.field_for(
                expr,
                ParamKind::Text,
                at,
                "is read from a data source, known once Terraform applies",
            ),
        }
    }

    /// `aws_iam_role.X.name`/`.id`/`.arn` and `aws_iam_policy.Y.arn`/`.name`: the name or ARN the
    /// configuration gives it, where it gives one.
    fn named_reference(&mut self, r: &Ref, expr: &Expression, at: &At) -> Template {
        let (kind, named) = if r.root == "aws_iam_role" {
            ("role", r.attrs.first().and_then(|n| self.role_names.get(n)))
        } else {
            (
                "policy",
                r.attrs.first().and_then(|n| self.policy_names.get(n)),
            )
        };
        let attr = r.attrs.get(1).map(String::as_str);
        let resolved = named.and_then(|named| {
            let name = named.name.clone()?;
            match (kind, attr) {
                ("role", Some("name" | "id")) | ("policy", Some("name")) => Some(name),
                (_, Some("arn")) | ("policy", Some("id")) => {
                    let mut arn = Template(vec![
                        Part::Text("arn:".into()),
                        Part::Pseudo(Pseudo::Partition),
                        Part::Text(":iam::".into()),
                        Part::Pseudo(Pseudo::AccountId),
                        Part::Text(format!(":{kind}")),
                    ]);
                    extend(
                        &mut arn,
                        named.path.clone().unwrap_or_else(|| Template::literal("/")),
                    );
                    extend(&mut arn, name);
                    Some(arn)
                }
                _ => None,
            }
        });
        match resolved {
            Some(t) => t,
            None => self.field_for(
                expr,
                ParamKind::Text,
                at,
                "is known once Terraform applies (the configuration gives no fixed name)",
            ),
        }
    }

    /// The functions whose result the DSL can say: `format` with `%s`, `coalesce` as the
    /// defaults decide it, and those that pass a single value through.
    pub(super) fn call_text(
        &mut self,
        f: &FuncCall,
        whole: &Expression,
        at: &At,
        mode: Mode,
    ) -> Template {
        let name = f.name.name.as_str();
        let args = &f.args;
        match (name, args.as_slice()) {
            ("try" | "one" | "tostring", [first, ..]) => self.text(first, at, mode),
            ("join", [Expression::String(sep), list]) if sep.is_empty() && is_splat(list) => {
                self.text(list, at, mode)
            }
            ("coalesce", _) => match self.first_given(args, at, whole) {
                Some(arg) => self.text(arg, at, mode),
                None => self.field_for(
                    whole,
                    ParamKind::Text,
                    at,
                    "depends on values only Terraform knows",
                ),
            },
            ("format", [Expression::String(spec), rest @ ..]) => {
                match self.format(spec, rest, at, mode) {
                    Some(t) => t,
                    None => self.field_for(
                        whole,
                        ParamKind::Text,
                        at,
                        "uses a format the import does not read",
                    ),
                }
            }
            _ => self.field_for(
                whole,
                ParamKind::Text,
                at,
                &format!("calls {name}(), which the DSL cannot compute"),
            ),
        }
    }

    /// `coalesce(var.name, "default-${var.cluster}")`: the first argument the defaults do not
    /// leave null or empty, when that can be told.
    pub(super) fn first_given<'e>(
        &mut self,
        args: &'e [Expression],
        at: &At,
        whole: &Expression,
    ) -> Option<&'e Expression> {
        for arg in args {
            match self.defaults.value(arg) {
                Some(hcl::Value::Null) => continue,
                Some(hcl::Value::String(s)) if s.is_empty() => continue,
                Some(hcl::Value::Array(a)) if a.is_empty() => continue,
                _ => {}
            }
            if arg == &args[0] {
                return Some(arg);
            }
            self.note(
                at,
                NoteKind::Unexpressible,
                format!("`{whole}` reads as `{arg}`: the arguments before it are empty with the variables' defaults"),
            );
            return Some(arg);
        }
        None
    }

    /// `format("%s-%s", a, b)` as a template, for the verbs that insert a value as it is.
    fn format(&mut self, spec: &str, args: &[Expression], at: &At, mode: Mode) -> Option<Template> {
        let mut out = Template::default();
        let mut args = args.iter();
        let mut chars = spec.chars().peekable();
        let mut text = String::new();
        while let Some(c) = chars.next() {
            if c != '%' {
                text.push(c);
                continue;
            }
            match chars.next()? {
                '%' => text.push('%'),
                's' | 'd' | 'v' => {
                    extend(&mut out, literal(&text, mode));
                    text.clear();
                    let arg = args.next()?;
                    let value = self.text(arg, at, mode);
                    extend(&mut out, value);
                }
                _ => return None,
            }
        }
        extend(&mut out, literal(&text, mode));
        Some(out)
    }
}

/// The expression under `try(x, ...)`, `one(x)`, `join("", x)` and `element(x, 0)`: how a
/// configuration reads the one instance of a resource with `count`.
pub(super) fn single(expr: &Expression) -> &Expression {
    match expr {
        Expression::Parenthesis(inner) => single(inner),
        Expression::FuncCall(f) => match (f.name.name.as_str(), f.args.as_slice()) {
            ("try" | "one" | "tostring", [first, ..]) => single(first),
            ("join", [Expression::String(sep), list]) if sep.is_empty() => single(list),
            ("element", [list, Expression::Number(n)]) if n.as_u64() == Some(0) => single(list),
            _ => expr,
        },
        _ => expr,
    }
}

/// `aws_iam_role.this.*.name`, `data.x.y[*].json`: one attribute of every instance.
fn is_splat(expr: &Expression) -> bool {
    matches!(expr, Expression::Traversal(t)
        if t.operators.iter().any(|op| matches!(op, TraversalOperator::AttrSplat | TraversalOperator::FullSplat)))
}

/// The field name `wanted` would give.
fn names_field(wanted: &str) -> String {
    super::names::field_ident(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ampersand_braces_are_policy_variables() {
        assert_eq!(
            ampersand_variables("a/&{aws:username}/*"),
            "a/${aws:username}/*"
        );
        assert_eq!(ampersand_variables("a&{b"), "a&{b");
    }
}

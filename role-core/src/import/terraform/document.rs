//! Policy documents as a configuration writes them: `data "aws_iam_policy_document"` blocks
//! (turned into the IAM JSON shape, `Version`/`Statement`/`Effect`/`Action`/`Resource`/
//! `Principal`/`Condition`), `jsonencode({...})`, and JSON text in heredocs or strings with
//! `${...}` interpolations.

use hcl::Expression;
use hcl::template::Element;

use super::resolve::{Ref, extend, literal, single};
use super::syntax::{Block, Body};
use super::{At, Mode, NoteKind, Reader};
use crate::import::{Tv, TvMap};
use crate::model::Template;

/// Private-use characters that cannot occur in a policy: they mark where an interpolation stood
/// in JSON text while the text is parsed.
const HOLE_OPEN: char = '\u{E000}';
const HOLE_CLOSE: char = '\u{E001}';

fn key(name: &str) -> Template {
    Template::literal(name)
}

/// IAM's one-or-many: a single string stays a string, unless it is a list field.
fn one_or_many(items: Vec<Template>) -> Tv {
    match <[Template; 1]>::try_from(items) {
        Ok([one]) if one.list().is_none() => Tv::Str(one),
        Ok([one]) => Tv::List(vec![Tv::Str(one)]),
        Err(items) => Tv::List(items.into_iter().map(Tv::Str).collect()),
    }
}

/// The statements of a document value, as a list.
fn statements_of(document: &Tv) -> Vec<Tv> {
    match document.get("Statement") {
        Some(Tv::List(items)) => items.clone(),
        Some(one @ Tv::Map(_)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

/// Adds `statement`, replacing one with the same `Sid`: how `aws_iam_policy_document` merges
/// source and override documents.
fn merge_by_sid(statements: &mut Vec<Tv>, statement: Tv) {
    let sid = statement
        .get("Sid")
        .and_then(Tv::as_template)
        .filter(|s| !s.0.is_empty())
        .cloned();
    if let Some(sid) = sid {
        let same = |s: &Tv| s.get("Sid").and_then(Tv::as_template) == Some(&sid);
        if let Some(existing) = statements.iter_mut().find(|s| same(s)) {
            *existing = statement;
            return;
        }
    }
    statements.push(statement);
}

/// `data.aws_iam_policy_document.X.json` → `X`.
fn policy_document_name(expr: &Expression) -> Option<String> {
    let r = Ref::of(expr)?;
    match (r.root.as_str(), r.attrs.as_slice()) {
        ("data", [ty, name, attr])
            if ty == "aws_iam_policy_document" && (attr == "json" || attr == "minified_json") =>
        {
            Some(name.clone())
        }
        _ => None,
    }
}

impl Reader<'_> {
    /// A policy document where a role or policy takes one; `None`, noted, when it cannot be read.
    pub(super) fn document(&mut self, expr: &Expression, at: &At) -> Option<Tv> {
        let expr = single(self.pick(expr, at)?);
        if let Some(name) = policy_document_name(expr) {
            return self.policy_document(&name, at);
        }
        match expr {
            Expression::String(s) => self.json_text(&[Element::Literal(s.clone())], at),
            Expression::TemplateExpr(t) => match hcl::Template::from_expr(t) {
                Ok(template) => self.json_text(template.elements(), at),
                Err(err) => {
                    self.note(at, NoteKind::Unexpressible, format!("the policy text is not a template the import reads ({err}): not imported"));
                    None
                }
            },
            Expression::FuncCall(f) => {
                let name = f.name.name.as_str();
                match (name, f.args.as_slice()) {
                    ("jsonencode", [value]) => Some(self.value(value, at, Mode::Iam)),
                    ("file" | "templatefile", _) => {
                        self.note(at, NoteKind::Unexpressible, format!("TODO: `{expr}` reads the policy from a file beside the configuration; import that file as a JSON document"));
                        None
                    }
                    _ => {
                        self.note(
                            at,
                            NoteKind::Unexpressible,
                            format!(
                                "TODO: the policy `{expr}` is computed by Terraform: not imported"
                            ),
                        );
                        None
                    }
                }
            }
            _ => match Ref::of(expr) {
                Some(r) if r.root == "local" && r.attrs.len() == 1 && !r.indexed => {
                    let local = self.config.local(&r.attrs[0])?;
                    let depth = self.locals_in_progress.len();
                    if depth > 16 || self.locals_in_progress.contains(&r.attrs[0]) {
                        return None;
                    }
                    self.locals_in_progress.push(r.attrs[0].clone());
                    let document = self.document(&local.expr, at);
                    self.locals_in_progress.pop();
                    document
                }
                _ => {
                    self.note(at, NoteKind::Unexpressible, format!("TODO: the policy `{expr}` is a whole document from outside the configuration; the DSL writes documents out: not imported"));
                    None
                }
            },
        }
    }

    /// JSON text with interpolations: each `${...}` is marked, the text parsed as JSON, and the
    /// marks replaced by what the interpolations resolve to (inside a string, a part of it;
    /// standing alone, a whole value).
    fn json_text(&mut self, elements: &[Element], at: &At) -> Option<Tv> {
        let mut text = String::new();
        let mut holes = Vec::new();
        let mut in_string = false;
        let mut escaped = false;
        for element in elements {
            match element {
                Element::Literal(s) => {
                    for c in s.chars() {
                        match (escaped, c) {
                            (true, _) => escaped = false,
                            (false, '\\') if in_string => escaped = true,
                            (false, '"') => in_string = !in_string,
                            _ => {}
                        }
                    }
                    text.push_str(s);
                }
                Element::Interpolation(i) => {
                    let mark = format!("{HOLE_OPEN}{}{HOLE_CLOSE}", holes.len());
                    if in_string {
                        text.push_str(&mark);
                    } else {
                        text.push('"');
                        text.push_str(&mark);
                        text.push('"');
                    }
                    holes.push(i.expr.clone());
                }
                Element::Directive(_) => {
                    self.note(at, NoteKind::Unexpressible, "TODO: the policy text uses a template directive (`%{if}`, `%{for}`): not imported".into());
                    return None;
                }
            }
        }
        let json: serde_json::Value = match serde_json::from_str(&text) {
            Ok(json) => json,
            Err(err) => {
                self.note(
                    at,
                    NoteKind::Unexpressible,
                    format!("the policy text is not JSON ({err}): not imported"),
                );
                return None;
            }
        };
        Some(self.json_value(&json, &holes, at))
    }

    fn json_value(&mut self, json: &serde_json::Value, holes: &[Expression], at: &At) -> Tv {
        match json {
            serde_json::Value::Null => Tv::Null,
            serde_json::Value::Bool(b) => Tv::Bool(*b),
            serde_json::Value::Number(n) => Tv::Number(n.clone()),
            serde_json::Value::String(s) => {
                if let Some(index) = whole_hole(s) {
                    return match holes.get(index) {
                        Some(expr) => self.value(expr, at, Mode::Iam),
                        None => Tv::Str(Template::literal(s.clone())),
                    };
                }
                Tv::Str(self.json_string(s, holes, at))
            }
            serde_json::Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    // A list standing alone as an element spreads into the array.
                    match self.json_value(item, holes, at) {
                        Tv::List(inner) if matches!(item, serde_json::Value::String(s) if whole_hole(s).is_some()) =>
                        {
                            out.extend(inner);
                        }
                        value => out.push(value),
                    }
                }
                Tv::List(out)
            }
            serde_json::Value::Object(map) => Tv::Map(
                map.iter()
                    .map(|(k, v)| {
                        (
                            self.json_string(k, holes, at),
                            self.json_value(v, holes, at),
                        )
                    })
                    .collect(),
            ),
        }
    }

    fn json_string(&mut self, s: &str, holes: &[Expression], at: &At) -> Template {
        let mut out = Template::default();
        let mut rest = s;
        while let Some(start) = rest.find(HOLE_OPEN) {
            let Some(len) = rest[start..].find(HOLE_CLOSE) else {
                break;
            };
            let index: Option<usize> = rest[start + HOLE_OPEN.len_utf8()..start + len].parse().ok();
            extend(&mut out, literal(&rest[..start], Mode::Iam));
            if let Some(expr) = index.and_then(|i| holes.get(i)) {
                let part = self.text(expr, at, Mode::Iam);
                extend(&mut out, part);
            }
            rest = &rest[start + len + HOLE_CLOSE.len_utf8()..];
        }
        extend(&mut out, literal(rest, Mode::Iam));
        out
    }

    /// The document of `data "aws_iam_policy_document" "name"`, built once.
    pub(super) fn policy_document(&mut self, name: &str, at: &At) -> Option<Tv> {
        if let Some(built) = self.documents.get(name) {
            return built.clone();
        }
        if self.documents_in_progress.iter().any(|n| n == name) {
            self.note(
                at,
                NoteKind::Unexpressible,
                format!("data.aws_iam_policy_document.{name} includes itself: not imported"),
            );
            return None;
        }
        let Some(block) = self.config.block("data", "aws_iam_policy_document", name) else {
            self.note(at, NoteKind::Unexpressible, format!("TODO: data.aws_iam_policy_document.{name} is not in this configuration: not imported"));
            return None;
        };
        self.documents_in_progress.push(name.to_owned());
        let built = self.build_document(block);
        self.documents_in_progress.pop();
        self.documents.insert(name.to_owned(), Some(built.clone()));
        Some(built)
    }

    fn build_document(&mut self, block: &Block) -> Tv {
        let at = At::block(block);
        let body = &block.body;
        let mut statements = Vec::new();
        for source in ["source_policy_documents", "source_json"] {
            for document in self.documents_in(body, source, &at) {
                statements.extend(statements_of(&document));
            }
        }
        for statement in self.statements(body, &at) {
            merge_by_sid(&mut statements, statement);
        }
        for over in ["override_policy_documents", "override_json"] {
            for document in self.documents_in(body, over, &at) {
                for statement in statements_of(&document) {
                    merge_by_sid(&mut statements, statement);
                }
            }
        }
        let version = self
            .opt_text(body.attr("version"), &at, Mode::Plain)
            .unwrap_or_else(|| Template::literal("2012-10-17"));
        let mut document: TvMap = vec![(key("Version"), Tv::Str(version))];
        if let Some(id) = self.opt_text(body.attr("policy_id"), &at, Mode::Plain) {
            document.push((key("Id"), Tv::Str(id)));
        }
        document.push((key("Statement"), Tv::List(statements)));
        Tv::Map(document)
    }

    /// The documents `source_policy_documents` (or the like) names; those it cannot read noted.
    fn documents_in(&mut self, body: &Body, name: &str, at: &At) -> Vec<Tv> {
        let Some(attr) = body.attr(name) else {
            return Vec::new();
        };
        let at = at.attr(attr);
        let Some(expr) = self.pick(&attr.expr, &at) else {
            return Vec::new();
        };
        let items: Vec<Expression> = match expr {
            Expression::Array(items) => items.clone(),
            single if name.ends_with("_json") => vec![single.clone()],
            other => {
                self.note(&at, NoteKind::Unexpressible, format!("TODO: the documents `{other}` come from outside the configuration: their statements are not imported"));
                return Vec::new();
            }
        };
        items
            .iter()
            .filter_map(|item| self.document(item, &at))
            .collect()
    }

    /// The statements a block body declares: `statement` blocks and the `dynamic "statement"`
    /// ones the defaults decide.
    fn statements(&mut self, body: &Body, at: &At) -> Vec<Tv> {
        let mut out = Vec::new();
        let (mut plain, mut dynamic) = (0, 0);
        for block in &body.blocks {
            match (block.kind.as_str(), block.label(0)) {
                ("statement", _) => {
                    let at = at.child(&format!("statement[{plain}]"), block.line);
                    plain += 1;
                    out.push(self.statement(&block.body, &at));
                }
                ("dynamic", "statement") => {
                    let at = at.child(&format!("dynamic.statement[{dynamic}]"), block.line);
                    dynamic += 1;
                    for content in self.dynamic_bodies(block, &at) {
                        out.push(self.statement(content, &at));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The bodies a `dynamic` block generates when the defaults decide them and they do not read
    /// the iterator; otherwise none, noted (the DSL has no loops).
    pub(super) fn dynamic_bodies<'b>(&mut self, block: &'b Block, at: &At) -> Vec<&'b Body> {
        let label = block.label(0);
        let iterator = match block.body.attr("iterator").map(|a| &a.expr) {
            Some(Expression::Variable(v)) => v.as_str().to_owned(),
            _ => label.to_owned(),
        };
        let (Some(for_each), Some(content)) = (
            block.body.attr("for_each"),
            block.body.blocks("content").next(),
        ) else {
            self.note(
                at,
                NoteKind::Unexpressible,
                format!("TODO: dynamic \"{label}\" without for_each or content: not imported"),
            );
            return Vec::new();
        };
        let count = match self.defaults.value(&for_each.expr) {
            Some(hcl::Value::Array(items)) => Some(items.len()),
            Some(hcl::Value::Object(map)) => Some(map.len()),
            _ => None,
        };
        match count {
            Some(0) => {
                // A condition left out widens what the statement allows: that is for a person to see to.
                let todo = if label == "condition" { "TODO: " } else { "" };
                self.note(at, NoteKind::Unexpressible, format!("{todo}dynamic \"{label}\" over `{}` generates no block with the variables' defaults: none imported", for_each.expr));
                Vec::new()
            }
            Some(1) if !reads_iterator(&content.body, &iterator) => {
                self.note(at, NoteKind::Unexpressible, format!("dynamic \"{label}\" over `{}` generates one block with the variables' defaults: imported once", for_each.expr));
                vec![&content.body]
            }
            _ => {
                self.note(at, NoteKind::Unexpressible, format!("TODO: dynamic \"{label}\" over `{}` generates a block for each value Terraform is given; the DSL has no loops: none imported", for_each.expr));
                Vec::new()
            }
        }
    }

    /// One statement in the IAM shape.
    fn statement(&mut self, body: &Body, at: &At) -> Tv {
        let mut statement: TvMap = Vec::new();
        if let Some(sid) = self.opt_text(body.attr("sid"), at, Mode::Plain) {
            statement.push((key("Sid"), Tv::Str(sid)));
        }
        let effect = self
            .written_out(body.attr("effect"), at)
            .unwrap_or_else(|| Template::literal("Allow"));
        statement.push((key("Effect"), Tv::Str(effect)));
        for (attr, element) in [
            ("actions", "Action"),
            ("not_actions", "NotAction"),
            ("resources", "Resource"),
            ("not_resources", "NotResource"),
        ] {
            if let Some(a) = body.attr(attr) {
                let items = self.list(&a.expr, &at.attr(a), Mode::PolicyDocument);
                statement.push((key(element), one_or_many(items)));
            }
        }
        if let Some(principal) = self.principals(body, at) {
            statement.push((key("Principal"), principal));
        }
        for block in body.blocks("not_principals") {
            let at = at.child("not_principals", block.line);
            self.note(
                &at,
                NoteKind::Unexpressible,
                "TODO: NotPrincipal cannot be said in the DSL: it is left out of the statement"
                    .into(),
            );
        }
        if let Some(condition) = self.conditions(body, at) {
            statement.push((key("Condition"), condition));
        }
        Tv::Map(statement)
    }

    /// The blocks of `kind` in `body`, and those its `dynamic "kind"` blocks generate.
    fn blocks_of<'b>(&mut self, body: &'b Body, kind: &str, at: &At) -> Vec<(&'b Body, At)> {
        let mut out = Vec::new();
        let mut index = 0;
        for block in &body.blocks {
            if block.kind == kind {
                out.push((
                    &block.body,
                    at.child(&format!("{kind}[{index}]"), block.line),
                ));
                index += 1;
            } else if block.kind == "dynamic" && block.label(0) == kind {
                let at = at.child(&format!("dynamic.{kind}"), block.line);
                for content in self.dynamic_bodies(block, &at) {
                    out.push((content, at.clone()));
                }
            }
        }
        out
    }

    /// `principals { type identifiers }` blocks, merged by type as the data source does; type
    /// `*` is the anonymous principal `"*"`.
    fn principals(&mut self, body: &Body, at: &At) -> Option<Tv> {
        let mut by_type: Vec<(Template, Vec<Template>)> = Vec::new();
        for (block, at) in self.blocks_of(body, "principals", at) {
            let ty = self
                .written_out(block.attr("type"), &at)
                .unwrap_or_default();
            let identifiers = match block.attr("identifiers") {
                Some(a) => self.list(&a.expr, &at.attr(a), Mode::PolicyDocument),
                None => Vec::new(),
            };
            match by_type.iter_mut().find(|(t, _)| *t == ty) {
                Some((_, ids)) => ids.extend(identifiers),
                None => by_type.push((ty, identifiers)),
            }
        }
        if by_type.is_empty() {
            return None;
        }
        if let [(ty, ids)] = by_type.as_slice()
            && ty.as_plain().as_deref() == Some("*")
        {
            let star = Template::literal("*");
            if ids.iter().all(|i| *i == star) {
                return Some(Tv::Str(star));
            }
        }
        Some(Tv::Map(
            by_type
                .into_iter()
                .map(|(ty, ids)| (ty, one_or_many(ids)))
                .collect(),
        ))
    }

    /// `condition { test variable values }` blocks: `{test: {variable: values}}`, values of the
    /// same test and variable together.
    fn conditions(&mut self, body: &Body, at: &At) -> Option<Tv> {
        let mut by_test: Vec<(Template, ConditionKeys)> = Vec::new();
        for (block, at) in self.blocks_of(body, "condition", at) {
            let test = self
                .written_out(block.attr("test"), &at)
                .unwrap_or_default();
            let variable = self
                .opt_text(block.attr("variable"), &at, Mode::PolicyDocument)
                .unwrap_or_default();
            let values = match block.attr("values") {
                Some(a) => self.list(&a.expr, &at.attr(a), Mode::PolicyDocument),
                None => Vec::new(),
            };
            let keys = match by_test.iter_mut().find(|(t, _)| *t == test) {
                Some((_, keys)) => keys,
                None => {
                    by_test.push((test, Vec::new()));
                    &mut by_test.last_mut().expect("pushed").1
                }
            };
            match keys.iter_mut().find(|(v, _)| *v == variable) {
                Some((_, existing)) => existing.extend(values),
                None => keys.push((variable, values)),
            }
        }
        if by_test.is_empty() {
            return None;
        }
        Some(Tv::Map(
            by_test
                .into_iter()
                .map(|(test, keys)| {
                    let keys = keys.into_iter().map(|(k, v)| (k, one_or_many(v))).collect();
                    (test, Tv::Map(keys))
                })
                .collect(),
        ))
    }
}

/// A condition operator's keys, each with its values.
type ConditionKeys = Vec<(Template, Vec<Template>)>;

/// The index of the interpolation a JSON string is made of alone.
fn whole_hole(s: &str) -> Option<usize> {
    s.strip_prefix(HOLE_OPEN)?
        .strip_suffix(HOLE_CLOSE)?
        .parse()
        .ok()
}

/// Whether a `dynamic` block's content reads its iterator (`statement.value`).
fn reads_iterator(body: &Body, iterator: &str) -> bool {
    let prefix = format!("{iterator}.");
    let reads = |text: String| {
        text.match_indices(&prefix).any(|(i, _)| {
            !text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        })
    };
    body.attrs.iter().any(|a| reads(a.expr.to_string()))
        || body
            .blocks
            .iter()
            .any(|b| reads_iterator(&b.body, iterator))
}

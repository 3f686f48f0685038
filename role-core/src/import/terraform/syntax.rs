//! The two spellings of a Terraform configuration, HCL (`.tf`) and Terraform's JSON syntax
//! (`.tf.json`), read into one tree of blocks and attributes whose values are HCL expressions,
//! each with its line, so that everything after reads both alike.

use hcl::Expression;
use hcl::edit::Span;
use hcl::edit::structure::{BlockLabel, Structure};
use jsonc_parser::ast::{Object, Value};

use super::super::{Input, Place, ReadError};

/// One attribute: `name = expr`.
#[derive(Debug, Clone)]
pub struct Attr {
    pub name: String,
    pub expr: Expression,
    pub line: Option<usize>,
}

/// One block: `kind "label" ... { body }`.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Body,
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Body {
    pub attrs: Vec<Attr>,
    pub blocks: Vec<Block>,
}

impl Body {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    pub fn blocks<'b>(&'b self, kind: &'b str) -> impl Iterator<Item = &'b Block> + 'b {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

impl Block {
    pub fn label(&self, index: usize) -> &str {
        self.labels.get(index).map_or("", String::as_str)
    }
}

/// The configuration in `input`: JSON syntax when the path ends in `.json`, HCL otherwise.
pub fn parse(input: &Input) -> Result<Body, ReadError> {
    let lines = Lines::new(&input.text);
    if input.path.ends_with(".json") {
        parse_json(&input.text, &lines)
    } else {
        parse_hcl(&input.text, &lines)
    }
}

/// Byte offsets to one-based line numbers.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    fn column(&self, offset: usize) -> usize {
        offset - self.starts[self.line(offset) - 1] + 1
    }
}

fn parse_hcl(text: &str, lines: &Lines) -> Result<Body, ReadError> {
    let body = hcl::edit::parser::parse_body(text).map_err(|err| ReadError {
        place: Place {
            line: Some(err.location().line()),
            column: Some(err.location().column()),
            path: String::new(),
        },
        message: format!("this is not HCL: {}", err.message()),
    })?;
    Ok(hcl_body(&body, lines))
}

fn hcl_body(body: &hcl::edit::structure::Body, lines: &Lines) -> Body {
    let mut out = Body::default();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => out.attrs.push(Attr {
                name: attr.key.as_str().to_owned(),
                expr: attr.value.clone().into(),
                line: attr.span().map(|s| lines.line(s.start)),
            }),
            Structure::Block(block) => out.blocks.push(Block {
                kind: block.ident.as_str().to_owned(),
                labels: block
                    .labels
                    .iter()
                    .map(|label| match label {
                        BlockLabel::Ident(ident) => ident.as_str().to_owned(),
                        BlockLabel::String(s) => s.as_str().to_owned(),
                    })
                    .collect(),
                body: hcl_body(&block.body, lines),
                line: block.span().map(|s| lines.line(s.start)),
            }),
        }
    }
    out
}

/// How many labels a block of this kind has: Terraform's JSON syntax nests one object per label.
fn label_count(kind: &str) -> usize {
    match kind {
        "resource" | "data" => 2,
        "variable" | "output" | "module" | "provider" | "dynamic" | "provisioner" => 1,
        _ => 0,
    }
}

/// The keys that are nested blocks, not attributes, in the body of a block of `kind` (for
/// `content`, the kind the `dynamic` block generates). JSON cannot tell them apart; Terraform
/// knows them from the provider's schema, and these are the ones the import reads.
fn nested_blocks(kind: &str) -> &'static [&'static str] {
    match kind {
        "resource" => &[
            "inline_policy",
            "dynamic",
            "lifecycle",
            "timeouts",
            "provisioner",
        ],
        "data" => &["statement", "dynamic", "lifecycle"],
        "statement" => &["principals", "not_principals", "condition", "dynamic"],
        "dynamic" => &["content"],
        "variable" => &["validation"],
        "terraform" => &["required_providers", "backend"],
        _ => &[],
    }
}

fn parse_json(text: &str, lines: &Lines) -> Result<Body, ReadError> {
    let parsed = crate::syntax::json::parse_strict(text).map_err(|err| {
        let start = err.range().start;
        ReadError {
            place: Place {
                line: Some(lines.line(start)),
                column: Some(lines.column(start)),
                path: String::new(),
            },
            message: format!("this is not JSON: {}", err.kind()),
        }
    })?;
    let Some(Value::Object(root)) = &parsed.value else {
        return Err(ReadError {
            place: Place {
                line: Some(1),
                column: Some(1),
                path: String::new(),
            },
            message: "a Terraform JSON configuration is a JSON object".into(),
        });
    };
    let reader = JsonReader { lines };
    let mut body = Body::default();
    for prop in &root.properties {
        let kind = prop.name.as_str();
        if kind == "//" {
            continue;
        }
        if kind == "locals" {
            reader.each_object(&prop.value, "locals", &mut |object| {
                let locals = reader.body(object, "locals")?;
                body.blocks.push(Block {
                    kind: "locals".into(),
                    labels: Vec::new(),
                    line: Some(lines.line(object.range.start)),
                    body: locals,
                });
                Ok(())
            })?;
        } else {
            reader.blocks(
                kind,
                kind,
                &prop.value,
                label_count(kind),
                &mut Vec::new(),
                &mut body,
            )?;
        }
    }
    Ok(body)
}

struct JsonReader<'l> {
    lines: &'l Lines,
}

impl JsonReader<'_> {
    fn error(&self, offset: usize, message: String) -> ReadError {
        ReadError {
            place: Place {
                line: Some(self.lines.line(offset)),
                column: Some(self.lines.column(offset)),
                path: String::new(),
            },
            message,
        }
    }

    /// A block's body, or each body of an array of them (JSON's repeated blocks).
    fn each_object(
        &self,
        value: &Value,
        kind: &str,
        f: &mut dyn FnMut(&Object) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        match value {
            Value::Object(object) => f(object),
            Value::Array(array) => array
                .elements
                .iter()
                .try_for_each(|element| self.each_object(element, kind, f)),
            other => Err(self.error(
                jsonc_parser::common::Ranged::range(other).start,
                format!("a `{kind}` block is written as a JSON object"),
            )),
        }
    }

    /// The blocks of `kind` under `value`, one object level per label still to read.
    fn blocks(
        &self,
        kind: &str,
        schema: &str,
        value: &Value,
        labels_left: usize,
        labels: &mut Vec<String>,
        out: &mut Body,
    ) -> Result<(), ReadError> {
        if labels_left == 0 {
            return self.each_object(value, kind, &mut |object| {
                out.blocks.push(Block {
                    kind: kind.to_owned(),
                    labels: labels.clone(),
                    line: Some(self.lines.line(object.range.start)),
                    body: self.body(object, schema)?,
                });
                Ok(())
            });
        }
        let Value::Object(object) = value else {
            return Err(self.error(
                jsonc_parser::common::Ranged::range(value).start,
                format!("a `{kind}` block's labels are written as JSON object keys"),
            ));
        };
        for prop in &object.properties {
            let label = prop.name.as_str();
            if label == "//" {
                continue;
            }
            labels.push(label.to_owned());
            // A `dynamic` block's body is shaped as the block it generates.
            let schema = if kind == "dynamic" { "dynamic" } else { schema };
            self.blocks(kind, schema, &prop.value, labels_left - 1, labels, out)?;
            labels.pop();
        }
        Ok(())
    }

    fn body(&self, object: &Object, kind: &str) -> Result<Body, ReadError> {
        let mut body = Body::default();
        let nested = nested_blocks(kind);
        for prop in &object.properties {
            let name = prop.name.as_str();
            if name == "//" {
                continue;
            }
            if nested.contains(&name) {
                // `content` is shaped as the block its `dynamic` generates: a statement's.
                let schema = if name == "content" { "statement" } else { name };
                self.blocks(
                    name,
                    schema,
                    &prop.value,
                    label_count(name),
                    &mut Vec::new(),
                    &mut body,
                )?;
                continue;
            }
            let line = Some(self.lines.line(prop.range.start));
            let expr = match (kind, name) {
                // A variable's type is a type expression, its default and description literal.
                ("variable", "type") => self.expression_text(&prop.value)?,
                ("variable", _) => literal(&prop.value),
                _ => self.expression(&prop.value)?,
            };
            body.attrs.push(Attr {
                name: name.to_owned(),
                expr,
                line,
            });
        }
        Ok(body)
    }

    /// A JSON value as Terraform reads an attribute's: strings are templates.
    fn expression(&self, value: &Value) -> Result<Expression, ReadError> {
        Ok(match value {
            Value::StringLit(s) => self.template(&s.value, s.range.start)?,
            Value::Object(object) => {
                let mut map = hcl::Object::new();
                for prop in &object.properties {
                    let key = prop.name.as_str();
                    if key == "//" {
                        continue;
                    }
                    let key = self.template(key, prop.range.start)?;
                    map.insert(
                        hcl::ObjectKey::Expression(key),
                        self.expression(&prop.value)?,
                    );
                }
                Expression::Object(map)
            }
            Value::Array(array) => Expression::Array(
                array
                    .elements
                    .iter()
                    .map(|e| self.expression(e))
                    .collect::<Result<_, _>>()?,
            ),
            other => literal(other),
        })
    }

    /// A string holding an expression (a variable's `type`).
    fn expression_text(&self, value: &Value) -> Result<Expression, ReadError> {
        match value {
            Value::StringLit(s) => s.value.parse::<Expression>().map_err(|err| {
                self.error(
                    s.range.start,
                    format!("this is not an HCL expression: {err}"),
                )
            }),
            other => Ok(literal(other)),
        }
    }

    /// A JSON string as Terraform reads it: a template, where one interpolation alone is the
    /// value of its expression.
    fn template(&self, text: &str, offset: usize) -> Result<Expression, ReadError> {
        let template = text.parse::<hcl::Template>().map_err(|err| {
            self.error(
                offset,
                format!("this string is not a Terraform template: {err}"),
            )
        })?;
        let elements = template.elements();
        if let [hcl::template::Element::Interpolation(interpolation)] = elements {
            return Ok(interpolation.expr.clone());
        }
        let literal: Option<String> = elements
            .iter()
            .map(|e| match e {
                hcl::template::Element::Literal(s) => Some(s.as_str()),
                _ => None,
            })
            .collect();
        Ok(match literal {
            Some(s) => Expression::String(s),
            None => {
                Expression::TemplateExpr(Box::new(hcl::TemplateExpr::QuotedString(text.to_owned())))
            }
        })
    }
}

/// A JSON value taken as it is written, strings included.
fn literal(value: &Value) -> Expression {
    match value {
        Value::StringLit(s) => Expression::String(s.value.to_string()),
        Value::NumberLit(n) => n
            .value
            .parse::<i64>()
            .map(hcl::Number::from)
            .ok()
            .or_else(|| n.value.parse::<f64>().ok().and_then(hcl::Number::from_f64))
            .map_or(Expression::Null, Expression::Number),
        Value::BooleanLit(b) => Expression::Bool(b.value),
        Value::NullKeyword(_) => Expression::Null,
        Value::Array(array) => Expression::Array(array.elements.iter().map(literal).collect()),
        Value::Object(object) => Expression::Object(
            object
                .properties
                .iter()
                .map(|p| {
                    (
                        hcl::ObjectKey::Expression(Expression::String(p.name.as_str().to_owned())),
                        literal(&p.value),
                    )
                })
                .collect(),
        ),
    }
}

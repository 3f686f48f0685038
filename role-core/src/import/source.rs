//! Spells [`Item`]s as DSL source, laid out as rustfmt lays out a call: an argument list on one
//! line when it fits in 100 columns, else one argument a line, and so on inward.

use std::fmt::Write;

use super::dsl::{Arg, Condition, Item, Statement, Trust, Value};
use crate::model::{Effect, ParamKind, Template};

const MAX_WIDTH: usize = 100;
const INDENT: usize = 4;

/// A whole source file: a header naming the inputs, the notes about no one item, the `use` line
/// and the items.
pub fn file(inputs: &[&str], notes: &[String], items: &[Item]) -> String {
    let inputs: Vec<String> = inputs
        .iter()
        .map(|i| format!("`{}`", one_line(i)))
        .collect();
    let mut out = String::new();
    for line in wrap(
        &format!("Imported by `role-cli import` from {}.", inputs.join(", ")),
        MAX_WIDTH - 4,
    ) {
        let _ = writeln!(out, "//! {line}");
    }
    if !notes.is_empty() {
        out.push_str("//!\n");
        for note in notes {
            for line in wrap(note, MAX_WIDTH - 4) {
                let _ = writeln!(out, "//! {line}");
            }
        }
    }
    let mut macros: Vec<&str> = items.iter().map(|i| i.kind.attr()).collect();
    macros.sort_unstable();
    macros.dedup();
    match macros.as_slice() {
        [] => {}
        [one] => {
            let _ = write!(out, "\nuse role_dsl::{one};\n");
        }
        many => {
            let _ = write!(out, "\nuse role_dsl::{{{}}};\n", many.join(", "));
        }
    }
    for item in items {
        out.push('\n');
        out.push_str(&self::item(item));
    }
    out
}

/// One item: its comments, doc comment, attribute and struct.
pub fn item(item: &Item) -> String {
    let mut out = String::new();
    for comment in &item.comments {
        for line in wrap(comment, MAX_WIDTH - 3) {
            let _ = writeln!(out, "// {line}");
        }
    }
    if let Some(doc) = &item.doc {
        for line in wrap(doc, MAX_WIDTH - 4) {
            let _ = writeln!(out, "/// {line}");
        }
    }
    let args: Vec<Node> = item.args.iter().map(arg).collect();
    out.push_str(&Node::Call(format!("#[{}", item.kind.attr()), args).layout(0, 0, 1, true));
    out.push_str("]\n");
    if item.fields.is_empty() {
        let _ = writeln!(out, "pub struct {};", item.ident);
        return out;
    }
    let _ = writeln!(out, "pub struct {} {{", item.ident);
    for field in &item.fields {
        if let Some(doc) = &field.doc {
            for line in wrap(doc, MAX_WIDTH - 8) {
                let _ = writeln!(out, "    /// {line}");
            }
        }
        let ty = match field.kind {
            ParamKind::Text => "String",
            ParamKind::List => "Vec<String>",
        };
        let _ = writeln!(out, "    pub {}: {ty},", field.name);
    }
    out.push_str("}\n");
    out
}

/// Every template of an item, for the fields it needs.
pub fn templates(item: &Item) -> Vec<&Template> {
    let mut out = Vec::new();
    for arg in &item.args {
        match arg {
            Arg::Text(_, t) => out.push(t),
            Arg::List(_, list) => out.extend(list),
            Arg::Tags(tags) => out.extend(tags.iter().map(|(_, v)| v)),
            Arg::Trust(trust) => {
                out.extend(&trust.values);
                out.extend(&trust.external_id);
                conditions_templates(&trust.conditions, &mut out);
            }
            Arg::Statement(statement) => {
                out.extend(&statement.resources);
                conditions_templates(&statement.conditions, &mut out);
            }
            Arg::Duration(..) | Arg::Bool(..) | Arg::Idents(..) => {}
        }
    }
    out
}

fn conditions_templates<'a>(conditions: &'a [Condition], out: &mut Vec<&'a Template>) {
    for condition in conditions {
        out.push(&condition.key);
        out.extend(condition.values.iter().filter_map(|v| match v {
            Value::Str(t) => Some(t),
            _ => None,
        }));
    }
}

/// What the layout works on: a call, `key = value`, a list or a token.
enum Node {
    Atom(String),
    Assign(String, Box<Node>),
    Call(String, Vec<Node>),
    List(Vec<Node>),
}

/// rustfmt's `attr_fn_like_width`: the arguments of a call in an attribute stay on one line when
/// they take at most this many columns.
const CALL_ARGS_WIDTH: usize = 70;

impl Node {
    fn flat(&self) -> String {
        match self {
            Node::Atom(text) => text.clone(),
            Node::Assign(key, value) => format!("{key} = {}", value.flat()),
            Node::Call(name, args) => format!("{name}({})", flat_list(args)),
            Node::List(items) => format!("[{}]", flat_list(items)),
        }
    }

    /// The node starting at `column` of a line indented by `indent`, followed by `tail` more
    /// characters (a comma, a bracket) on its last line. As rustfmt lays out an attribute: a
    /// call's arguments on one line when they fit, a call's only argument that is a call
    /// continued on the same line (`#[role(trust(`), else one argument a line, each with a
    /// trailing comma but at the top level, where rustfmt writes none.
    fn layout(&self, indent: usize, column: usize, tail: usize, top: bool) -> String {
        let flat = self.flat();
        let fits = column + width(&flat) + tail <= MAX_WIDTH;
        match self {
            Node::Atom(_) => flat,
            Node::Assign(key, value) => {
                let value = value.layout(indent, column + width(key) + 3, tail, false);
                format!("{key} = {value}")
            }
            Node::Call(name, args) => {
                if fits && width(&flat_list(args)) <= CALL_ARGS_WIDTH {
                    return flat;
                }
                if let [only @ Node::Call(..)] = args.as_slice() {
                    let inner = only.layout(indent, column + width(name) + 1, tail + 1, false);
                    return format!("{name}({inner})");
                }
                format!("{name}({})", vertical(args, indent, !top))
            }
            Node::List(items) if fits => flat,
            Node::List(items) => format!("[{}]", vertical(items, indent, true)),
        }
    }
}

fn flat_list(items: &[Node]) -> String {
    items.iter().map(Node::flat).collect::<Vec<_>>().join(", ")
}

fn width(text: &str) -> usize {
    text.chars().count()
}

/// One element a line, the closing bracket back at `indent`.
fn vertical(items: &[Node], indent: usize, trailing_comma: bool) -> String {
    if items.is_empty() {
        return String::new();
    }
    let inner = indent + INDENT;
    let mut out = String::from("\n");
    for (i, item) in items.iter().enumerate() {
        let comma = trailing_comma || i + 1 < items.len();
        let text = item.layout(inner, inner, usize::from(comma), false);
        let _ = writeln!(
            out,
            "{}{text}{}",
            " ".repeat(inner),
            if comma { "," } else { "" }
        );
    }
    out.push_str(&" ".repeat(indent));
    out
}

fn arg(arg: &Arg) -> Node {
    match arg {
        Arg::Text(key, value) => Node::Assign((*key).into(), Box::new(template(value))),
        Arg::Duration(key, seconds) => Node::Assign(
            (*key).into(),
            Box::new(Node::Atom(quote(&duration(*seconds)))),
        ),
        Arg::Bool(key, value) => {
            Node::Assign((*key).into(), Box::new(Node::Atom(value.to_string())))
        }
        Arg::List(key, values) => Node::Assign(
            (*key).into(),
            Box::new(Node::List(values.iter().map(template).collect())),
        ),
        Arg::Idents(name, idents) => Node::Call(
            (*name).into(),
            idents.iter().map(|i| Node::Atom(i.clone())).collect(),
        ),
        Arg::Tags(tags) => Node::Call(
            "tags".into(),
            tags.iter()
                .map(|(key, value)| Node::Assign(tag_key(key), Box::new(template(value))))
                .collect(),
        ),
        Arg::Trust(trust) => trust_call(trust),
        Arg::Statement(statement) => statement_call(statement),
    }
}

fn trust_call(trust: &Trust) -> Node {
    let mut args = vec![Node::Assign(
        trust.principal.arg().into(),
        Box::new(one_or_list(&trust.values)),
    )];
    if let Some(actions) = &trust.actions {
        let actions = actions.iter().map(|a| Node::Atom(quote(a))).collect();
        args.push(Node::Assign(
            "actions".into(),
            Box::new(Node::List(actions)),
        ));
    }
    if let Some(external_id) = &trust.external_id {
        args.push(Node::Assign(
            "external_id".into(),
            Box::new(template(external_id)),
        ));
    }
    if !trust.conditions.is_empty() {
        args.push(when(&trust.conditions));
    }
    if let Some(sid) = &trust.sid {
        args.push(Node::Assign("sid".into(), Box::new(Node::Atom(quote(sid)))));
    }
    Node::Call("trust".into(), args)
}

fn statement_call(statement: &Statement) -> Node {
    let name = match statement.effect {
        Effect::Allow => "allow",
        Effect::Deny => "deny",
    };
    let mut args = Vec::new();
    let actions = statement.actions.iter().map(|a| Node::Atom(quote(a)));
    if statement.not_actions {
        args.push(Node::Assign(
            "not_actions".into(),
            Box::new(Node::List(actions.collect())),
        ));
    } else {
        args.extend(actions);
    }
    let key = if statement.not_resources {
        "not_on"
    } else {
        "on"
    };
    args.push(Node::Assign(
        key.into(),
        Box::new(one_or_list(&statement.resources)),
    ));
    if !statement.conditions.is_empty() {
        args.push(when(&statement.conditions));
    }
    if let Some(sid) = &statement.sid {
        args.push(Node::Assign("sid".into(), Box::new(Node::Atom(quote(sid)))));
    }
    Node::Call(name.into(), args)
}

fn when(conditions: &[Condition]) -> Node {
    let calls = conditions
        .iter()
        .map(|c| {
            let name = match &c.set {
                Some(set) => format!("{set}::{}", c.operator),
                None => c.operator.clone(),
            };
            let values: Vec<Node> = c.values.iter().map(value).collect();
            let values = match <[Node; 1]>::try_from(values) {
                Ok([one]) => one,
                Err(many) => Node::List(many),
            };
            Node::Call(name, vec![template(&c.key), values])
        })
        .collect();
    Node::Call("when".into(), calls)
}

fn value(value: &Value) -> Node {
    match value {
        Value::Str(t) => template(t),
        Value::Bool(b) => Node::Atom(b.to_string()),
        Value::Int(digits) => Node::Atom(digits.clone()),
    }
}

fn one_or_list(values: &[Template]) -> Node {
    match values {
        [one] => template(one),
        many => Node::List(many.iter().map(template).collect()),
    }
}

fn template(template: &Template) -> Node {
    Node::Atom(quote(&template.to_string()))
}

/// A tag key as an identifier when it is one (`team`), else as a string (`"cost-center"`).
fn tag_key(key: &str) -> String {
    let word = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && syn::parse_str::<syn::Ident>(key).is_ok();
    if word { key.to_owned() } else { quote(key) }
}

/// A Rust string literal of `text`, escaped as proc-macro2 escapes one.
pub fn quote(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// 3600 → `1h`, 5400 → `1h30m`, 90 → `1m30s`.
pub fn duration(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut out = String::new();
    for (n, unit) in [(h, 'h'), (m, 'm'), (s, 's')] {
        if n > 0 {
            let _ = write!(out, "{n}{unit}");
        }
    }
    if out.is_empty() {
        out.push_str("0s");
    }
    out
}

/// Text in lines of at most `width` characters, broken at spaces (a longer word stays whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_back_as_the_dsl_parses_them() {
        for seconds in [3600, 5400, 43200, 3661, 90, 0] {
            let text = duration(seconds);
            assert_eq!(
                crate::check::properties::parse_duration(&text),
                Ok(u64::from(seconds)),
                "{text}"
            );
        }
    }

    #[test]
    fn strings_are_rust_literals() {
        assert_eq!(quote("a\"b\\c\nd\u{1}"), r#""a\"b\\c\nd\u{1}""#);
    }
}

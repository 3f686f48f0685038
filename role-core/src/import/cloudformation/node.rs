//! A template as one tree whether it was written in JSON or YAML: YAML's short-form tags
//! (`!Sub`, `!Ref`, ...) become the long form (`{"Fn::Sub": ...}`), and map keys stay values,
//! since a YAML key may itself be a tagged `!Sub`.

use super::super::{Input, Place, ReadError};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(String),
    List(Vec<Node>),
    /// Entries in the order written.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The value under the key `key` of a map.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    pub(crate) fn entries(&self) -> Option<&[(Node, Node)]> {
        match self {
            Node::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(text) => Some(text),
            _ => None,
        }
    }

    pub(crate) fn as_list(&self) -> Option<&[Node]> {
        match self {
            Node::List(items) => Some(items),
            _ => None,
        }
    }

    /// A scalar's text as CloudFormation reads it where a string is expected: `3600`, `true`.
    pub(crate) fn scalar_text(&self) -> Option<String> {
        match self {
            Node::Str(text) => Some(text.clone()),
            Node::Number(n) => Some(n.to_string()),
            Node::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The function this node calls, with its argument: a map of one entry whose key is `Ref`
    /// or `Fn::...`. (`Condition` is a function only inside the `Conditions` section, where
    /// [`Node::condition_call`] reads it.)
    pub(crate) fn intrinsic(&self) -> Option<(&str, &Node)> {
        match self.entries()? {
            [(Node::Str(function), argument)]
                if function == "Ref" || function.starts_with("Fn::") =>
            {
                Some((function, argument))
            }
            _ => None,
        }
    }

    /// The node on one line, as a note quotes it: in YAML's short form (`!GetAtt Queue.Arn`),
    /// or as compact JSON for a JSON template.
    pub(crate) fn describe(&self, yaml: bool) -> String {
        if yaml {
            self.short_form()
        } else {
            self.to_json().to_string()
        }
    }

    fn short_form(&self) -> String {
        match self {
            Node::Null => "null".to_owned(),
            Node::Bool(b) => b.to_string(),
            Node::Number(n) => n.to_string(),
            Node::Str(text) => yaml_scalar(text),
            Node::List(items) => {
                let items: Vec<String> = items.iter().map(Node::short_form).collect();
                format!("[{}]", items.join(", "))
            }
            Node::Map(entries) => {
                if let Some((function, argument)) = self.condition_call() {
                    let name = function.strip_prefix("Fn::").unwrap_or(function);
                    let argument = match (name, argument.as_list()) {
                        ("GetAtt", Some([Node::Str(id), Node::Str(attribute)])) => {
                            format!("{id}.{attribute}")
                        }
                        _ => argument.short_form(),
                    };
                    return format!("!{name} {argument}");
                }
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", k.short_form(), v.short_form()))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
        }
    }

    fn to_json(&self) -> serde_json::Value {
        match self {
            Node::Null => serde_json::Value::Null,
            Node::Bool(b) => serde_json::Value::Bool(*b),
            Node::Number(n) => serde_json::Value::Number(n.clone()),
            Node::Str(text) => serde_json::Value::String(text.clone()),
            Node::List(items) => items.iter().map(Node::to_json).collect(),
            Node::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = k.as_str().map_or_else(|| k.short_form(), str::to_owned);
                        (key, v.to_json())
                    })
                    .collect(),
            ),
        }
    }

    /// Like [`Node::intrinsic`], with `{"Condition": name}` as a call too.
    pub(crate) fn condition_call(&self) -> Option<(&str, &Node)> {
        match self.entries()? {
            [(Node::Str(function), argument)] if function == "Condition" => {
                Some((function, argument))
            }
            _ => self.intrinsic(),
        }
    }
}

/// A string as YAML would show it: bare when nothing in it needs quoting.
fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(['!', '&', '*', '-', '?', '|', '>', '@', '%', '`'])
        && !text.contains(|c: char| c.is_whitespace() || ",[]{}#'\"".contains(c))
        && !text.contains(": ");
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// The template in `input`: JSON when it opens with `{`, YAML otherwise.
pub(crate) fn parse(input: &Input) -> Result<Node, ReadError> {
    if input.text.trim_start().starts_with('{') {
        parse_json(&input.text)
    } else {
        parse_yaml(&input.text)
    }
}

fn parse_json(text: &str) -> Result<Node, ReadError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ReadError {
        place: Place {
            line: Some(e.line()),
            column: Some(e.column()),
            path: String::new(),
        },
        message: format!("not valid JSON: {e}"),
    })?;
    Ok(from_json(value))
}

fn from_json(value: serde_json::Value) -> Node {
    match value {
        serde_json::Value::Null => Node::Null,
        serde_json::Value::Bool(b) => Node::Bool(b),
        serde_json::Value::Number(n) => Node::Number(n),
        serde_json::Value::String(s) => Node::Str(s),
        serde_json::Value::Array(items) => Node::List(items.into_iter().map(from_json).collect()),
        serde_json::Value::Object(map) => Node::Map(
            map.into_iter()
                .map(|(k, v)| (Node::Str(k), from_json(v)))
                .collect(),
        ),
    }
}

fn parse_yaml(text: &str) -> Result<Node, ReadError> {
    let value: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| {
        let location = e.location();
        ReadError {
            place: Place {
                line: location.as_ref().map(|l| l.line()),
                column: location.as_ref().map(|l| l.column()),
                path: String::new(),
            },
            message: format!("not valid YAML: {e}"),
        }
    })?;
    Ok(from_yaml(value))
}

fn from_yaml(value: yaml_serde::Value) -> Node {
    use yaml_serde::Value;
    match value {
        Value::Null => Node::Null,
        Value::Bool(b) => Node::Bool(b),
        Value::Number(n) => yaml_number(&n),
        Value::String(s) => Node::Str(s),
        Value::Sequence(items) => Node::List(items.into_iter().map(from_yaml).collect()),
        Value::Mapping(map) => Node::Map(
            map.into_iter()
                .map(|(k, v)| (from_yaml(k), from_yaml(v)))
                .collect(),
        ),
        Value::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let value = from_yaml(tagged.value);
            match long_form(&tag) {
                Some(function) => Node::Map(vec![(Node::Str(function), value)]),
                // A YAML core tag (`!!str`) says only how to read the scalar.
                None => value,
            }
        }
    }
}

/// The long form of a short-form tag: `!Sub` → `Fn::Sub`, `!Ref` → `Ref`, `!Condition` →
/// `Condition`. A tag CloudFormation does not define still becomes a call (`Fn::Foo`), so that
/// the reader names it instead of reading its argument as if it were a value.
fn long_form(tag: &str) -> Option<String> {
    let name = tag.strip_prefix('!').unwrap_or(tag);
    if name.starts_with('!') || name.starts_with("tag:yaml.org") {
        return None;
    }
    Some(match name {
        "Ref" | "Condition" => name.to_owned(),
        _ => format!("Fn::{name}"),
    })
}

/// YAML's number as JSON's; one JSON cannot hold (`.nan`, `.inf`) stays as its text.
fn yaml_number(n: &yaml_serde::Number) -> Node {
    let number = if let Some(i) = n.as_i64() {
        Some(serde_json::Number::from(i))
    } else if let Some(u) = n.as_u64() {
        Some(serde_json::Number::from(u))
    } else {
        n.as_f64().and_then(serde_json::Number::from_f64)
    };
    number.map_or_else(|| Node::Str(n.to_string()), Node::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Node {
        parse(&Input {
            path: "t.yaml".into(),
            text: text.into(),
            format: None,
        })
        .unwrap()
    }

    fn call(function: &str, argument: Node) -> Node {
        Node::Map(vec![(Node::Str(function.into()), argument)])
    }

    #[test]
    fn short_form_tags_become_the_long_form() {
        let node = yaml("a: !Sub 'x-${P}'\nb: !GetAtt R.Arn\nc: !If [C, 1, 2]\nd: !Condition C\n");
        assert_eq!(
            node.get("a"),
            Some(&call("Fn::Sub", Node::Str("x-${P}".into())))
        );
        assert_eq!(
            node.get("b"),
            Some(&call("Fn::GetAtt", Node::Str("R.Arn".into())))
        );
        assert_eq!(node.get("c").unwrap().intrinsic().unwrap().0, "Fn::If");
        assert_eq!(node.get("d").unwrap().intrinsic(), None);
        assert_eq!(
            node.get("d").unwrap().condition_call().unwrap().0,
            "Condition"
        );
    }

    #[test]
    fn a_tagged_key_stays_a_call() {
        let node = yaml("? !Sub '${Host}:sub'\n: system:serviceaccount:x:y\n");
        let (key, _) = &node.entries().unwrap()[0];
        assert_eq!(key, &call("Fn::Sub", Node::Str("${Host}:sub".into())));
    }

    #[test]
    fn unquoted_dates_stay_text_and_numbers_stay_numbers() {
        let node = yaml("Version: 2012-10-17\nMax: 3600\n");
        assert_eq!(node.get("Version"), Some(&Node::Str("2012-10-17".into())));
        assert_eq!(
            node.get("Max").unwrap().scalar_text().as_deref(),
            Some("3600")
        );
    }

    #[test]
    fn nodes_are_described_as_written() {
        let node =
            yaml("a: !GetAtt Queue.Arn\nb: !Sub '${Name}-x'\nc: {Fn::GetAtt: [Role, Arn]}\n");
        assert_eq!(node.get("a").unwrap().describe(true), "!GetAtt Queue.Arn");
        assert_eq!(node.get("b").unwrap().describe(true), "!Sub '${Name}-x'");
        assert_eq!(node.get("c").unwrap().describe(true), "!GetAtt Role.Arn");
        assert_eq!(
            node.get("c").unwrap().describe(false),
            r#"{"Fn::GetAtt":["Role","Arn"]}"#
        );
    }

    #[test]
    fn parse_errors_name_line_and_column() {
        let err = parse(&Input {
            path: "t.json".into(),
            text: "{\n  \"Resources\": {,}\n}".into(),
            format: None,
        })
        .unwrap_err();
        assert_eq!((err.place.line, err.place.column), (Some(2), Some(17)));
        let err = parse(&Input {
            path: "t.yaml".into(),
            text: "Resources:\n  A: [\n".into(),
            format: None,
        })
        .unwrap_err();
        assert!(err.place.line.is_some(), "{err:?}");
        assert!(err.message.starts_with("not valid YAML"), "{}", err.message);
    }
}

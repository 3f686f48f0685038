//! How a rendered value becomes the exact bytes written: one spelling of JSON and of YAML, so
//! that the same model always gives the same file.

use serde_json::{Map, Value};

/// Pretty JSON, two-space indent, keys in insertion order, with a trailing newline.
pub fn json(value: &Value) -> String {
    let mut out =
        serde_json::to_string_pretty(value).expect("a serde_json::Value always serializes");
    out.push('\n');
    out
}

/// Block-style YAML of the same value.
///
/// Written here rather than by `yaml_serde`, whose quoting follows YAML 1.2: it leaves
/// `Version: 2012-10-17` plain, which YAML 1.1 readers (PyYAML, so cfn-lint and most CloudFormation
/// tooling) take for a date, and `yes`/`on` plain, which they take for booleans. Here a string is
/// plain only when every YAML reader takes it for that same string; otherwise it is written as a
/// JSON string, which is also a YAML double-quoted scalar.
pub fn yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => mapping(&mut out, map, 0, true),
        Value::Array(list) if !list.is_empty() => sequence(&mut out, list, 0, true),
        scalar => {
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, width: usize) {
    out.extend(std::iter::repeat_n(' ', width));
}

/// Keys at `width`; the first one on the current line when the caller has already indented it
/// (a mapping inside a sequence item).
fn mapping(out: &mut String, map: &Map<String, Value>, width: usize, indent_first: bool) {
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 || indent_first {
            indent(out, width);
        }
        out.push_str(&yaml_string(key));
        out.push(':');
        match value {
            Value::Object(inner) if !inner.is_empty() => {
                out.push('\n');
                mapping(out, inner, width + 2, true);
            }
            // A sequence under a key sits at the key's own indent, as CloudFormation's examples write it.
            Value::Array(list) if !list.is_empty() => {
                out.push('\n');
                sequence(out, list, width, true);
            }
            scalar => {
                out.push(' ');
                out.push_str(&yaml_scalar(scalar));
                out.push('\n');
            }
        }
    }
}

fn sequence(out: &mut String, list: &[Value], width: usize, indent_first: bool) {
    for (i, item) in list.iter().enumerate() {
        if i > 0 || indent_first {
            indent(out, width);
        }
        out.push_str("- ");
        match item {
            Value::Object(inner) if !inner.is_empty() => mapping(out, inner, width + 2, false),
            Value::Array(inner) if !inner.is_empty() => sequence(out, inner, width + 2, false),
            scalar => {
                out.push_str(&yaml_scalar(scalar));
                out.push('\n');
            }
        }
    }
}

/// A value with nothing nested in it: a scalar, `{}` or `[]`.
fn yaml_scalar(value: &Value) -> String {
    match value {
        Value::String(text) => yaml_string(text),
        Value::Object(_) => "{}".to_owned(),
        Value::Array(_) => "[]".to_owned(),
        // null, booleans and numbers are written alike in JSON and YAML.
        other => other.to_string(),
    }
}

fn yaml_string(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_owned()
    } else {
        serde_json::to_string(text).expect("a string always serializes")
    }
}

/// Whether `text` reads back as itself when written plain, in YAML 1.1 and 1.2 alike. Deliberately
/// narrow: it must start with a letter, `/` or `$` (no number, date, indicator or special float can),
/// hold only characters common in ARNs, names and descriptions, and be no boolean or null word.
fn is_plain_safe(text: &str) -> bool {
    const WORDS: [&str; 10] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    ];
    let Some(first) = text.chars().next() else {
        return false;
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || " _./@+=,:*${}()!-".contains(c);
    (first.is_ascii_alphabetic() || first == '/' || first == '$')
        && text.chars().all(allowed)
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !WORDS.contains(&text.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn json_is_pretty_with_a_trailing_newline() {
        assert_eq!(
            json(&json!({"a": ["b"]})),
            "{\n  \"a\": [\n    \"b\"\n  ]\n}\n"
        );
    }

    #[test]
    fn yaml_is_block_style_with_sequences_at_the_key_indent() {
        let value = json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::b/*"}}],
            "Nested": [["a", "b"], []],
            "Empty": {},
            "Number": 3600,
        });
        let expected = "\
Version: \"2012-10-17\"
Statement:
- Effect: Allow
  Action:
  - s3:GetObject
  - s3:PutObject
  Resource:
    Fn::Sub: arn:${AWS::Partition}:s3:::b/*
Nested:
- - a
  - b
- []
Empty: {}
Number: 3600
";
        assert_eq!(yaml(&value), expected);
    }

    #[test]
    fn strings_that_yaml_1_1_reads_otherwise_are_quoted() {
        for text in [
            "2012-10-17",
            "yes",
            "No",
            "ON",
            "off",
            "y",
            "true",
            "null",
            "~",
            "42",
            "0755",
            "1:30",
            "1_000",
            ".inf",
            "*",
            "",
            " lead",
            "a: b",
            "a #c",
            "multi\nline",
            "'q'",
            "@x",
            "-x",
        ] {
            assert!(
                yaml_string(text).starts_with('"'),
                "{text:?} should be quoted"
            );
        }
        for text in [
            "Allow",
            "sts:AssumeRole",
            "arn:aws:s3:::b/*",
            "/app/",
            "Runs the application on EC2.",
            "Fn::Sub",
            "${AWS::StackName}-X",
        ] {
            assert_eq!(yaml_string(text), text, "{text:?} should stay plain");
        }
    }

    #[test]
    fn yaml_reads_back_as_the_same_value() {
        let value = json!({
            "Version": "2012-10-17",
            "Values": ["true", "42", "0755", "1e3", "null", "~", "", "yes", "no", "on", "off", "y", "n",
                       "a: b", "- x", "#c", "${AWS::Region}", "*", "multi\nline", "tab\there", "quote\"s", "ünïcode"],
            "Number": 3600,
            "Flag": false,
            "Deep": [{"a": [{"b": {}}]}, [[]]],
        });
        let back: Value = yaml_serde::from_str(&yaml(&value)).unwrap();
        assert_eq!(back, value);
    }
}

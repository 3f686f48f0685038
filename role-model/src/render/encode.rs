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
/// plain only when every YAML reader takes it for that same string; otherwise it is written
/// double-quoted, with YAML's escapes for what cannot stand in it as it is.
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
/// The longest key YAML reads in the implicit `key: value` form.
const MAX_IMPLICIT_KEY: usize = 1024;

fn mapping(out: &mut String, map: &Map<String, Value>, width: usize, indent_first: bool) {
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 || indent_first {
            indent(out, width);
        }
        let key = yaml_string(key);
        // YAML takes at most 1024 characters as an implicit key (`key: value`); a longer one, a
        // condition key say, is written as an explicit key (`? key` then `: value`).
        let explicit = key.chars().count() > MAX_IMPLICIT_KEY;
        out.push_str(if explicit { "? " } else { "" });
        out.push_str(&key);
        if explicit {
            out.push('\n');
            indent(out, width);
        }
        out.push(':');
        match value {
            Value::Object(inner) if !inner.is_empty() => {
                out.push('\n');
                mapping(out, inner, width + 2, true);
            }
            Value::Array(list) if !list.is_empty() && explicit => {
                out.push('\n');
                sequence(out, list, width + 2, true);
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
        double_quoted(text)
    }
}

/// `text` as a YAML double-quoted scalar that YAML 1.1 and 1.2 readers alike read back as `text`.
/// Escaped: what YAML does not allow in a document (C0 and C1 controls, DEL, U+FFFE, U+FFFF), what
/// a YAML 1.1 reader takes for a line break and folds into a space (NEL, U+2028, U+2029), and the
/// byte order mark, which readers may drop. (JSON's escaping, which serde_json writes, leaves all of
/// those raw.)
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => {
                out.push_str(&format!("\\x{:02X}", u32::from(c)))
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
    fn a_key_too_long_to_be_implicit_is_written_explicitly() {
        let long = "k".repeat(1500);
        let value = json!({"Condition": {"StringEquals": {long.clone(): ["a", "b"], "short": "c"}},
                           "List": [{long.clone(): {"x": 1}}, {long.clone(): "v"}]});
        let text = yaml(&value);
        assert!(text.contains(&format!("? {long}\n")), "{text}");
        let back: Value = yaml_serde::from_str(&text).unwrap();
        assert_eq!(back, value);
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

    /// Every kind of character a string can hold: all C0 controls, DEL, all C1 controls (NEL
    /// among them), the Unicode line and paragraph separators, the byte order mark, the two
    /// non-characters YAML forbids, astral characters, and the characters YAML gives a meaning.
    fn every_character_class() -> Vec<String> {
        let controls: String = ('\0'..='\u{1f}').chain('\u{7f}'..='\u{9f}').collect();
        let mut texts: Vec<String> = controls.chars().map(|c| format!("a{c}b")).collect();
        texts.extend(
            [
                controls.as_str(),
                "\u{85}",
                "line\u{85}next",
                "\u{2028}\u{2029}",
                "\u{feff}bom",
                "\u{fffe}\u{ffff}",
                "\u{fdd0}\u{a0}\u{fffd}",
                "😀 \u{10000} \u{10ffff}",
                "\"double\" 'single' `back`",
                "back\\slash \\n \\u0041 \\N",
                "#comment",
                "a #b",
                "key: value",
                "trailing: ",
                " leading and trailing ",
                "\t",
                "- item",
                "? complex",
                "&anchor *alias !tag %directive @at |pipe >fold",
                "{flow: [a, b]}",
                "---",
                "...",
                "",
                "\r\n",
            ]
            .map(str::to_owned),
        );
        texts
    }

    /// The strings both as values and as keys.
    fn every_character_class_value() -> Value {
        let texts = every_character_class();
        let keys: Map<String, Value> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), Value::from(i)))
            .collect();
        json!({"Values": texts, "Keys": keys})
    }

    #[test]
    fn characters_yaml_cannot_hold_raw_are_escaped() {
        assert_eq!(yaml_string("a\u{85}b"), r#""a\Nb""#);
        assert_eq!(yaml_string("\u{2028}\u{2029}"), r#""\L\P""#);
        assert_eq!(yaml_string("\u{7f}\u{80}\u{9f}"), r#""\x7F\x80\x9F""#);
        assert_eq!(yaml_string("\0\u{1b}"), r#""\x00\x1B""#);
        assert_eq!(
            yaml_string("\u{feff}\u{fffe}\u{ffff}"),
            r#""\uFEFF\uFFFE\uFFFF""#
        );
        assert_eq!(yaml_string("tab\there\n"), r#""tab\there\n""#);
        assert_eq!(yaml_string("q\"\\"), r#""q\"\\""#);
        assert_eq!(yaml_string("😀 ünï"), "\"😀 ünï\"");
        // YAML's printable set (YAML 1.1 and 1.2 alike), and no line break but LF.
        let out = yaml(&every_character_class_value());
        let printable = |c: char| {
            matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
                || c >= '\u{10000}'
        };
        for c in out.chars() {
            assert!(
                printable(c) && c != '\u{2028}' && c != '\u{2029}' && c != '\u{feff}',
                "{c:?} is written raw"
            );
        }
    }

    #[test]
    fn every_character_class_reads_back_with_yaml_serde() {
        let value = every_character_class_value();
        let back: Value = yaml_serde::from_str(&yaml(&value)).unwrap();
        assert_eq!(back, value);
    }

    /// PyYAML (YAML 1.1, what cfn-lint reads templates with) reads every string back as itself.
    /// It runs where a Python with PyYAML is found: `ROLE_TESTS_PYTHON`, the `.venv` that
    /// `.ci/run` makes, or `python3`; without one the test says so and passes, unless
    /// `ROLE_TESTS_REQUIRE_EXTERNAL` is set.
    #[test]
    fn every_character_class_reads_back_with_pyyaml() {
        use std::io::Write;
        use std::process::{Command, Stdio};

        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let candidates = std::env::var_os("ROLE_TESTS_PYTHON")
            .map(std::path::PathBuf::from)
            .into_iter()
            .chain([root.join(".venv/bin/python"), "python3".into()]);
        let has_yaml = |python: &std::path::PathBuf| {
            Command::new(python)
                .args(["-c", "import yaml"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        let Some(python) = candidates.into_iter().find(has_yaml) else {
            assert!(
                std::env::var("ROLE_TESTS_REQUIRE_EXTERNAL").is_err(),
                "no Python with PyYAML; run .ci/run"
            );
            eprintln!("note: skipped: no Python with PyYAML (see .ci/run)");
            return;
        };
        let value = every_character_class_value();
        let script = "import sys, json, yaml\n\
                      data = yaml.safe_load(sys.stdin.buffer.read().decode('utf-8'))\n\
                      sys.stdout.write(json.dumps(data, ensure_ascii=True))";
        let mut child = Command::new(&python)
            .args(["-c", script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(yaml(&value).as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "PyYAML could not read the YAML");
        let back: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(back, value);
    }
}

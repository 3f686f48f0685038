//! `role-cli lint --format sarif`: SARIF 2.1.0 for code scanning. One run; the tool's rules are
//! the lint registry, in its order; each result points at its file (a URI relative to the
//! current folder) and region, and a lint accepted in the source is a result with an in-source
//! suppression whose justification is the reason written.

use std::path::Path;

use role_core::lint::{self, FileLint};
use role_core::project::SourceFile;
use serde_json::{Value, json};

use crate::commands::lint::{Levels, line_col};
use crate::locate;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn report(files: &[SourceFile], found: &[FileLint], levels: &Levels) -> Value {
    let rules: Vec<Value> = lint::ALL
        .iter()
        .map(|l| {
            json!({
                "id": l.code,
                "name": l.name,
                "shortDescription": {"text": l.why},
                "fullDescription": {"text": l.doc},
                "help": {"text": l.fix},
                "defaultConfiguration": {"level": l.level.name()},
            })
        })
        .collect();
    let results: Vec<Value> = found.iter().map(|f| result(files, f, levels)).collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "role-cli",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn result(files: &[SourceFile], f: &FileLint, levels: &Levels) -> Value {
    let finding = &f.finding;
    let index = lint::ALL
        .iter()
        .position(|l| l.code == finding.lint.code)
        .unwrap_or(0);
    let level = if levels.denies(f) {
        "error"
    } else {
        finding.lint.level.name()
    };
    let mut result = json!({
        "ruleId": finding.lint.code,
        "ruleIndex": index,
        "level": level,
        "message": {"text": format!("{}. {}", finding.message, finding.lint.why)},
        "locations": [location(files, f.file, &finding.spot)],
    });
    let related: Vec<Value> = finding
        .path
        .iter()
        .enumerate()
        .filter_map(|(id, step)| {
            let spot = step.spot.as_ref()?;
            let mut at = location(files, step.file.unwrap_or(f.file), spot);
            at["id"] = json!(id);
            at["message"] = json!({"text": step.message});
            Some(at)
        })
        .collect();
    if !related.is_empty() {
        result["relatedLocations"] = json!(related);
    }
    if let Some(accepted) = &finding.accepted {
        result["suppressions"] = json!([{
            "kind": "inSource",
            "justification": accepted.reason,
            "location": location(files, f.file, &accepted.spot),
        }]);
    }
    result
}

fn location(files: &[SourceFile], file: usize, spot: &role_core::diag::Spot) -> Value {
    let Some(source) = files.get(file) else {
        return json!({});
    };
    let mut physical = json!({"artifactLocation": {"uri": uri(&source.path)}});
    if let Some(range) = locate::range(&source.text, spot) {
        let (start_line, start_column) = line_col(&source.text, range.start);
        let (end_line, end_column) = line_col(&source.text, range.end.max(range.start + 1));
        physical["region"] = json!({
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
        });
    }
    json!({"physicalLocation": physical})
}

/// The file as a URI reference: relative to the current folder where it is inside it, with `/`
/// separators and the characters a URI cannot hold escaped.
pub fn uri(path: &str) -> String {
    let path = Path::new(path);
    let relative = match std::env::current_dir() {
        Ok(cwd) if path.is_absolute() => path.strip_prefix(&cwd).unwrap_or(path).to_path_buf(),
        _ => path.to_path_buf(),
    };
    let text = relative.to_string_lossy().replace('\\', "/");
    let mut out = String::new();
    if relative.is_absolute() {
        out.push_str("file://");
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_relative_and_escaped() {
        assert_eq!(uri("src/roles.rs"), "src/roles.rs");
        assert_eq!(uri("my roles/a#1.rs"), "my%20roles/a%231.rs");
        assert_eq!(uri("/elsewhere/x.json"), "file:///elsewhere/x.json");
    }
}

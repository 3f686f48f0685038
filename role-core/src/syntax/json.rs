//! Reads a raw IAM policy document (JSON, as IAM takes it) into the same spanned statements the
//! DSL gives, so that policies written elsewhere go through the same checks. Every token keeps
//! its byte range in the file, for the CLI's carets.

mod shape;

use jsonc_parser::ast::{Object, ObjectPropName, Value};
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions, parse_to_ast};

use super::ast::{Cond, CondValue, PrincipalArg, PrincipalDecl, Stmt, Str};
use crate::diag::{Code, Finding, Findings, Spot};
use crate::model::Effect;

const DOCUMENT_KEYS: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
const VERSIONS: &[&str] = &["2012-10-17", "2008-10-17"];

/// One statement of a JSON policy: the permissions part, and its principals when it is a trust
/// statement.
#[derive(Debug, Clone)]
pub struct JsonStatement {
    pub stmt: Stmt,
    pub principals: Vec<PrincipalDecl>,
    /// Whether it has a `Principal` or `NotPrincipal`, even one read into no principal
    /// (`CanonicalUser`, or a mistake): what tells a resource-based policy from an identity one.
    pub names_principal: bool,
}

#[derive(Debug, Clone)]
pub struct JsonDocument {
    pub statements: Vec<JsonStatement>,
    /// Characters without whitespace, as IAM counts a policy's size.
    pub size: usize,
    /// The document's opening brace.
    pub spot: Spot,
}

fn spot(range: jsonc_parser::common::Range) -> Spot {
    Spot::bytes(range.start, range.end)
}

fn key_name<'a>(name: &'a ObjectPropName) -> (&'a str, Spot) {
    match name {
        ObjectPropName::String(s) => (s.value.as_ref(), spot(s.range)),
        ObjectPropName::Word(w) => (w.value, spot(w.range)),
    }
}

/// JSON as RFC 8259 has it, nothing more (IAM, CloudFormation and Terraform read no comments, no
/// trailing commas), into an AST whose every token keeps its byte range.
pub fn parse_strict(
    text: &str,
) -> Result<jsonc_parser::ParseResult<'_>, jsonc_parser::errors::ParseError> {
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    parse_to_ast(text, &collect, &options)
}

/// The document in `text`, or `None` when it is not JSON or not an object; every mistake of
/// its shape is a finding.
pub fn parse_policy(text: &str, findings: &mut Findings) -> Option<JsonDocument> {
    let (depth, deepest) = shape::nesting(text);
    if depth > shape::MAX_NESTING {
        findings.push(
            Finding::error(
                Code::SourceError,
                Spot::bytes(deepest, deepest + 1),
                format!(
                    "this JSON nests {depth} levels deep; role-cli reads documents nested up to {} levels",
                    shape::MAX_NESTING
                ),
            )
            .with_help("an IAM policy document nests six levels at most: Statement, a statement, Condition, an operator, a list of values"),
        );
        return None;
    }
    let parsed = match parse_strict(text) {
        Ok(parsed) => parsed,
        Err(err) => {
            let range = err.range();
            findings.error(
                Code::SourceError,
                Spot::bytes(range.start, range.end.max(range.start + 1).min(text.len())),
                format!("this is not JSON: {}", err.kind()),
            );
            return None;
        }
    };
    let Some(Value::Object(root)) = &parsed.value else {
        findings.error(
            Code::SourceError,
            Spot::bytes(0, text.len().min(1)),
            "a policy document is a JSON object",
        );
        return None;
    };
    let size = shape::survey(parsed.value.as_ref()?, text, findings);
    let mut statements = Vec::new();
    let mut saw_statement = false;
    for prop in shape::last_of_each_key(root) {
        let (name, key_spot) = key_name(&prop.name);
        match name {
            "Version" => match &prop.value {
                Value::StringLit(s) if VERSIONS.contains(&s.value.as_ref()) => {}
                other => findings.push(
                    Finding::error(
                        Code::InvalidArgument,
                        spot(other.range()),
                        "`Version` is \"2012-10-17\" (or the old \"2008-10-17\")",
                    )
                    .with_help("write \"Version\": \"2012-10-17\""),
                ),
            },
            "Id" => {}
            "Statement" => {
                saw_statement = true;
                for value in one_or_many(&prop.value) {
                    match value {
                        Value::Object(object) => statements.push(statement(object, findings)),
                        other => findings.error(
                            Code::InvalidArgument,
                            spot(other.range()),
                            "a statement is a JSON object",
                        ),
                    }
                }
            }
            _ => unknown_key(name, key_spot, "a policy document", DOCUMENT_KEYS, findings),
        }
    }
    if !saw_statement {
        findings.error(
            Code::MissingActions,
            spot(root.range),
            "this policy document has no `Statement`",
        );
    }
    Some(JsonDocument {
        statements,
        size,
        spot: Spot::bytes(root.range.start, root.range.start + 1),
    })
}

fn unknown_key(name: &str, at: Spot, context: &str, valid: &[&str], findings: &mut Findings) {
    let hint = crate::diag::did_you_mean(crate::diag::nearest(name, valid.iter().copied()));
    findings.push(
        Finding::error(
            Code::UnknownArgument,
            at,
            format!("unknown element `{name}` in {context}{hint}"),
        )
        .with_help(format!("expected one of: {}", valid.join(", "))),
    );
}

fn one_or_many<'v, 'a>(value: &'v Value<'a>) -> Vec<&'v Value<'a>> {
    match value {
        Value::Array(array) => array.elements.iter().collect(),
        other => vec![other],
    }
}

/// A string or a list of strings.
fn strings(value: &Value, what: &str, findings: &mut Findings) -> Vec<Str> {
    one_or_many(value)
        .into_iter()
        .filter_map(|v| match v {
            Value::StringLit(s) => Some(Str {
                value: s.value.to_string(),
                spot: spot(s.range),
            }),
            other => {
                findings.error(
                    Code::InvalidArgument,
                    spot(other.range()),
                    format!("{what} is a string or a list of strings"),
                );
                None
            }
        })
        .collect()
}

fn statement(object: &Object, findings: &mut Findings) -> JsonStatement {
    let mut stmt = Stmt::new(Effect::Allow, spot(object.range));
    let mut principals = Vec::new();
    let mut names_principal = false;
    let mut saw_effect = false;
    for prop in shape::last_of_each_key(object) {
        let (name, key_spot) = key_name(&prop.name);
        let value = &prop.value;
        match name {
            "Sid" => stmt.sid = strings(value, "`Sid`", findings).into_iter().next(),
            "Effect" => {
                saw_effect = true;
                match value {
                    Value::StringLit(s) if s.value == "Allow" => stmt.effect = Effect::Allow,
                    Value::StringLit(s) if s.value == "Deny" => stmt.effect = Effect::Deny,
                    other => findings.error(
                        Code::InvalidArgument,
                        spot(other.range()),
                        "`Effect` is \"Allow\" or \"Deny\"",
                    ),
                }
            }
            "Action" => stmt.actions = strings(value, "`Action`", findings),
            "NotAction" => {
                stmt.not_actions = Some((key_spot, strings(value, "`NotAction`", findings)))
            }
            "Resource" => stmt.on = Some((key_spot, strings(value, "`Resource`", findings))),
            "NotResource" => {
                stmt.not_on = Some((key_spot, strings(value, "`NotResource`", findings)))
            }
            "Principal" | "NotPrincipal" => {
                names_principal = true;
                principals.extend(principal(value, findings));
            }
            "Condition" => stmt.conditions = conditions(value, findings),
            _ => unknown_key(name, key_spot, "a statement", STATEMENT_KEYS, findings),
        }
    }
    if !saw_effect {
        findings.error(
            Code::InvalidArgument,
            spot(object.range),
            "this statement has no `Effect`",
        );
    }
    JsonStatement {
        stmt,
        principals,
        names_principal,
    }
}

/// `"*"`, or `{"AWS": ..., "Service": ..., "Federated": ..., "CanonicalUser": ...}`.
fn principal(value: &Value, findings: &mut Findings) -> Vec<PrincipalDecl> {
    let object = match value {
        Value::StringLit(s) if s.value == "*" => {
            let star = Str {
                value: "*".into(),
                spot: spot(s.range),
            };
            return vec![PrincipalDecl {
                arg: PrincipalArg::Arn,
                spot: star.spot,
                values: vec![star],
            }];
        }
        Value::Object(object) => object,
        other => {
            findings.error(
                Code::InvalidPrincipal,
                spot(other.range()),
                "`Principal` is \"*\" or an object such as {\"Service\": \"lambda.amazonaws.com\"}",
            );
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for prop in shape::last_of_each_key(object) {
        let (name, key_spot) = key_name(&prop.name);
        let values = strings(&prop.value, "a principal", findings);
        let arg_of = |v: &Str| match name {
            "Service" => Some(PrincipalArg::Service),
            "AWS" if v.value.len() == 12 && v.value.bytes().all(|b| b.is_ascii_digit()) => {
                Some(PrincipalArg::Account)
            }
            "AWS" => Some(PrincipalArg::Arn),
            "Federated" if v.value.contains(":saml-provider/") => Some(PrincipalArg::Saml),
            "Federated" => Some(PrincipalArg::Oidc),
            _ => None,
        };
        if name == "CanonicalUser" {
            continue;
        }
        if !["Service", "AWS", "Federated"].contains(&name) {
            unknown_key(
                name,
                key_spot,
                "a principal",
                &["AWS", "Service", "Federated", "CanonicalUser"],
                findings,
            );
            continue;
        }
        for v in values {
            if let Some(arg) = arg_of(&v) {
                out.push(PrincipalDecl {
                    arg,
                    spot: key_spot,
                    values: vec![v],
                });
            }
        }
    }
    out
}

/// `{"StringEquals": {"aws:SourceAccount": "123456789012"}, "ForAnyValue:StringLike": {...}}`
fn conditions(value: &Value, findings: &mut Findings) -> Vec<Cond> {
    let Value::Object(object) = value else {
        findings.error(
            Code::InvalidArgument,
            spot(value.range()),
            "`Condition` is an object of operators",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for prop in shape::last_of_each_key(object) {
        let (operator, op_spot) = key_name(&prop.name);
        let (set, base) = match operator.split_once(':') {
            Some((set, base)) => (Some((set.to_owned(), op_spot)), base),
            None => (None, operator),
        };
        let Value::Object(keys) = &prop.value else {
            findings.error(
                Code::InvalidArgument,
                spot(prop.value.range()),
                format!("`{operator}` holds an object of keys and values"),
            );
            continue;
        };
        for entry in shape::last_of_each_key(keys) {
            let (key, key_spot) = key_name(&entry.name);
            let values = one_or_many(&entry.value)
                .into_iter()
                .filter_map(|v| match v {
                    Value::StringLit(s) => Some(CondValue {
                        text: s.value.to_string(),
                        spot: spot(s.range),
                        is_str: true,
                    }),
                    Value::NumberLit(n) => Some(CondValue {
                        text: n.value.to_string(),
                        spot: spot(n.range),
                        is_str: false,
                    }),
                    Value::BooleanLit(b) => Some(CondValue {
                        text: b.value.to_string(),
                        spot: spot(b.range),
                        is_str: false,
                    }),
                    other => {
                        findings.error(
                            Code::InvalidConditionValue,
                            spot(other.range()),
                            "a condition value is a string, number or boolean",
                        );
                        None
                    }
                })
                .collect();
            out.push(Cond {
                set: set.clone(),
                operator: base.to_owned(),
                operator_spot: op_spot,
                key: Some(Str {
                    value: key.to_owned(),
                    spot: key_spot,
                }),
                values,
                spot: key_spot,
            });
        }
    }
    out
}

trait Ranged {
    fn range(&self) -> jsonc_parser::common::Range;
}

impl Ranged for Value<'_> {
    fn range(&self) -> jsonc_parser::common::Range {
        jsonc_parser::common::Ranged::range(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<JsonDocument>, Vec<Finding>) {
        let mut findings = Findings::default();
        let doc = parse_policy(text, &mut findings);
        (doc, findings.0)
    }

    fn pointed_at<'t>(text: &'t str, finding: &Finding) -> &'t str {
        let (start, end) = finding.spot.bytes.unwrap();
        &text[start..end]
    }

    #[test]
    fn a_key_given_twice_is_an_error_at_the_second_naming_the_first_line() {
        let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#;
        let (doc, findings) = parse(text);
        assert_eq!(findings.len(), 1, "{findings:?}");
        let finding = &findings[0];
        assert_eq!(finding.code, Code::DuplicateKey);
        assert_eq!(
            finding.message,
            "`Effect` is given twice in this statement; IAM would keep only one"
        );
        let second = text.match_indices("\"Effect\"").nth(1).unwrap().0;
        assert_eq!(finding.spot.bytes, Some((second, second + 8)));
        assert_eq!(pointed_at(text, finding), "\"Effect\"");
        assert!(finding.help.as_deref().unwrap().contains("on line 1"));
        // As IAM does, the last one counts.
        assert_eq!(doc.unwrap().statements[0].stmt.effect, Effect::Allow);
    }

    #[test]
    fn keys_given_twice_are_found_in_every_object() {
        let text = r#"{
  "Version": "2012-10-17",
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Service": "lambda.amazonaws.com", "Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole",
    "Condition": {
      "StringEquals": {"aws:SourceAccount": "111122223333"},
      "StringLike": {"aws:SourceArn": "arn:aws:lambda:*", "aws:SourceArn": "arn:aws:ec2:*"},
      "StringEquals": {"aws:SourceAccount": "444455556666"}
    }
  }]
}"#;
        let (_, findings) = parse(text);
        let found: Vec<(String, String, String)> = findings
            .iter()
            .map(|f| {
                assert_eq!(f.code, Code::DuplicateKey);
                (
                    pointed_at(text, f).to_owned(),
                    f.message.clone(),
                    f.help.clone().unwrap(),
                )
            })
            .collect();
        let expect = |key: &str, place: &str, line: usize| {
            (
                format!("\"{key}\""),
                format!("`{key}` is given twice in {place}; IAM would keep only one"),
                format!("the first `{key}` is on line {line}; keep one, holding every value"),
            )
        };
        let mut expected = vec![
            expect("Version", "the policy document", 2),
            expect("Service", "`Principal`", 6),
            expect("StringEquals", "`Condition`", 9),
            expect("aws:SourceArn", "`StringLike`", 10),
        ];
        let mut found_sorted = found.clone();
        found_sorted.sort();
        expected.sort();
        assert_eq!(found_sorted, expected, "{found:?}");
    }

    #[test]
    fn a_condition_key_given_twice_is_reported_once() {
        let text = r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1", "aws:SourceVpc": "vpc-2"}}}}"#;
        let project = crate::project::Project::scan(&[crate::project::SourceFile {
            path: "p.json".into(),
            text: text.into(),
        }]);
        let codes: Vec<Code> = project.findings.iter().map(|f| f.finding.code).collect();
        assert_eq!(codes, [Code::DuplicateKey]);
    }

    #[test]
    fn nesting_is_measured_before_parsing() {
        let deep = format!(
            r#"{{"Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": {}"*"{}}}}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let (doc, findings) = parse(&deep);
        assert!(doc.is_none());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, Code::SourceError);
        assert_eq!(
            findings[0].message,
            "this JSON nests 100002 levels deep; role-cli reads documents nested up to 64 levels"
        );
        // Brackets inside strings are text.
        let text = r#"{"Statement": {"Sid": "[[[[", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\"[[["}}"#;
        assert_eq!(shape::nesting(text).0, 2);
    }
}

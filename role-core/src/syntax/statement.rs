//! Reads the statements of an attribute: `trust(...)`, `allow(...)`, `deny(...)` and the
//! conditions of `when(...)`, with the argument helpers of [`super::args`].

use syn::Lit;
use syn::spanned::Spanned;

use super::args::{call_name, expect_str, expect_strs, set_once, str_of, unknown};
use super::ast::*;
use super::meta::{Key, Meta};
use crate::diag::{Code, Findings, Spot};
use crate::model::Effect;

const TRUST_ARGS: &[&str] = &[
    "service",
    "account",
    "arn",
    "oidc",
    "saml",
    "external_id",
    "actions",
    "when",
    "sid",
    "unchecked",
    "accept",
];
const STATEMENT_ARGS: &[&str] = &[
    "\"service:Action\"",
    "actions",
    "not_actions",
    "on",
    "not_on",
    "when",
    "sid",
    "unchecked",
    "accept",
];

pub(super) fn read_trust(spot: Spot, metas: &[Meta], findings: &mut Findings) -> Trust {
    let mut trust = Trust {
        spot,
        principals: Vec::new(),
        external_id: None,
        actions: None,
        conditions: Vec::new(),
        sid: None,
        unchecked: Vec::new(),
        accepts: Vec::new(),
        had_errors: false,
    };
    let before = findings.0.len();
    for meta in metas {
        match meta {
            Meta::KeyValue { key: Key::Ident(ident), value } => {
                let name = ident.to_string();
                let span = ident.span();
                if let Some((_, arg)) = PrincipalArg::ALL.iter().find(|(n, _)| *n == name) {
                    let values = expect_strs(findings, &name, value);
                    trust.principals.push(PrincipalDecl { arg: *arg, spot: Spot::new(span), values });
                    continue;
                }
                match name.as_str() {
                    "external_id" => {
                        let v = expect_str(findings, &name, value);
                        set_once(findings, &mut trust.external_id, v, &name, span);
                    }
                    "actions" => {
                        let v = Some((Spot::new(value.span()), expect_strs(findings, &name, value)));
                        set_once(findings, &mut trust.actions, v, &name, span);
                    }
                    "unchecked" => trust.unchecked.extend(expect_strs(findings, &name, value)),
                    "sid" => {
                        let v = expect_str(findings, &name, value);
                        set_once(findings, &mut trust.sid, v, &name, span);
                    }
                    _ => unknown(findings, &name, span, "trust(...)", TRUST_ARGS),
                }
            }
            Meta::Call { path, args, .. } if path.is_ident("when") => read_when(args, &mut trust.conditions, findings),
            Meta::Call { path, args, span } if path.is_ident("accept") => {
                trust.accepts.push(read_accept(*span, args, findings))
            }
            Meta::Call { path, .. } | Meta::Path(path) => {
                unknown(findings, &call_name(path), path.span(), "trust(...)", TRUST_ARGS)
            }
            Meta::KeyValue { key: Key::Lit(lit), .. } => {
                unknown(findings, &lit.value(), lit.span(), "trust(...)", TRUST_ARGS)
            }
            Meta::Lit(lit) => findings.error(
                Code::InvalidArgument,
                lit.span(),
                "a trust statement names its principal: `trust(service = \"lambda.amazonaws.com\")`; \
                 to set its actions write `actions = [...]`",
            ),
            Meta::List { span, .. } => findings.error(
                Code::InvalidArgument,
                *span,
                "a trust statement names its principal: `trust(service = [\"a\", \"b\"])`; \
                 to set its actions write `actions = [...]`",
            ),
        }
    }
    trust.had_errors = findings.0.len() > before;
    trust
}

pub(super) fn read_statement(
    effect: Effect,
    spot: Spot,
    metas: &[Meta],
    findings: &mut Findings,
) -> Stmt {
    let mut stmt = Stmt::new(effect, spot);
    let before = findings.0.len();
    let context = if effect == Effect::Allow {
        "allow(...)"
    } else {
        "deny(...)"
    };
    for meta in metas {
        match meta {
            Meta::Lit(Lit::Str(lit)) => stmt.actions.push(str_of(lit)),
            Meta::Lit(other) => findings.error(
                Code::InvalidArgument,
                other.span(),
                "an action is a string literal such as \"s3:GetObject\"",
            ),
            Meta::KeyValue {
                key: Key::Ident(ident),
                value,
            } => {
                let name = ident.to_string();
                let span = ident.span();
                match name.as_str() {
                    "actions" => stmt.actions.extend(expect_strs(findings, &name, value)),
                    "not_actions" => {
                        let v = Some((Spot::new(span), expect_strs(findings, &name, value)));
                        set_once(findings, &mut stmt.not_actions, v, &name, span);
                    }
                    "on" => {
                        let v = Some((Spot::new(span), expect_strs(findings, &name, value)));
                        set_once(findings, &mut stmt.on, v, &name, span);
                    }
                    "not_on" => {
                        let v = Some((Spot::new(span), expect_strs(findings, &name, value)));
                        set_once(findings, &mut stmt.not_on, v, &name, span);
                    }
                    "sid" => {
                        let v = expect_str(findings, &name, value);
                        set_once(findings, &mut stmt.sid, v, &name, span);
                    }
                    "unchecked" => stmt.unchecked.extend(expect_strs(findings, &name, value)),
                    _ => unknown(findings, &name, span, context, STATEMENT_ARGS),
                }
            }
            Meta::Call { path, args, .. } if path.is_ident("when") => {
                read_when(args, &mut stmt.conditions, findings)
            }
            Meta::Call { path, args, span } if path.is_ident("accept") => {
                stmt.accepts.push(read_accept(*span, args, findings))
            }
            Meta::Call { path, .. } | Meta::Path(path) => unknown(
                findings,
                &call_name(path),
                path.span(),
                context,
                STATEMENT_ARGS,
            ),
            Meta::KeyValue {
                key: Key::Lit(lit), ..
            } => unknown(findings, &lit.value(), lit.span(), context, STATEMENT_ARGS),
            Meta::List { span, .. } => findings.error(
                Code::InvalidArgument,
                *span,
                "actions are written one after the other, `allow(\"s3:GetObject\", \"s3:PutObject\", on = ...)`, or as `actions = [...]`",
            ),
        }
    }
    stmt.had_errors = findings.0.len() > before;
    stmt
}

/// `when(StringEquals("k", "v"), ForAnyValue::StringLike("k", "a", "b"))`
fn read_when(metas: &[Meta], conditions: &mut Vec<Cond>, findings: &mut Findings) {
    for meta in metas {
        let Meta::Call { path, args, span } = meta else {
            findings.error(
                Code::InvalidArgument,
                meta.span(),
                "a condition is written `Operator(\"key\", value, ...)`, such as `StringEquals(\"aws:SourceAccount\", \"123456789012\")`",
            );
            continue;
        };
        let segments: Vec<&syn::PathSegment> = path.segments.iter().collect();
        let (set, op) = match segments.as_slice() {
            [op] => (None, *op),
            [set, op] => (
                Some((set.ident.to_string(), Spot::new(set.ident.span()))),
                *op,
            ),
            _ => {
                findings.error(
                    Code::UnknownOperator,
                    path.span(),
                    "a condition operator is `Op` or `ForAnyValue::Op`",
                );
                continue;
            }
        };
        let mut cond = Cond {
            set,
            operator: op.ident.to_string(),
            operator_spot: Spot::new(op.ident.span()),
            key: None,
            values: Vec::new(),
            spot: Spot::new(*span),
        };
        let mut written_values = 0;
        for (i, arg) in args.iter().enumerate() {
            match (i, arg) {
                (0, Meta::Lit(Lit::Str(lit))) => cond.key = Some(str_of(lit)),
                (0, other) => findings.error(
                    Code::MissingConditionKey,
                    other.span(),
                    "a condition starts with its key, a string literal",
                ),
                // `["a", "b"]` means the same as `"a", "b"`.
                (_, Meta::List { items, .. }) => {
                    for lit in items {
                        written_values += 1;
                        condition_value(lit, &mut cond, findings);
                    }
                }
                (_, Meta::Lit(lit)) => {
                    written_values += 1;
                    condition_value(lit, &mut cond, findings);
                }
                (_, other) => {
                    written_values += 1;
                    findings.error(
                        Code::InvalidConditionValue,
                        other.span(),
                        "a condition value is a string, integer or boolean literal, or a list of them",
                    );
                }
            }
        }
        if cond.key.is_some() && written_values == 0 {
            findings.error(
                Code::MissingConditionKey,
                *span,
                format!("`{}` needs at least one value after its key", cond.operator),
            );
        }
        conditions.push(cond);
    }
}

/// One literal value of a condition: strings, integers and booleans are all strings to IAM.
fn condition_value(lit: &Lit, cond: &mut Cond, findings: &mut Findings) {
    let (text, is_str) = match lit {
        Lit::Str(lit) => (lit.value(), true),
        Lit::Int(lit) => (lit.base10_digits().to_owned(), false),
        Lit::Float(lit) => (lit.base10_digits().to_owned(), false),
        Lit::Bool(lit) => (lit.value.to_string(), false),
        other => {
            findings.error(
                Code::InvalidConditionValue,
                other.span(),
                "a condition value is a string, integer or boolean literal",
            );
            return;
        }
    };
    cond.values.push(CondValue {
        text,
        spot: Spot::new(lit.span()),
        is_str,
    });
}

/// `accept("RL111", "the reason")`: the code and the reason as written; whether they say
/// enough is the validator's to judge (`check::accept`), so that every mistake is reported alike.
pub(super) fn read_accept(
    span: proc_macro2::Span,
    metas: &[Meta],
    findings: &mut Findings,
) -> Accept {
    let mut accept = Accept {
        spot: Spot::new(span),
        code: None,
        reason: None,
    };
    for (index, meta) in metas.iter().enumerate() {
        match (index, meta) {
            (0, Meta::Lit(Lit::Str(lit))) => accept.code = Some(str_of(lit)),
            (1, Meta::Lit(Lit::Str(lit))) => accept.reason = Some(str_of(lit)),
            (_, other) => findings.error(
                Code::InvalidArgument,
                other.span(),
                "`accept` takes a lint code and the reason: `accept(\"RL111\", \"why this is fine here\")`",
            ),
        }
    }
    accept
}

//! Reads the meaning of each argument from the generic [`Meta`] tree: which arguments exist,
//! where each may stand, and the shape of its value. Every mistake is recorded and reading goes
//! on, so that all of them are reported at once.

use proc_macro2::Span;
use syn::Lit;
use syn::spanned::Spanned;

use super::ast::*;
use super::meta::{Key, Meta, Value};
use super::statement;
use crate::diag::{Code, Finding, Findings, Spot, did_you_mean, nearest};
use crate::model::Effect;

const ROLE_ARGS: &[&str] = &[
    "name",
    "description",
    "path",
    "max_session",
    "trust",
    "allow",
    "deny",
    "managed",
    "policies",
    "boundary",
    "tags",
    "instance_profile",
    "unchecked",
    "accept",
    "quotas",
];
const POLICY_ARGS: &[&str] = &[
    "name",
    "description",
    "path",
    "allow",
    "deny",
    "tags",
    "unchecked",
    "accept",
];
pub fn str_of(lit: &syn::LitStr) -> Str {
    Str {
        value: lit.value(),
        spot: Spot::new(lit.span()),
    }
}

/// IAM's words for the DSL's arguments: what a user who knows IAM JSON is likely to write.
const IAM_WORDS: &[(&str, &str)] = &[
    ("resource", "on"),
    ("resources", "on"),
    ("not_resource", "not_on"),
    ("not_resources", "not_on"),
    ("not_action", "not_actions"),
    ("action", "actions"),
    ("condition", "when"),
    ("conditions", "when"),
    ("principal", "service"),
    ("external", "external_id"),
    ("max_session_duration", "max_session"),
    ("permissions_boundary", "boundary"),
    ("managed_policies", "managed"),
];

pub(super) fn unknown(
    findings: &mut Findings,
    name: &str,
    span: Span,
    context: &str,
    valid: &[&str],
) {
    let synonym = IAM_WORDS
        .iter()
        .find(|(word, arg)| word.eq_ignore_ascii_case(name) && valid.contains(arg))
        .map(|(_, arg)| *arg);
    let hint = did_you_mean(synonym.or_else(|| nearest(name, valid.iter().copied())));
    let finding = Finding::error(
        Code::UnknownArgument,
        span,
        format!("unknown argument `{name}` in {context}{hint}"),
    );
    findings.push(finding.with_help(format!("expected one of: {}", valid.join(", "))));
}

pub(super) fn duplicate(findings: &mut Findings, name: &str, span: Span) {
    findings.error(
        Code::DuplicateArgument,
        span,
        format!("`{name}` is given more than once"),
    );
}

/// Sets `slot` once; a second time is a finding.
pub(super) fn set_once<T>(
    findings: &mut Findings,
    slot: &mut Option<T>,
    value: Option<T>,
    name: &str,
    span: Span,
) {
    if slot.is_some() {
        duplicate(findings, name, span);
    } else if value.is_some() {
        *slot = value;
    }
}

pub(super) fn expect_str(findings: &mut Findings, name: &str, value: &Value) -> Option<Str> {
    match value {
        Value::Lit(Lit::Str(lit)) => Some(str_of(lit)),
        other => {
            findings.error(
                Code::InvalidArgument,
                other.span(),
                format!("`{name}` takes a string literal"),
            );
            None
        }
    }
}

/// A string or a list of strings.
pub(super) fn expect_strs(findings: &mut Findings, name: &str, value: &Value) -> Vec<Str> {
    let lits: Vec<&Lit> = match value {
        Value::Lit(lit) => vec![lit],
        Value::List { items, .. } => items.iter().collect(),
    };
    let mut out = Vec::new();
    for lit in lits {
        match lit {
            Lit::Str(s) => out.push(str_of(s)),
            other => findings.error(
                Code::InvalidArgument,
                other.span(),
                format!("`{name}` takes a string literal or a list of string literals"),
            ),
        }
    }
    if out.is_empty() && matches!(value, Value::List { .. }) {
        findings.error(
            Code::InvalidArgument,
            value.span(),
            format!("`{name}` needs at least one value"),
        );
    }
    out
}

pub(super) fn call_name(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// The arguments of `#[role(...)]` or `#[policy(...)]`.
pub fn read_args(kind: DeclKind, metas: &[Meta], findings: &mut Findings) -> Args {
    let mut args = Args::default();
    let valid = if kind == DeclKind::Role {
        ROLE_ARGS
    } else {
        POLICY_ARGS
    };
    let context = format!("#[{}(...)]", kind.attr());
    for meta in metas {
        match meta {
            Meta::KeyValue {
                key: Key::Ident(ident),
                value,
            } => {
                let name = ident.to_string();
                let span = ident.span();
                if !valid.contains(&name.as_str()) {
                    unknown(findings, &name, span, &context, valid);
                    continue;
                }
                match name.as_str() {
                    "name" | "description" | "path" | "boundary" => {
                        let slot = match name.as_str() {
                            "name" => &mut args.name,
                            "description" => &mut args.description,
                            "path" => &mut args.path,
                            _ => &mut args.boundary,
                        };
                        let v = expect_str(findings, &name, value);
                        set_once(findings, slot, v, &name, span);
                    }
                    "max_session" => {
                        let v = read_duration(findings, value);
                        set_once(findings, &mut args.max_session, v, &name, span);
                    }
                    "managed" => {
                        if args.managed_spot.is_some() {
                            duplicate(findings, &name, span);
                        }
                        args.managed_spot = Some(Spot::new(value.span()));
                        args.managed.extend(expect_strs(findings, &name, value));
                    }
                    "unchecked" => args.unchecked.extend(expect_strs(findings, &name, value)),
                    "instance_profile" => {
                        let v = match value {
                            Value::Lit(Lit::Bool(b)) => {
                                Some(InstanceProfileArg::Enabled(b.value, Spot::new(b.span)))
                            }
                            // `"false"` is a boolean written as text, not a profile's name.
                            Value::Lit(Lit::Str(s))
                                if s.value() == "true" || s.value() == "false" =>
                            {
                                findings.error(
                                    Code::InvalidArgument,
                                    s.span(),
                                    format!("`instance_profile` takes `{}` without quotes, or the profile's name", s.value()),
                                );
                                None
                            }
                            Value::Lit(Lit::Str(s)) => Some(InstanceProfileArg::Named(str_of(s))),
                            other => {
                                findings.error(
                                    Code::InvalidArgument,
                                    other.span(),
                                    "`instance_profile` takes `true`, `false` or the profile's name, such as \"NodeProfile-{cluster}\"",
                                );
                                None
                            }
                        };
                        set_once(findings, &mut args.instance_profile, v, &name, span);
                    }
                    _ => findings.error(
                        Code::InvalidArgument,
                        span,
                        format!("`{name}` is written `{name}(...)`, not `{name} = ...`"),
                    ),
                }
            }
            Meta::Call {
                path,
                args: inner,
                span,
            } => {
                let name = call_name(path);
                if !valid.contains(&name.as_str()) {
                    unknown(findings, &name, path.span(), &context, valid);
                    continue;
                }
                let spot = Spot::new(path.span());
                match name.as_str() {
                    "trust" => args
                        .trust
                        .push(statement::read_trust(spot, inner, findings)),
                    "allow" => args.statements.push(statement::read_statement(
                        Effect::Allow,
                        spot,
                        inner,
                        findings,
                    )),
                    "deny" => args.statements.push(statement::read_statement(
                        Effect::Deny,
                        spot,
                        inner,
                        findings,
                    )),
                    "tags" => {
                        if args.tags_spot.is_some() {
                            duplicate(findings, &name, path.span());
                        }
                        args.tags_spot = Some(Spot::new(*span));
                        read_tags(inner, &mut args.tags, findings);
                    }
                    "policies" => read_policies(inner, &mut args.policies, findings),
                    "quotas" => read_quotas(inner, &mut args.quotas, findings),
                    "accept" => args
                        .accepts
                        .push(statement::read_accept(*span, inner, findings)),
                    _ => findings.error(
                        Code::InvalidArgument,
                        path.span(),
                        format!("`{name}` is written `{name} = ...`, not `{name}(...)`"),
                    ),
                }
            }
            Meta::KeyValue {
                key: Key::Lit(lit), ..
            } => {
                unknown(findings, &lit.value(), lit.span(), &context, valid);
            }
            Meta::Lit(lit) => {
                let message = format!(
                    "a bare literal has no meaning in {context}; actions go inside `allow(...)` or `deny(...)`"
                );
                let finding = Finding::error(Code::InvalidArgument, lit.span(), message);
                findings.push(finding.with_help(format!("expected one of: {}", valid.join(", "))));
            }
            Meta::Path(path) => unknown(findings, &call_name(path), path.span(), &context, valid),
            Meta::List { span, .. } => {
                let message = format!("a bare list has no meaning in {context}");
                let finding = Finding::error(Code::InvalidArgument, *span, message);
                findings.push(finding.with_help(format!("expected one of: {}", valid.join(", "))));
            }
        }
    }
    args
}

/// A duration as text, or as a number of seconds. syn reads `-1` as one integer literal whose
/// digits keep the sign, `0x10` and `1_000` as their values (16, 1000), and `3600u32` with its
/// suffix, which says nothing here; `1e3` is a float.
fn read_duration(findings: &mut Findings, value: &Value) -> Option<DurationArg> {
    match value {
        Value::Lit(Lit::Str(s)) => Some(DurationArg::Text(str_of(s))),
        Value::Lit(Lit::Int(i)) => {
            let digits = i.base10_digits();
            if digits.starts_with('-') && digits.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
                findings.error(
                    Code::InvalidDuration,
                    i.span(),
                    "`max_session` cannot be negative; IAM allows 1h to 12h (3600 to 43200 seconds)",
                );
                return None;
            }
            // `-0` is 0, which the range check reports.
            match digits.trim_start_matches('-').parse::<u64>() {
                Ok(value) => Some(DurationArg::Seconds {
                    value,
                    spot: Spot::new(i.span()),
                }),
                Err(_) => {
                    findings.error(
                        Code::InvalidDuration,
                        i.span(),
                        "`max_session` is too large; IAM allows 1h to 12h (3600 to 43200 seconds)",
                    );
                    None
                }
            }
        }
        Value::Lit(Lit::Float(f)) => {
            findings.error(
                Code::InvalidDuration,
                f.span(),
                format!("`max_session` is a whole number of seconds, not `{f}`; IAM allows 1h to 12h (3600 to 43200 seconds)"),
            );
            None
        }
        other => {
            findings.error(
                Code::InvalidArgument,
                other.span(),
                "`max_session` takes a duration such as \"1h\", \"1h30m\", \"5400s\", or a number of seconds",
            );
            None
        }
    }
}

const QUOTA_ARGS: &[&str] = &["managed_policies", "trust_policy_size"];

fn read_quotas(metas: &[Meta], quotas: &mut Quotas, findings: &mut Findings) {
    for meta in metas {
        let Meta::KeyValue {
            key: Key::Ident(ident),
            value,
        } = meta
        else {
            findings.error(
                Code::InvalidArgument,
                meta.span(),
                "a quota is written `managed_policies = 20`",
            );
            continue;
        };
        let name = ident.to_string();
        let slot = match name.as_str() {
            "managed_policies" => &mut quotas.managed_policies,
            "trust_policy_size" => &mut quotas.trust_policy_size,
            _ => {
                unknown(findings, &name, ident.span(), "quotas(...)", QUOTA_ARGS);
                continue;
            }
        };
        let v = match value {
            Value::Lit(Lit::Int(i)) => i
                .base10_parse::<u64>()
                .ok()
                .map(|n| (n, Spot::new(i.span()))),
            _ => None,
        };
        if v.is_none() {
            findings.error(
                Code::InvalidArgument,
                value.span(),
                format!("`{name}` takes a whole number"),
            );
        }
        set_once(findings, slot, v, &name, ident.span());
    }
}

fn read_tags(metas: &[Meta], tags: &mut Vec<Tag>, findings: &mut Findings) {
    for meta in metas {
        match meta {
            Meta::KeyValue { key, value } => {
                let key = match key {
                    Key::Ident(ident) => Str {
                        value: ident.to_string(),
                        spot: Spot::new(ident.span()),
                    },
                    Key::Lit(lit) => str_of(lit),
                };
                if let Some(value) = expect_str(findings, "a tag", value) {
                    tags.push(Tag { key, value });
                }
            }
            other => findings.error(
                Code::InvalidArgument,
                other.span(),
                "a tag is written `key = \"value\"` or `\"key\" = \"value\"`",
            ),
        }
    }
}

fn read_policies(metas: &[Meta], policies: &mut Vec<PolicyRef>, findings: &mut Findings) {
    for meta in metas {
        match meta {
            Meta::Path(path) => {
                let ident = path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
                policies.push(PolicyRef { ident, path: call_name(path), spot: Spot::new(path.span()), syn_path: path.clone() });
            }
            other => findings.error(
                Code::InvalidArgument,
                other.span(),
                "`policies(...)` lists #[policy] structs by path, such as `policies(WriteLogs, crate::audit::ReadOnly)`",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The finding `max_session = <literal>` gives, or the seconds it reads.
    fn duration(literal: &str) -> Result<u64, String> {
        let value: Value = syn::parse_str(literal).unwrap();
        let mut findings = Findings::default();
        match read_duration(&mut findings, &value) {
            Some(DurationArg::Seconds { value, .. }) => Ok(value),
            Some(DurationArg::Text(s)) => Err(format!("text {}", s.value)),
            None => Err(findings.0[0].message.clone()),
        }
    }

    #[test]
    fn numbers_of_seconds_as_syn_reads_them() {
        assert_eq!(duration("3600"), Ok(3600));
        assert_eq!(duration("1_000"), Ok(1000));
        assert_eq!(duration("0x10"), Ok(16));
        assert_eq!(duration("3600u32"), Ok(3600));
        assert_eq!(duration("-0"), Ok(0));
        assert_eq!(duration("\"1h\""), Err("text 1h".into()));
    }

    #[test]
    fn a_negative_duration_is_not_too_large() {
        for literal in [
            "-1",
            "- 3600",
            "-99999999999999999999999",
            &format!("-{}", "9".repeat(50)),
        ] {
            let message = duration(literal).unwrap_err();
            assert!(
                message.contains("cannot be negative"),
                "{literal}: {message}"
            );
        }
        let message = duration("99999999999999999999999").unwrap_err();
        assert!(message.contains("too large"), "{message}");
        let message = duration("1e3").unwrap_err();
        assert!(
            message.contains("whole number of seconds, not `1e3`"),
            "{message}"
        );
    }
}

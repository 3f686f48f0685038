//! Condition keys against the catalogue: the key exists (global, a service's, a tag key with its
//! `/key`, or an OIDC provider's standard claim), the operator can match its type, and every
//! policy variable names a key.

use super::condition::{Family, family};
use crate::catalogue::{Catalogue, ValueType};
use crate::diag::{Code, Finding, Findings, did_you_mean};
use crate::syntax::ast::{Cond, Str};

/// The claims of an OIDC provider's tokens that IAM reads as `<host>:claim` in its trust: the
/// standard ones (`aud`, `sub`, `amr`, `azp`, `email`, `oaud`) and the issuer, which widely used
/// trust policies test (terraform-aws-modules' iam-github-oidc-role writes `<host>:iss`).
const OIDC_CLAIMS: &[&str] = &["aud", "sub", "amr", "azp", "email", "oaud", "iss"];
/// Tag keys that name a tag only with `/key`.
const TAG_KEYS: &[&str] = &["aws:ResourceTag", "aws:PrincipalTag", "aws:RequestTag"];

/// What a condition key may refer to, besides the catalogue: the OIDC providers a trust
/// statement names.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    pub oidc_hosts: &'a [String],
    /// The provider was already reported: any `<host>:claim` is let through.
    pub any_oidc_host: bool,
}

pub fn check(cond: &Cond, scope: Scope, catalogue: &Catalogue, findings: &mut Findings) {
    let Some(key) = &cond.key else { return };
    let filled = with_placeholders_filled(&key.value);
    let text = filled.as_deref().unwrap_or(&key.value);
    if let Some(base) = TAG_KEYS
        .iter()
        .find(|t| t.eq_ignore_ascii_case(text.trim_end_matches('/')))
    {
        findings.push(
            Finding::error(
                Code::TagKeyWithoutName,
                key.spot,
                format!("`{text}` names no tag"),
            )
            .with_help(format!("write the tag's key after a slash: `{base}/team`")),
        );
        return;
    }
    if let Some(info) = catalogue.condition_key(text) {
        operator_fits(cond, info.value_type, findings);
        return;
    }
    if let Some((host, claim)) = key.value.rsplit_once(':')
        && (scope.any_oidc_host
            || scope
                .oidc_hosts
                .iter()
                .any(|h| h.eq_ignore_ascii_case(host) || is_whole_placeholder(h)))
        && OIDC_CLAIMS
            .iter()
            .chain(super::trust::web_identity_claims(host).unwrap_or_default())
            .any(|c| c.eq_ignore_ascii_case(claim))
    {
        return;
    }
    // A placeholder in the namespace (`{provider}:sub`) hides which key it is.
    if filled.is_some()
        && key
            .value
            .split(':')
            .next()
            .is_some_and(|ns| ns.contains('{'))
    {
        return;
    }
    findings.push(unknown_key(key, catalogue));
}

/// `key` with each `{field}` placeholder written as a word, so that the catalogue's
/// `aws:ResourceTag/${TagKey}` matches `aws:ResourceTag/kubernetes.io/cluster/{cluster}`; `None`
/// when the key holds no placeholder.
fn with_placeholders_filled(key: &str) -> Option<String> {
    if !key.contains('{') {
        return None;
    }
    let mut out = String::with_capacity(key.len());
    let mut rest = key;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if crate::syntax::template::is_identifier(&after[..close]) => {
                out.push_str("value");
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

/// `{provider_arn}`: a provider given whole, whose host is known only at deploy time.
fn is_whole_placeholder(text: &str) -> bool {
    text.strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .is_some_and(crate::syntax::template::is_identifier)
}

fn unknown_key(key: &Str, catalogue: &Catalogue) -> Finding {
    let text = &key.value;
    // A suggestion with a `${TagKey}` part keeps the user's own tag key.
    let suggestion = catalogue.suggest_condition_key(text).map(|s| {
        match (s.split_once("/${"), text.split_once('/')) {
            (Some((base, _)), Some((_, tail))) => format!("{base}/{tail}"),
            _ => s,
        }
    });
    let what = if text.to_ascii_lowercase().starts_with("aws:") {
        "global condition key"
    } else {
        "condition key"
    };
    Finding::error(
        Code::UnknownConditionKey,
        key.spot,
        format!(
            "unknown {what} `{text}`{}",
            did_you_mean(suggestion.as_deref())
        ),
    )
}

/// An operator family that can never match values of the key's type. String operators read
/// any value as text and `Null` tests presence, so only the other families are held to it.
fn operator_fits(cond: &Cond, value_type: ValueType, findings: &mut Findings) {
    let Some(op_family) = family(&cond.operator) else {
        return;
    };
    let fits = match (op_family, value_type) {
        (Family::String | Family::Null, _) | (_, ValueType::Unknown | ValueType::String) => true,
        (Family::Numeric, t) => t == ValueType::Numeric,
        (Family::Date, t) => t == ValueType::Date,
        (Family::Bool, t) => t == ValueType::Bool,
        (Family::Ip, t) => t == ValueType::IpAddress,
        (Family::Arn, t) => t == ValueType::Arn,
        (Family::Binary, t) => t == ValueType::Binary,
    };
    if !fits {
        let key = cond.key.as_ref().map_or("", |k| k.value.as_str());
        findings.push(
            Finding::error(
                Code::OperatorTypeMismatch,
                cond.operator_spot,
                format!(
                    "`{}` can never match `{key}`, whose values are of type {value_type:?}",
                    cond.operator
                ),
            )
            .with_help(format!(
                "use an operator for {value_type:?} values{}",
                suggested_family(value_type)
            )),
        );
    }
}

fn suggested_family(value_type: ValueType) -> &'static str {
    match value_type {
        ValueType::IpAddress => ", such as `IpAddress`",
        ValueType::Numeric => ", such as `NumericLessThan`",
        ValueType::Date => ", such as `DateGreaterThan`",
        ValueType::Bool => ", such as `Bool`",
        ValueType::Arn => ", such as `ArnLike`",
        ValueType::Binary => ", such as `BinaryEquals`",
        ValueType::String | ValueType::Unknown => "",
    }
}

/// Every `${key}` policy variable of `s` names a condition key.
pub fn policy_variables(s: &Str, catalogue: &Catalogue, findings: &mut Findings) {
    let text = s.value.as_str();
    let mut from = 0;
    while let Some(at) = text[from..].find("${").map(|i| from + i) {
        let Some(end) = text[at..].find('}').map(|i| at + i) else {
            return;
        };
        let inner = &text[at + 2..end];
        let key = inner.split_once(',').map_or(inner, |(k, _)| k).trim();
        let special = ["*", "?", "$"].contains(&key);
        if !special && key.contains(':') && catalogue.condition_key(key).is_none() {
            let hint = did_you_mean(catalogue.suggest_condition_key(key).as_deref());
            findings.push(Finding::error(
                Code::UnknownPolicyVariable,
                s.spot.part(at, end + 1),
                format!("policy variable `${{{inner}}}` names no condition key{hint}"),
            ));
        }
        from = end + 1;
    }
}

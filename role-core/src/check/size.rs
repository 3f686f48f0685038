//! Sizes, counted as IAM counts them: the JSON document without whitespace. Parameters are not
//! known at compile time, so they count as empty and pseudo-parameters as their shortest real
//! value: a policy reported too large is too large whatever the values.

use crate::diag::{Code, Finding, Findings};
use crate::env::{Env, Resolver};
use crate::model::{Document, Param, ParamKind, Policy, Role};
use crate::syntax::ast::Decl;

const INLINE_LIMIT: usize = 10240;
const MANAGED_LIMIT: usize = 6144;

/// The fewest characters `document` can take once deployed: text parameters empty, lists
/// without elements.
pub fn least_size(document: &Document, params: &[Param]) -> usize {
    let text = |kind| {
        params
            .iter()
            .filter(move |p| p.kind == kind)
            .map(|p| p.name.clone())
    };
    let env = Env {
        partition: "aws".to_owned(),
        account_id: Some("123456789012".to_owned()),
        region: Some("us-east-1".to_owned()),
        values: text(ParamKind::Text).map(|p| (p, String::new())).collect(),
        lists: text(ParamKind::List).map(|p| (p, Vec::new())).collect(),
    };
    let value = crate::render::iam::document(document, &mut Resolver::new(&env));
    serde_json::to_string(&value).map_or(0, |json| json.chars().count())
}

pub fn role(role: &Role, decl: &Decl, findings: &mut Findings) {
    let size = least_size(&role.trust, &role.params);
    let limit = super::properties::trust_size_quota(decl, findings);
    if size > limit {
        findings.push(
            too_large(Code::TrustPolicyTooLarge, decl, "trust policy", size, limit).with_help(
                "list several principals or values in one trust(...); where the account's quota is raised, say so: `quotas(trust_policy_size = 4096)`",
            ),
        );
    }
    if let Some(policy) = &role.policy {
        let size = least_size(policy, &role.params);
        if size > INLINE_LIMIT {
            findings.push(
                too_large(Code::InlinePolicyTooLarge, decl, "inline policy", size, INLINE_LIMIT)
                    .with_help("move statements into a #[policy] (a managed policy, 6,144 characters each) and attach it with policies(...)"),
            );
        }
    }
}

pub fn policy(policy: &Policy, decl: &Decl, findings: &mut Findings) {
    let size = least_size(&policy.document, &policy.params);
    if size > MANAGED_LIMIT {
        findings.push(
            too_large(
                Code::ManagedPolicyTooLarge,
                decl,
                "managed policy",
                size,
                MANAGED_LIMIT,
            )
            .with_help(
                "split it into several #[policy] structs, or use wildcards to shorten action lists",
            ),
        );
    }
}

fn too_large(code: Code, decl: &Decl, what: &str, size: usize, limit: usize) -> Finding {
    Finding::error(
        code,
        decl.ident_spot,
        format!(
            "the {what} of `{}` has at least {size} characters without whitespace; IAM allows {limit}",
            decl.ident
        ),
    )
}

//! Sizes, counted as IAM counts them: the JSON document without whitespace. Parameters are not
//! known at compile time, so they count as empty and pseudo-parameters as their shortest real
//! value: a policy reported too large is too large whatever the values.

use crate::diag::{Code, Finding, Findings};
use crate::env::{Env, Resolver};
use crate::model::{Document, Param, ParamKind, Part, Policy, Role, Template};
use crate::syntax::ast::Decl;

const INLINE_LIMIT: usize = 10240;
const MANAGED_LIMIT: usize = 6144;

/// The fewest characters `document` can take once deployed (text parameters empty, lists
/// without elements), when that is over `limit`. Counted exactly only when [`most_size`] does
/// not already show the document within it: the exact count renders the document, which the
/// unoptimized proc macro feels.
pub fn over_limit(document: &Document, params: &[Param], limit: usize) -> Option<usize> {
    if most_size(document) <= limit {
        return None;
    }
    Some(least_size(document, params)).filter(|&size| size > limit)
}

/// More characters than [`exact_size`] can count: every character of text as a six-character
/// escape, every pseudo-parameter as twelve, and generous room for the JSON around them.
fn most_size(document: &Document) -> usize {
    let template = |t: &Template| {
        4 + t
            .0
            .iter()
            .map(|part| match part {
                Part::Text(text) | Part::Var(text) => 6 * text.chars().count() + 3,
                Part::Pseudo(_) => 12,
                Part::Field(_) | Part::List(_) => 0,
            })
            .sum::<usize>()
    };
    let list = |ts: &[Template]| 4 + ts.iter().map(template).sum::<usize>();
    let statements: usize = document
        .statements
        .iter()
        .map(|s| {
            let sid = s.sid.as_ref().map_or(0, |sid| 6 * sid.len());
            let actions: usize = s.actions.list().iter().map(|a| 6 * a.len() + 4).sum();
            let principal = s.principal.as_ref().map_or(0, |p| list(&p.values));
            let resources = s.resources.as_ref().map_or(0, |r| list(r.list()));
            let conditions: usize = s
                .conditions
                .iter()
                .map(|b| {
                    let entries: usize = b
                        .entries
                        .iter()
                        .map(|e| template(&e.key) + list(&e.values))
                        .sum();
                    6 * b.operator.len() + 8 + entries
                })
                .sum();
            160 + sid + actions + principal + resources + conditions
        })
        .sum();
    60 + statements
}

/// The fewest characters `document` can take once deployed: rendered with every text parameter
/// empty and every list without elements, counted as IAM counts it.
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
    let limit = super::properties::trust_size_quota(decl, findings);
    if let Some(size) = over_limit(&role.trust, &role.params, limit) {
        findings.push(
            too_large(Code::TrustPolicyTooLarge, decl, "trust policy", size, limit).with_help(
                "list several principals or values in one trust(...); where the account's quota is raised, say so: `quotas(trust_policy_size = 4096)`",
            ),
        );
    }
    if let Some(policy) = &role.policy
        && let Some(size) = over_limit(policy, &role.params, INLINE_LIMIT)
    {
        findings.push(
            too_large(Code::InlinePolicyTooLarge, decl, "inline policy", size, INLINE_LIMIT)
                .with_help("move statements into a #[policy] (a managed policy, 6,144 characters each) and attach it with policies(...)"),
        );
    }
}

pub fn policy(policy: &Policy, decl: &Decl, findings: &mut Findings) {
    if let Some(size) = over_limit(&policy.document, &policy.params, MANAGED_LIMIT) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actions, ConditionBlock, ConditionEntry, Effect, Resources, Statement};

    fn statement(text: &str) -> Statement {
        Statement {
            sid: Some("Sid1".into()),
            effect: Effect::Allow,
            principal: None,
            actions: Actions::Action(vec!["s3:GetObject".into(), "s3:PutObject".into()]),
            resources: Some(Resources::Resource(vec![Template::literal(text)])),
            conditions: vec![ConditionBlock {
                operator: "ForAnyValue:StringEquals".into(),
                entries: vec![ConditionEntry {
                    key: Template::literal("aws:PrincipalTag/team"),
                    values: vec![Template::literal(text), Template::literal("\u{1}\"\\")],
                }],
            }],
        }
    }

    #[test]
    fn the_bound_is_never_under_the_count() {
        for text in [
            "",
            "a",
            "arn:aws:s3:::bucket/*",
            "\"\\\u{1}é",
            &"x".repeat(3000),
        ] {
            let document = Document {
                statements: vec![statement(text), statement(text)],
            };
            assert!(
                most_size(&document) >= least_size(&document, &[]),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_large_document_is_counted_exactly() {
        let document = Document {
            statements: vec![statement(&"x".repeat(3000))],
        };
        let exact = least_size(&document, &[]);
        assert_eq!(over_limit(&document, &[], 2048), Some(exact));
        assert_eq!(over_limit(&document, &[], exact), None);
    }
}

//! A raw IAM policy document through the same rules as the DSL: the element rules of each
//! statement, the catalogue rules and the principal rules. Rules that only the DSL has (one
//! principal kind per trust statement, placeholders) do not apply.

use super::placeholder::Placeholders;
use super::{condition_key, statement, trust};
use crate::diag::{Code, Finding, Findings};
use crate::syntax::ast::Stmt;
use crate::syntax::json::{JsonDocument, JsonStatement};

/// A trust policy: 2,048 characters by default, 4,096 at most where the account's quota is
/// raised. A document does not say which, so only what no account takes is an error.
const TRUST_LIMIT: usize = 4096;
/// An identity policy: inline on a role, the largest kind (a managed policy takes 6,144, inline
/// on a group 5,120, on a user 2,048).
const IDENTITY_LIMIT: usize = 10240;
/// A resource-based policy: each service has its own limit, from 1,024 bytes (an SSM OpsItemGroup)
/// through 20 KB (S3 buckets) and 32 KB (KMS keys) to 100 KB (OpenSearch and CloudSearch access
/// policies), and a document does not say which service it is for: only what no service takes
/// is an error.
const RESOURCE_LIMIT: usize = 102_400;

pub fn document(doc: &JsonDocument, findings: &mut Findings) {
    size(doc, findings);
    let before = findings.0.len();
    let mut placeholders = Placeholders::raw_iam();
    // Statements with resources (identity and resource-based policies) take the statement rules;
    // trust statements name a principal and no resource.
    let with_resources: Vec<Stmt> = doc
        .statements
        .iter()
        .filter(|s| s.principals.is_empty() || s.stmt.on.is_some() || s.stmt.not_on.is_some())
        .map(|s| s.stmt.clone())
        .collect();
    statement::document(
        &with_resources,
        &super::unchecked::Unchecked::default(),
        &mut placeholders,
        findings,
    );
    for s in &doc.statements {
        for principal in &s.principals {
            trust::principal(principal, &[], &mut placeholders, findings);
        }
        let is_trust = !s.principals.is_empty() && s.stmt.on.is_none() && s.stmt.not_on.is_none();
        if is_trust {
            statement::action_list(&s.stmt.actions, &[], findings);
            let hosts: Vec<String> = s
                .principals
                .iter()
                .flat_map(|p| trust::oidc_hosts(Some(p)))
                .collect();
            let scope = condition_key::Scope {
                oidc_hosts: &hosts,
                any_oidc_host: false,
            };
            statement::conditions(&s.stmt.conditions, scope, &mut placeholders, findings);
        }
    }
    // A JSON document has no `unchecked = [...]`: only a newer catalogue helps there.
    for finding in &mut findings.0[before..] {
        if matches!(
            finding.code,
            Code::UnknownAction | Code::UnknownService | Code::WildcardMatchesNothing
        ) {
            finding.help = Some(format!(
                "if AWS added it after this catalogue was made, point {} at a newer catalogue",
                crate::catalogue::ENV_VAR
            ));
        }
    }
}

/// The document's size against the largest limit of its kind (sizes as `check::size` counts
/// them: without whitespace).
fn size(doc: &JsonDocument, findings: &mut Findings) {
    let (code, limit, what, help) = if doc.statements.iter().all(|s| !s.names_principal) {
        (
            Code::InlinePolicyTooLarge,
            IDENTITY_LIMIT,
            "an identity policy; IAM allows 10240 (inline on a role)",
            "a managed policy takes 6144 characters, an inline policy on a group 5120 and on a user 2048; split the statements into several policies",
        )
    } else if doc.statements.iter().all(is_trust_statement) {
        (
            Code::TrustPolicyTooLarge,
            TRUST_LIMIT,
            "a trust policy, even where the account's quota is raised as far as it goes (4096)",
            "IAM's default quota is 2048 characters, which an account can raise to 4096 at most; list several principals or values in one statement",
        )
    } else {
        (
            Code::ResourcePolicyTooLarge,
            RESOURCE_LIMIT,
            "a resource-based policy; no AWS service takes more than 102400 (OpenSearch access policies, 100 KB)",
            "most services take far less (S3 bucket policies 20 KB, SQS 8 KB); split the statements across resources",
        )
    };
    if doc.size > limit {
        findings.push(
            Finding::error(
                code,
                doc.spot,
                format!(
                    "this document has {} characters without whitespace, too many for {what}",
                    doc.size
                ),
            )
            .with_help(help),
        );
    }
}

/// What only a role's trust policy holds: a principal, no resource, and `sts:` actions. Another
/// resource-based policy may leave out `Resource` too (an ECR repository policy, up to 10,240
/// characters), but its actions are its service's.
fn is_trust_statement(s: &JsonStatement) -> bool {
    s.names_principal
        && s.stmt.on.is_none()
        && s.stmt.not_on.is_none()
        && s.stmt.not_actions.is_none()
        && s.stmt.actions.iter().all(|a| {
            a.value
                .get(..4)
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case("sts:"))
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::diag::Code;
    use crate::project::{Project, SourceFile};

    fn codes_of(text: &str) -> Vec<(Code, String)> {
        let project = Project::scan(&[SourceFile {
            path: "policy.json".into(),
            text: text.into(),
        }]);
        project
            .findings
            .into_iter()
            .map(|f| (f.finding.code, f.finding.message))
            .collect()
    }

    fn size_finding(text: &str) -> Option<(Code, String)> {
        codes_of(text).into_iter().find(|(code, _)| {
            matches!(
                code,
                Code::TrustPolicyTooLarge
                    | Code::InlinePolicyTooLarge
                    | Code::ManagedPolicyTooLarge
                    | Code::ResourcePolicyTooLarge
            )
        })
    }

    fn identity(size: usize) -> String {
        pad(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/PAD"}),
            size,
        )
    }

    fn trust(size: usize) -> String {
        pad(
            json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/PAD"}, "Action": "sts:AssumeRole"}),
            size,
        )
    }

    /// An ECR repository policy: a principal, no `Resource`, the service's own actions.
    fn repository(size: usize) -> String {
        pad(
            json!({"Sid": "PAD", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}),
            size,
        )
    }

    fn bucket(size: usize) -> String {
        pad(
            json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/PAD"}),
            size,
        )
    }

    /// `statement` in a document of exactly `size` characters without whitespace: `PAD` in it
    /// grows to fill.
    fn pad(statement: serde_json::Value, size: usize) -> String {
        let doc = json!({"Version": "2012-10-17", "Statement": [statement]});
        let compact = serde_json::to_string(&doc).unwrap().replace("PAD", "");
        assert!(compact.len() <= size, "the statement alone is larger");
        serde_json::to_string(&doc)
            .unwrap()
            .replace("PAD", &"x".repeat(size - compact.len()))
    }

    #[test]
    fn each_kind_of_policy_is_held_to_the_largest_limit_of_its_kind() {
        for (make, limit, code) in [
            (
                identity as fn(usize) -> String,
                10240,
                Code::InlinePolicyTooLarge,
            ),
            (trust, 4096, Code::TrustPolicyTooLarge),
            (repository, 102_400, Code::ResourcePolicyTooLarge),
            (bucket, 102_400, Code::ResourcePolicyTooLarge),
        ] {
            assert_eq!(make(limit).chars().count(), limit);
            assert_eq!(size_finding(&make(limit)), None, "{code:?} at {limit}");
            let (found, message) = size_finding(&make(limit + 1)).expect("one over the limit");
            assert_eq!(found, code);
            assert!(
                message.contains(&format!("{} characters", limit + 1)),
                "{message}"
            );
        }
    }

    #[test]
    fn a_29_kb_identity_policy_is_too_large() {
        let (code, message) = size_finding(&identity(29 * 1024)).unwrap();
        assert_eq!(code, Code::InlinePolicyTooLarge);
        assert!(message.contains("IAM allows 10240"), "{message}");
    }

    #[test]
    fn whitespace_and_longer_escapes_do_not_count() {
        let doc: serde_json::Value = serde_json::from_str(&identity(10240)).unwrap();
        let pretty = serde_json::to_string_pretty(&doc).unwrap();
        assert!(pretty.len() > 10240);
        assert_eq!(size_finding(&pretty), None);
        // `\u0078` is one character, `x`, as IAM reads it.
        let escaped = identity(10240).replacen("xxxx", "\\u0078\\u0078\\u0078\\u0078", 1);
        assert_eq!(size_finding(&escaped), None);
    }
}

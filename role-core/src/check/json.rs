//! A raw IAM policy document through the same rules as the DSL: the element rules of each
//! statement, the catalogue rules and the principal rules. Rules that only the DSL has (one
//! principal kind per trust statement, placeholders) do not apply.

use super::placeholder::Placeholders;
use super::{condition_key, statement, trust};
use crate::diag::{Code, Findings};
use crate::syntax::ast::Stmt;
use crate::syntax::json::JsonDocument;

pub fn document(doc: &JsonDocument, findings: &mut Findings) {
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

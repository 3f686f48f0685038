//! Web identity trust: an OIDC provider issues tokens to many parties (every GitHub repository,
//! every service account of a cluster), so the trust must say which token: its audience (`aud`)
//! and its subject (`sub`), pinned to one repository or service account.

use super::subject::has_placeholder;
use super::{Level, Lint, Out, Statement, Subject};
use crate::syntax::ast::{Cond, PrincipalArg, Str};

pub static OIDC_AUDIENCE: Lint = Lint {
    code: "RL204",
    name: "oidc-without-audience",
    level: Level::Warning,
    why: "without a condition on the token's audience (`<provider>:aud`), a token the provider issued for another application may assume the role",
    fix: "add `StringEquals(\"<provider>:aud\", \"sts.amazonaws.com\")` (GitHub and EKS), or the client id the provider issues tokens to",
    doc: "A trust statement with an OIDC principal and no condition on a key ending in `:aud`.",
};

pub static OIDC_SUBJECT: Lint = Lint {
    code: "RL205",
    name: "oidc-subject-unpinned",
    level: Level::Error,
    why: "without a subject that pins one repository (GitHub) or one service account (EKS), any workflow of any repository, or any pod of the cluster, may assume the role",
    fix: "add `StringLike(\"token.actions.githubusercontent.com:sub\", \"repo:OWNER/REPO:*\")`, or for EKS `StringEquals(\"<provider>:sub\", \"system:serviceaccount:NAMESPACE:NAME\")`",
    doc: "A trust statement with an OIDC principal and no positive string condition on a key ending in `:sub`, or with a `sub` value that does not pin: for GitHub (`token.actions.githubusercontent.com`) one that is not `repo:OWNER/REPO...` with no wildcard in OWNER and REPO; for EKS (`oidc.eks.*`) one that is not `system:serviceaccount:NAMESPACE:NAME` without wildcards; for any provider a value that is only `*`. Cognito identity pools (`cognito-identity.amazonaws.com`) are checked for `aud` only.",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Provider {
    GitHub,
    Eks,
    Cognito,
    Other,
}

fn provider(principal: &str) -> Provider {
    let host = principal
        .split_once("oidc-provider/")
        .map_or(principal, |(_, host)| host)
        .to_ascii_lowercase();
    if host == "token.actions.githubusercontent.com" {
        Provider::GitHub
    } else if host.starts_with("oidc.eks.") {
        Provider::Eks
    } else if host == "cognito-identity.amazonaws.com" {
        Provider::Cognito
    } else {
        Provider::Other
    }
}

pub(super) fn check(subject: &Subject, out: &mut Out) {
    for (index, s) in subject.trusts() {
        let Some(principal) = s.principal_values(&[PrincipalArg::Oidc]).next() else {
            continue;
        };
        let kind = provider(&principal.value);
        if !claim_conditions(s, ":aud").any(|_| true) {
            out.statement(
                index,
                &OIDC_AUDIENCE,
                principal.spot,
                format!(
                    "tokens of `{}` for any audience may assume this role: no `:aud` condition",
                    principal.value
                ),
            );
        }
        if kind == Provider::Cognito {
            continue;
        }
        let subjects: Vec<&Cond> = claim_conditions(s, ":sub")
            .filter(|c| positive(c))
            .collect();
        if subjects.is_empty() {
            out.statement(
                index,
                &OIDC_SUBJECT,
                principal.spot,
                format!(
                    "every token of `{}` may assume this role: no `:sub` condition",
                    principal.value
                ),
            );
            continue;
        }
        for cond in subjects {
            for value in cond.values.iter().filter(|v| !pins(kind, &v.text)) {
                let what = match kind {
                    Provider::GitHub => "one repository",
                    Provider::Eks => "one service account",
                    _ => "one subject",
                };
                out.statement(
                    index,
                    &OIDC_SUBJECT,
                    value.spot,
                    format!("the subject `{}` does not pin {what}", value.text),
                );
            }
        }
    }
}

/// The conditions on a claim of the provider, whatever the host written before it.
fn claim_conditions<'s>(s: &'s Statement, claim: &'s str) -> impl Iterator<Item = &'s Cond> {
    s.conditions().iter().filter(move |c| {
        c.key.as_ref().is_some_and(|k: &Str| {
            let at = k.value.len().saturating_sub(claim.len());
            at > 0
                && k.value
                    .get(at..)
                    .is_some_and(|tail| tail.eq_ignore_ascii_case(claim))
        })
    })
}

/// An operator that narrows who matches: `StringEquals`, `StringLike` (and their set forms),
/// not the negated ones.
fn positive(cond: &Cond) -> bool {
    let op = cond.operator.trim_end_matches("IfExists");
    matches!(op, "StringEquals" | "StringLike" | "StringEqualsIgnoreCase")
}

/// Whether `value` names one repository or service account; `{placeholders}` count as named.
fn pins(kind: Provider, value: &str) -> bool {
    let wild = |s: &str| s.is_empty() || s.contains(['*', '?']);
    match kind {
        Provider::GitHub => {
            let Some(rest) = value.strip_prefix("repo:") else {
                return false;
            };
            let repo = rest.split(':').next().unwrap_or("");
            // `repo:{repository}:...`: one field stands for OWNER/REPO.
            if has_placeholder(repo) && !wild(repo) && !repo.contains('/') {
                return true;
            }
            match repo.split_once('/') {
                Some((owner, name)) => !wild(owner) && !wild(name),
                None => false,
            }
        }
        Provider::Eks => {
            let Some(rest) = value.strip_prefix("system:serviceaccount:") else {
                return false;
            };
            match rest.split_once(':') {
                Some((namespace, name)) => !wild(namespace) && !wild(name),
                None => false,
            }
        }
        Provider::Cognito | Provider::Other => !value.chars().all(|c| c == '*'),
    }
}

#[cfg(test)]
mod tests {
    use super::{Provider, pins};

    #[test]
    fn subjects_that_pin_and_subjects_that_do_not() {
        for (kind, value, pinned) in [
            (Provider::GitHub, "repo:acme/site:ref:refs/heads/main", true),
            (Provider::GitHub, "repo:acme/site:*", true),
            (
                Provider::GitHub,
                "repo:{repository}:ref:refs/heads/main",
                true,
            ),
            (Provider::GitHub, "repo:{owner}/{repo}:*", true),
            (Provider::GitHub, "repo:acme/*", false),
            (Provider::GitHub, "repo:*", false),
            (Provider::GitHub, "*", false),
            (
                Provider::Eks,
                "system:serviceaccount:kube-system:ebs-csi",
                true,
            ),
            (
                Provider::Eks,
                "system:serviceaccount:{namespace}:{name}",
                true,
            ),
            (
                Provider::Eks,
                "system:serviceaccount:kube-system:efs-csi-*",
                false,
            ),
            (Provider::Eks, "system:serviceaccount:*", false),
            (Provider::Other, "user-42", true),
            (Provider::Other, "*", false),
        ] {
            assert_eq!(pins(kind, value), pinned, "{value}");
        }
    }
}

//! Quotas above IAM's defaults: legal where the account's quota was raised (`quotas(...)` says
//! so, and the checks then allow it), but a deployment to an account whose quota was not raised
//! fails. The figures are the checks' own (`check::properties`): 10 managed policies a role by
//! default, 20 at most; a trust policy of 2,048 characters by default, 4,096 at most.

use super::{Level, Lint, Out, Subject};

pub static OVER_DEFAULT_QUOTA: Lint = Lint {
    code: "RL411",
    name: "over-default-quota",
    level: Level::Warning,
    why: "this is over IAM's default quota: the deployment fails in every account where the quota was not raised",
    fix: "stay within the default (merge managed policies, list principals in one statement), or make sure every target account has the quota raised",
    doc: "A role attaching more than 10 managed policies (the default quota; 20 at most), or a trust policy over 2,048 characters without whitespace (4,096 at most): for a DSL role only reachable with `quotas(...)`; for a raw JSON trust policy, its size.",
};

const MANAGED_DEFAULT: usize = 10;
const TRUST_DEFAULT: usize = 2048;

pub(super) fn check(subject: &Subject, out: &mut Out) {
    if let Some(role) = &subject.role {
        if role.attached > MANAGED_DEFAULT {
            out.item(
                &OVER_DEFAULT_QUOTA,
                role.managed_spot.unwrap_or(subject.spot),
                format!(
                    "this role attaches {} managed policies; IAM's default quota is {MANAGED_DEFAULT}",
                    role.attached
                ),
            );
        }
        if role.trust_size > TRUST_DEFAULT {
            out.item(
                &OVER_DEFAULT_QUOTA,
                subject.spot,
                format!(
                    "this role's trust policy has at least {} characters; IAM's default quota is {TRUST_DEFAULT}",
                    role.trust_size
                ),
            );
        }
    }
    if let Some(size) = subject.trust_document_size.filter(|&s| s > TRUST_DEFAULT) {
        out.item(
            &OVER_DEFAULT_QUOTA,
            subject.spot,
            format!("this trust policy has {size} characters without whitespace; IAM's default quota is {TRUST_DEFAULT}"),
        );
    }
}

//! A resource policy (a bucket's, a key's, a queue's) compared by meaning: who may do what. It
//! is compared as a trust policy is (see [`super::trust`]), principal by principal; each witness
//! is then decided again with the document as the resource's policy and the caller in another
//! account with its own policies allowing everything, so that the resource policy alone decides.

use serde_json::Value;

use super::trust::{confirmed, per_principal, sorted};
use super::{Actions, Certainty, Diff};
use crate::SimulationError;

/// Accounts the resource may be in: the first that no principal of the witnesses is in.
const OWNERS: [&str; 3] = ["444455556666", "777788889999", "555566667777"];

/// Compares two versions of the resource policy `name`.
pub fn diff_resource_policy(
    old: &Value,
    new: &Value,
    name: &str,
    actions: &Actions,
) -> Result<Diff, SimulationError> {
    let mut findings = per_principal(old, new, name, actions)?;
    // In the caller's own account its identity policies alone may allow the request.
    let owner = OWNERS
        .iter()
        .find(|owner| {
            !findings
                .iter()
                .any(|(caller, _)| caller.split(':').nth(4) == Some(**owner))
        })
        .copied()
        .unwrap_or(OWNERS[0]);
    for (caller, f) in &mut findings {
        f.witness.resource.account_id = owner.to_string();
        if f.certainty == Certainty::Verified && !confirmed(old, new, f) {
            f.certainty = Certainty::Possible;
            f.notes.push(format!(
                "the evaluator did not confirm the witness against `{name}` as the policy of a resource in the account {owner}"
            ));
        }
        f.notes.insert(
            0,
            format!("in the resource policy, for the principal `{caller}`"),
        );
    }
    Ok(sorted(findings))
}

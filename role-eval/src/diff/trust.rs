//! A role's trust policy compared by meaning: who may assume the role, and under what
//! conditions. For each principal a side names (and one it does not), the statements that name
//! it are read as that principal's own policy and compared as identity policies are; each
//! witness is then decided again as AWS decides an `sts:AssumeRole*` request against the trust
//! policy, by a caller whose own policies allow it.

use serde_json::Value;

use super::{Actions, Certainty, Diff, Finding, Principal, compare};
use crate::policy::{Kind, Policy, PrincipalEntry};
use crate::principal::{Caller, Named};
use crate::{Compiled, NamedPolicy, Outcome, Simulation, SimulationError};

/// A principal neither side names: what `"*"` and `NotPrincipal` open to anyone.
const SOMEONE_ELSE: &str = "arn:aws:iam::999999999999:role/someone-else";

/// Compares two trust policies of the role `role_arn`.
pub fn diff_trust(
    old: &Value,
    new: &Value,
    role_arn: &str,
    actions: &Actions,
) -> Result<Diff, SimulationError> {
    let mut findings = per_principal(old, new, "trust policy", actions)?;
    for (caller, f) in &mut findings {
        f.witness.resource.resource = role_arn.to_string();
        f.witness.resource.account_id = String::new();
        if f.certainty == Certainty::Verified && !confirmed(old, new, f) {
            f.certainty = Certainty::Possible;
            f.notes
                .push("the evaluator did not confirm the witness against the trust policy".into());
        }
        f.notes.insert(
            0,
            format!("in the trust policy, for the principal `{caller}`"),
        );
    }
    Ok(sorted(findings))
}

/// For each principal either side names (and one neither does), the statements that name it
/// compared as its own identity policies: each finding with that principal, its witness made by
/// it, its statements numbered as in the document and named `label`.
pub(super) fn per_principal(
    old: &Value,
    new: &Value,
    label: &str,
    actions: &Actions,
) -> Result<Vec<(String, Finding)>, SimulationError> {
    let read = |doc: &Value| Policy::read(None, doc, Kind::Resource, label);
    let (old_policy, new_policy) = (read(old)?, read(new)?);
    let mut callers: Vec<String> = vec![SOMEONE_ELSE.to_string()];
    for policy in [&old_policy, &new_policy] {
        for s in &policy.statements {
            for entry in s.principals.iter().flat_map(|p| &p.items) {
                let caller = match entry {
                    PrincipalEntry::Arn(arn) => arn.clone(),
                    PrincipalEntry::Account(account) => {
                        format!("arn:aws:iam::{account}:role/diff-witness")
                    }
                    PrincipalEntry::Service(id)
                    | PrincipalEntry::Federated(id)
                    | PrincipalEntry::CanonicalUser(id) => id.clone(),
                    PrincipalEntry::Anyone => continue,
                };
                if !callers.contains(&caller) {
                    callers.push(caller);
                }
            }
        }
    }
    let mut findings = Vec::new();
    for caller in &callers {
        let view = |policy: &Policy, doc: &Value| seen_by(policy, doc, caller);
        let ((o, old_origin), (n, new_origin)) = (view(&old_policy, old), view(&new_policy, new));
        let mut diff = compare::run(
            &Principal::unbounded(&o),
            &Principal::unbounded(&n),
            actions,
        )?;
        for f in &mut diff.findings {
            // The statements by their index in the document as written.
            let (granting, denying) = match f.change {
                super::Change::Added => (&new_origin, &old_origin),
                super::Change::Removed => (&old_origin, &new_origin),
            };
            for (refs, origin) in [(&mut f.granted_by, granting), (&mut f.denied_by, denying)] {
                for r in refs.iter_mut() {
                    r.index = origin.get(r.index).copied().unwrap_or(r.index);
                    r.policy = label.into();
                }
            }
            f.witness.principal = caller.clone();
        }
        findings.extend(diff.findings.into_iter().map(|f| (caller.clone(), f)));
    }
    Ok(findings)
}

/// The findings in the order a reader scans them: added first, verified first, by service.
pub(super) fn sorted(findings: Vec<(String, Finding)>) -> Diff {
    let mut findings: Vec<Finding> = findings.into_iter().map(|(_, f)| f).collect();
    findings.sort_by(|a, b| {
        (a.change, a.certainty, &a.service).cmp(&(b.change, b.certainty, &b.service))
    });
    Diff {
        findings,
        notes: Vec::new(),
    }
}

/// The statements of a trust policy that name `caller`, without their principal: the policy
/// as that caller meets it.
/// With each statement kept, its index in the trust policy.
fn seen_by(policy: &Policy, doc: &Value, caller: &str) -> (Vec<NamedPolicy>, Vec<usize>) {
    let raw = super::compare::raw_statements(doc);
    let who = Caller::new(caller);
    let mut statements = Vec::new();
    let mut origin = Vec::new();
    for s in &policy.statements {
        let named = s
            .principals
            .as_ref()
            .is_some_and(|p| who.named_by(p) != Named::No);
        let Some(mut statement) = raw.get(s.index).cloned().filter(|_| named) else {
            continue;
        };
        if let Some(object) = statement.as_object_mut() {
            object.remove("Principal");
            object.remove("NotPrincipal");
        }
        statements.push(statement);
        origin.push(s.index);
    }
    let view = vec![NamedPolicy {
        name: "trust".into(),
        policy: serde_json::json!({"Statement": statements}),
    }];
    (view, origin)
}

/// Whether AWS would decide the witness as the finding says: the document as the resource's
/// policy (the trust policy as the role's), the caller's own policies allowing everything.
pub(super) fn confirmed(old: &Value, new: &Value, f: &super::Finding) -> bool {
    let allows = |trust: &Value| {
        let simulation = Simulation {
            request: f.witness.clone(),
            identity_policies: vec![NamedPolicy {
                name: "caller".into(),
                policy: serde_json::json!({"Statement": [
                    {"Effect": "Allow", "Action": "*", "Resource": "*"}
                ]}),
            }],
            resource_policy: Some(trust.clone()),
            ..Simulation::default()
        };
        Compiled::new(&simulation)
            .and_then(|c| c.outcome(&f.witness))
            .is_ok_and(|o| o == Outcome::Allow)
    };
    match f.change {
        super::Change::Added => allows(new) && !allows(old),
        super::Change::Removed => allows(old) && !allows(new),
    }
}

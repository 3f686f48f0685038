//! What a role can do: a request decided as AWS documents IAM's policy evaluation logic, offline,
//! as a pure function of the policy documents and the request. Every decision carries its reason.
//!
//! The input is a [`Simulation`], in the shape of @cloud-copilot/iam-simulate's (the reference
//! implementation this evaluator is tested against): a request and the policies that apply to it,
//! each an IAM JSON document. [`roles`] builds one for a `#[role]` of the model.

mod condition;
mod context;
mod decide;
pub mod diff;
pub mod managed;
mod pattern;
mod policy;
mod principal;
pub mod roles;

pub use decide::Compiled;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A request and every policy that applies to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Simulation {
    pub request: Request,
    /// The identity policies of the principal: its inline policy, attached managed policies.
    #[serde(default)]
    pub identity_policies: Vec<NamedPolicy>,
    /// Service control policies, one entry a level of the organization: the root first, the
    /// account last. Each level must allow.
    #[serde(default)]
    pub service_control_policies: Vec<OrgPolicies>,
    /// Resource control policies, one entry a level, as for SCPs.
    #[serde(default)]
    pub resource_control_policies: Vec<OrgPolicies>,
    /// The resource's own policy (a bucket policy, a role's trust policy), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_policy: Option<Value>,
    /// The permissions boundary of the principal, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_boundary_policies: Option<Vec<NamedPolicy>>,
    /// The session policy of a role session or federated user session, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_policy: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// The principal's ARN: `arn:aws:iam::111122223333:role/r` (or an assumed-role session, a
    /// user, an account root, a service principal for a trust policy).
    pub principal: String,
    /// `service:Action`.
    pub action: String,
    pub resource: RequestResource,
    /// Context keys and their values, as written (`aws:SourceIp`, `aws:PrincipalTag/team`); a
    /// multi-valued key has a list.
    #[serde(default)]
    pub context_variables: std::collections::BTreeMap<String, ContextValue>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestResource {
    /// The resource's ARN, or `*` for an action that takes no resource.
    pub resource: String,
    /// The account that owns the resource.
    pub account_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ContextValue {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedPolicy {
    pub name: String,
    pub policy: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgPolicies {
    pub org_identifier: String,
    pub policies: Vec<NamedPolicy>,
}

/// The answer to a request, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub decision: Outcome,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
}

/// One thing that decided: a statement that allowed or denied, or a policy type that had no allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// `identity`, `boundary`, `session`, `scp`, `rcp`, `resource`.
    pub policy_type: String,
    /// The policy's name, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// The statement's index in its policy, and its `Sid`, when a statement decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// One sentence: what it did.
    pub message: String,
}

/// Why a simulation cannot be run: a document that is not a policy, a request without an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimulationError {
    pub message: String,
}

impl std::fmt::Display for SimulationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SimulationError {}

impl Simulation {
    /// Whether `other` holds the same policies (whatever its request): a batch of requests
    /// against one role reads that role's policies once.
    pub fn same_policies(&self, other: &Simulation) -> bool {
        self.identity_policies == other.identity_policies
            && self.service_control_policies == other.service_control_policies
            && self.resource_control_policies == other.resource_control_policies
            && self.resource_policy == other.resource_policy
            && self.permission_boundary_policies == other.permission_boundary_policies
            && self.session_policy == other.session_policy
    }
}

/// Decides the request of `simulation`.
///
/// To decide many requests against the same policies, read them once with [`Compiled::new`].
pub fn simulate(simulation: &Simulation) -> Result<Decision, SimulationError> {
    Compiled::new(simulation)?.decide(&simulation.request)
}

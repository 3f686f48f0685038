//! What a change of policies grants, by meaning: for every action of the catalogue, the requests
//! one side allows and the other does not, each finding with one concrete request checked by
//! the evaluator on both sides. It lives beside the evaluator so that the diff and the witness
//! check read policies one way.
//!
//! A side is the identity policies of one principal (a role's inline and managed policies, or
//! one policy document alone) and its permissions boundary if it has one ([`Principal`]),
//! decided as [`crate::simulate`] decides them in the principal's own account. The search is
//! exact over the actions it is given, over resources and string conditions (as regular
//! languages), numbers, dates, addresses, `Bool`, `Null` and the set operators; where it is
//! not (see [`values`]; a policy variable in a resource is read as one value), a difference it
//! cannot realize is reported as possible, and named, and a search cut short says so rather
//! than "no change". Where the actions come with their resource types' ARN formats
//! ([`Actions::add_with_resources`]), only requests on such resources are compared: a bucket's
//! ARN granted with `s3:GetObject` grants no request, and dropping it changes nothing.

mod compare;
mod glob;
mod resource;
mod search;
mod trust;
mod values;

pub use resource::diff_resource_policy;
pub use trust::diff_trust;

use serde::Serialize;

use crate::{NamedPolicy, Request, SimulationError};

/// The principal every witness is made by, and the account its resources are in.
pub const WITNESS_PRINCIPAL: &str = "arn:aws:iam::111122223333:role/diff-witness";
pub const WITNESS_ACCOUNT: &str = "111122223333";

/// The answer: what NEW allows that OLD does not (`added`), and the reverse (`removed`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Diff {
    pub findings: Vec<Finding>,
    /// What the comparison left out, for the whole pair (a permissions boundary whose document
    /// is not known, say).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One side: a principal's identity policies and, when it has one, its permissions boundary,
/// which every request must also be allowed by.
#[derive(Debug, Clone, Copy, Default)]
pub struct Principal<'a> {
    pub policies: &'a [NamedPolicy],
    pub boundary: Option<&'a [NamedPolicy]>,
}

impl Diff {
    pub fn added(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.change == Change::Added)
    }

    pub fn removed(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.change == Change::Removed)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// NEW allows, OLD denies.
    Added,
    /// OLD allows, NEW denies.
    Removed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// The witness was decided by the evaluator on both sides as the finding says.
    Verified,
    /// A difference the search could not realize with a concrete request (a condition it could
    /// not compare exactly): it may be real, and is not hidden.
    Possible,
}

/// One difference: actions of one service, the statements that make it, and a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub change: Change,
    pub certainty: Certainty,
    pub service: String,
    pub actions: Vec<String>,
    /// The statements that allow the witness on the side that allows it.
    pub granted_by: Vec<StatementRef>,
    /// The Deny statements of the other side that deny it, if that is why it denies.
    pub denied_by: Vec<StatementRef>,
    /// The request one side allows and the other denies (its action: the first of `actions`).
    pub witness: Request,
    /// What could not be compared exactly, for a `possible` finding or one whose resources hold
    /// policy variables.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A statement, as a reader finds it: the policy, its index and Sid, and its elements as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct StatementRef {
    pub policy: String,
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// `Resource: [...]`, `NotResource: [...]` or absent, as compact JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<String>,
    /// The `Condition` block as compact JSON, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

/// How a witness of identity policies is decided: the principal's policies (within its
/// boundary) in its own account. A KMS key (or a role's trust policy) must also delegate to the
/// account before identity policies count; the witness is decided with a resource policy that
/// does, as a key's default policy does, and nothing more. The oracle tests ask iam-simulate
/// the same question through this.
pub fn identity_simulation(
    policies: &[NamedPolicy],
    boundary: Option<&[NamedPolicy]>,
) -> crate::Simulation {
    crate::Simulation {
        identity_policies: policies.to_vec(),
        permission_boundary_policies: boundary.map(<[NamedPolicy]>::to_vec),
        resource_policy: Some(serde_json::json!({"Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{WITNESS_ACCOUNT}:root")},
            "Action": "*",
            "Resource": "*",
        }]})),
        ..crate::Simulation::default()
    }
}

/// Compares two sides over `actions` (`service:Action`, the catalogue's); action names that a
/// policy writes out and the list lacks are compared too. An error: a document that is not a
/// policy, on either side.
pub fn diff(
    old: &[NamedPolicy],
    new: &[NamedPolicy],
    actions: &[&str],
) -> Result<Diff, SimulationError> {
    diff_principals(
        &Principal::unbounded(old),
        &Principal::unbounded(new),
        &Actions::new(actions),
    )
}

impl<'a> Principal<'a> {
    /// Identity policies with no permissions boundary.
    pub fn unbounded(policies: &'a [NamedPolicy]) -> Principal<'a> {
        Principal {
            policies,
            boundary: None,
        }
    }
}

/// As [`diff_over`], each side with its permissions boundary: what a side allows is what its
/// identity policies and its boundary both allow, so a boundary added is access removed.
pub fn diff_principals(
    old: &Principal,
    new: &Principal,
    actions: &Actions,
) -> Result<Diff, SimulationError> {
    compare::run(old, new, actions)
}

/// As [`diff`], over actions read once: what comparing many roles wants.
pub fn diff_over(
    old: &[NamedPolicy],
    new: &[NamedPolicy],
    actions: &Actions,
) -> Result<Diff, SimulationError> {
    diff_principals(
        &Principal::unbounded(old),
        &Principal::unbounded(new),
        actions,
    )
}

/// The actions compared, by service (in lowercase), each name as AWS spells it.
/// `sts:GetCallerIdentity` needs no permission, so no policy changes it: it is left out.
#[derive(Debug, Clone, Default)]
pub struct Actions {
    pub(crate) by_service: std::collections::BTreeMap<String, Vec<String>>,
    /// `service:name` in lowercase, to tell a name a policy writes out from the list's.
    pub(crate) known: std::collections::HashSet<String>,
    /// The distinct sets of ARN formats actions act on, and for `service:name` in lowercase
    /// the index of its set. An action not here may act on any resource.
    pub(crate) resource_sets: Vec<Vec<ResourceFormat>>,
    pub(crate) resources_of: std::collections::HashMap<String, usize>,
    set_index: std::collections::HashMap<Vec<ResourceFormat>, usize>,
}

/// An ARN format of a resource type an action acts on, as the catalogue writes it
/// (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`; `*` for a type nothing is known of).
/// A `${Var}` is a non-empty run of characters: in the partition, service, region and account
/// fields without `:` or `/`, after them of any character, but without `/` when
/// `last_segment_only` (the service has a format continuing this one with `/`: an S3 bucket,
/// whose `/` starts an object).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceFormat {
    pub arn: String,
    pub last_segment_only: bool,
}

impl Actions {
    /// Actions whose resource types are not known: a statement's resources are compared as
    /// patterns over every string.
    pub fn new(actions: &[&str]) -> Actions {
        let mut out = Actions::default();
        for action in actions {
            out.add(action);
        }
        out
    }

    /// Adds `action`, whose requests name a resource of one of `formats`. Only such requests
    /// exist, so resources a statement names outside them change nothing, and witnesses are
    /// ARNs of these formats. An action with no resource type (no formats) is read as by
    /// [`Actions::new`]: AWS documents `*` for it, yet its own examples grant
    /// `s3:ListAllMyBuckets` on `arn:aws:s3:::*`, so the resource such a request names is not
    /// known, and no statement's resources are set aside for it.
    pub fn add_with_resources(&mut self, action: &str, formats: &[ResourceFormat]) {
        if !self.add(action) || formats.is_empty() {
            return;
        }
        let mut formats = formats.to_vec();
        formats.sort();
        formats.dedup();
        let sets = &mut self.resource_sets;
        let at = *self.set_index.entry(formats).or_insert_with_key(|formats| {
            sets.push(formats.clone());
            sets.len() - 1
        });
        self.resources_of.insert(action.to_ascii_lowercase(), at);
    }

    /// Whether `action` was new to the list.
    pub(crate) fn add(&mut self, action: &str) -> bool {
        let Some((service, name)) = action.split_once(':') else {
            return false;
        };
        if service.eq_ignore_ascii_case("sts") && name.eq_ignore_ascii_case("GetCallerIdentity") {
            return false;
        }
        if self.known.insert(action.to_ascii_lowercase()) {
            self.by_service
                .entry(service.to_ascii_lowercase())
                .or_default()
                .push(name.to_string());
            return true;
        }
        false
    }
}

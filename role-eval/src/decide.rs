//! AWS's policy evaluation logic over compiled policies: which statements apply to a request,
//! and how the policy types combine into one decision with its reasons.
//!
//! From [the evaluation logic] and [cross-account evaluation] pages:
//! 1. an explicit deny in any policy that applies ends it;
//! 2. every SCP level (for principals of the organization) and the session policy, where one
//!    is present, must allow; every RCP level holds `RCPFullAWSAccess`, which AWS attaches and
//!    nobody can detach, so an RCP can only deny;
//! 3. in the principal's own account, an identity-based allow or a resource-based allow that
//!    names the principal is enough; across accounts, both are needed (a resource policy that
//!    names the account delegates to the account's identity policies);
//! 4. a permissions boundary must allow too, unless, in the same account, the resource policy
//!    names an IAM user or a role session itself;
//! 5. a role's trust policy, a KMS key policy: the principal's account must be trusted by the
//!    resource policy even in the same account, so an identity-based allow alone is not enough.
//!
//! [the evaluation logic]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
//! [cross-account evaluation]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html

use smallvec::SmallVec;

use crate::condition::Condition;
use crate::context::Context;
use crate::policy::{
    ActionPattern, Kind, Negatable, Policy, ResourcePattern, Statement, split_arn,
};
use crate::principal::{Caller, CallerKind, Named};
use crate::{Decision, Outcome, Reason, Request, Simulation, SimulationError};

/// Every policy of a [`Simulation`], read once: deciding many requests against the same
/// policies costs only the matching.
#[derive(Debug, Clone)]
pub struct Compiled {
    identity: Vec<Policy>,
    boundary: Option<Vec<Policy>>,
    session: Option<Policy>,
    scps: Vec<Level>,
    rcps: Vec<Level>,
    resource: Option<Policy>,
}

#[derive(Debug, Clone)]
struct Level {
    name: String,
    policies: Vec<Policy>,
}

/// The kinds of policy, as reasons name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PolicyType {
    Identity,
    Boundary,
    Session,
    Scp,
    Rcp,
    Resource,
}

impl PolicyType {
    fn name(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity",
            PolicyType::Boundary => "boundary",
            PolicyType::Session => "session",
            PolicyType::Scp => "scp",
            PolicyType::Rcp => "rcp",
            PolicyType::Resource => "resource",
        }
    }
}

/// A statement that applied to the request.
#[derive(Debug, Clone, Copy)]
struct Hit<'p> {
    policy_type: PolicyType,
    policy: &'p Policy,
    statement: &'p Statement,
    named: Named,
}

/// What one set of policies (one type, or one organization level) says.
#[derive(Debug, Default)]
struct Verdict<'p> {
    allows: Hits<'p>,
    denies: Hits<'p>,
    /// Allow statements whose action and resource match but whose condition does not hold:
    /// what a reader of an implicit deny wants to see first.
    near: SmallVec<[(Hit<'p>, &'p Condition); 2]>,
}

/// A few statements: kept inline, since allocating for them would cost more than deciding.
type Hits<'p> = SmallVec<[Hit<'p>; 2]>;

impl<'p> Verdict<'p> {
    fn record(&mut self, hit: Hit<'p>, applies: Applies<'p>) {
        match applies {
            Applies::Yes if hit.statement.allow => self.allows.push(hit),
            Applies::Yes => self.denies.push(hit),
            Applies::ButCondition(condition) if hit.statement.allow => {
                self.near.push((hit, condition))
            }
            _ => {}
        }
    }

    /// Why nothing here allowed: the near misses, or else `otherwise`.
    fn why_not(&self, otherwise: Reason) -> Vec<Reason> {
        if self.near.is_empty() {
            return vec![otherwise];
        }
        self.near
            .iter()
            .map(|(hit, condition)| {
                let mut r = reason(hit, "would allow");
                r.message = format!(
                    "{}, but its condition `{}` on `{}` does not hold",
                    r.message.trim_end_matches(" the request"),
                    condition.operator,
                    condition.key
                );
                r
            })
            .collect()
    }
}

/// Reasons for a denial, built only when someone will read them; whether there is one is known
/// either way.
struct Notes {
    explain: bool,
    given: bool,
    list: Vec<Reason>,
}

impl Notes {
    fn add(&mut self, reasons: impl FnOnce() -> Vec<Reason>) {
        self.given = true;
        if self.explain {
            self.list.extend(reasons());
        }
    }
}

enum Applies<'p> {
    Yes,
    No,
    ButCondition(&'p Condition),
}

/// A request, read once for matching: its action split, its ARN's fields, its context.
pub(crate) struct Prepared<'r> {
    /// In lowercase: service prefixes ignore case.
    service: std::borrow::Cow<'r, str>,
    action_name: &'r str,
    resource_fields: Option<[&'r str; 5]>,
    resource_account: &'r str,
    caller: Caller<'r>,
    context: Context<'r>,
}

impl Compiled {
    pub fn new(simulation: &Simulation) -> Result<Compiled, SimulationError> {
        let read = |policies: &[crate::NamedPolicy], kind: Kind, label: &str| {
            policies
                .iter()
                .map(|p| Policy::read(Some(&p.name), &p.policy, kind, label))
                .collect::<Result<Vec<_>, _>>()
        };
        let read_all =
            |policies: &[crate::NamedPolicy], label: &str| read(policies, Kind::Identity, label);
        // An RCP names `"Principal": "*"`, as AWS requires of it: read, then not matched.
        let levels = |levels: &[crate::OrgPolicies], kind: Kind, label: &str| {
            levels
                .iter()
                .map(|l| {
                    Ok(Level {
                        name: l.org_identifier.clone(),
                        policies: read(&l.policies, kind, label)?,
                    })
                })
                .collect::<Result<Vec<_>, SimulationError>>()
        };
        Ok(Compiled {
            identity: read_all(&simulation.identity_policies, "identity policy")?,
            boundary: simulation
                .permission_boundary_policies
                .as_deref()
                .filter(|b| !b.is_empty())
                .map(|b| read_all(b, "permissions boundary"))
                .transpose()?,
            session: simulation
                .session_policy
                .as_ref()
                .map(|p| Policy::read(None, p, Kind::Identity, "the session policy"))
                .transpose()?,
            scps: levels(&simulation.service_control_policies, Kind::Identity, "SCP")?,
            rcps: levels(&simulation.resource_control_policies, Kind::Resource, "RCP")?,
            resource: simulation
                .resource_policy
                .as_ref()
                .map(|p| Policy::read(None, p, Kind::Resource, "the resource policy"))
                .transpose()?,
        })
    }

    /// The decision alone: what a benchmark or a `can` over many roles needs.
    pub fn outcome(&self, request: &Request) -> Result<Outcome, SimulationError> {
        let prepared = prepare(request)?;
        Ok(self.run(&prepared, false).0)
    }

    pub fn decide(&self, request: &Request) -> Result<Decision, SimulationError> {
        let prepared = prepare(request)?;
        let (decision, reasons) = self.run(&prepared, true);
        Ok(Decision { decision, reasons })
    }

    /// The decision, and with `explain` its reasons: building them costs more than deciding.
    fn run(&self, request: &Prepared, explain: bool) -> (Outcome, Vec<Reason>) {
        let caller = &request.caller;
        if caller.kind != CallerKind::Anonymous
            && request.service == "sts"
            && request
                .action_name
                .eq_ignore_ascii_case("GetCallerIdentity")
        {
            // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html:
            // "No permissions are required to perform this operation."
            let why = "sts:GetCallerIdentity needs no permission and cannot be denied";
            return (
                Outcome::Allow,
                if explain { vec![note(why)] } else { Vec::new() },
            );
        }
        let identity = verdict(PolicyType::Identity, &self.identity, request);
        let session = self
            .session
            .as_ref()
            .map(|s| verdict(PolicyType::Session, std::slice::from_ref(s), request));
        let boundary = self
            .boundary
            .as_ref()
            .map(|b| verdict(PolicyType::Boundary, b, request));
        let resource = self
            .resource
            .as_ref()
            .map(|r| resource_verdict(r, request, boundary.is_some()));
        let mut denies: Hits = SmallVec::new();
        for v in [
            Some(&identity),
            session.as_ref(),
            boundary.as_ref(),
            resource.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            denies.extend(v.denies.iter().copied());
        }
        let mut missing = Notes {
            explain,
            given: false,
            list: Vec::new(),
        };
        // Each organization level is folded in as it is read: its denies, and whether it allows.
        // SCPs restrict the principals of the organization's accounts; a service principal is
        // not one of them.
        let mut org_allows: SmallVec<[Hit; 2]> = SmallVec::new();
        for level in self.scps.iter().filter(|_| !caller.is_service()) {
            let v = verdict(PolicyType::Scp, &level.policies, request);
            denies.extend(v.denies.iter().copied());
            match v.allows.first() {
                Some(first) if explain => org_allows.push(*first),
                Some(_) => {}
                None => missing.add(|| {
                    v.why_not(Reason {
                        policy_type: "scp".into(),
                        policy: Some(level.name.clone()),
                        statement: None,
                        sid: None,
                        message: format!("no SCP of `{}` allows the request", level.name),
                    })
                }),
            }
        }
        for level in &self.rcps {
            denies.extend(verdict(PolicyType::Rcp, &level.policies, request).denies);
        }
        if !denies.is_empty() {
            let reasons = if explain {
                denies.iter().map(|h| reason(h, "denies")).collect()
            } else {
                Vec::new()
            };
            return (Outcome::ExplicitDeny, reasons);
        }

        let unlimited = names_the_session(resource.as_ref(), request);
        if let Some(session) = session
            .as_ref()
            .filter(|s| s.allows.is_empty() && !unlimited)
        {
            let otherwise = absent(
                PolicyType::Session,
                "the session policy does not allow the request",
            );
            missing.add(|| session.why_not(otherwise));
        }
        let (granted, mut grants, why_not) = self.grant(
            request,
            &identity,
            resource.as_ref(),
            boundary.as_ref(),
            explain,
        );
        if !granted {
            missing.add(|| why_not);
        }
        if !missing.given {
            if explain {
                let session_allows = session.as_ref().and_then(|v| v.allows.first());
                for hit in session_allows.into_iter().chain(&org_allows) {
                    grants.push(reason(hit, "allows"));
                }
            }
            (Outcome::Allow, grants)
        } else {
            (Outcome::ImplicitDeny, missing.list)
        }
    }

    /// Whether the identity-based and resource-based policies (and the boundary) grant the
    /// request, with the statements that do, or the reasons they do not.
    fn grant(
        &self,
        request: &Prepared,
        identity: &Verdict,
        resource: Option<&Verdict>,
        boundary: Option<&Verdict>,
        explain: bool,
    ) -> (bool, Vec<Reason>, Vec<Reason>) {
        let caller = &request.caller;
        let direct: Vec<&Hit> = resource.map_or(Vec::new(), |r| {
            r.allows
                .iter()
                .filter(|h| h.named > Named::Account)
                .collect()
        });
        let for_account: Vec<&Hit> = resource.map_or(Vec::new(), |r| {
            r.allows
                .iter()
                .filter(|h| h.named == Named::Account)
                .collect()
        });
        let identity_allows = !identity.allows.is_empty();
        let boundary_allows = boundary.is_none_or(|b| !b.allows.is_empty());
        // Every reason is built by a closure that builds nothing unless someone will read it.
        let allows = |hits: &[&Hit]| {
            let hits = hits.iter().filter(|_| explain);
            hits.map(|h| reason(h, "allows")).collect::<Vec<_>>()
        };
        let identity_reasons = || {
            identity
                .allows
                .iter()
                .filter(|_| explain)
                .map(|h| reason(h, "allows"))
                .collect::<Vec<_>>()
        };
        let with_boundary = |mut reasons: Vec<Reason>| {
            if let Some(first) = boundary.and_then(|b| b.allows.first()).filter(|_| explain) {
                reasons.push(reason(first, "allows"));
            }
            reasons
        };
        let no_identity = || {
            if !explain {
                return Vec::new();
            }
            let otherwise = absent(
                PolicyType::Identity,
                "no identity-based policy allows the request",
            );
            identity.why_not(otherwise)
        };
        let no_boundary = || {
            if !explain {
                return Vec::new();
            }
            let otherwise = absent(
                PolicyType::Boundary,
                "the permissions boundary does not allow the request",
            );
            boundary.map_or_else(|| vec![otherwise.clone()], |b| b.why_not(otherwise.clone()))
        };

        if caller.kind == CallerKind::Anonymous || caller.is_service() {
            let none = absent(
                PolicyType::Resource,
                "no resource-based policy statement allows this principal",
            );
            return if direct.is_empty() {
                (
                    false,
                    Vec::new(),
                    resource.map_or_else(|| vec![none.clone()], |r| r.why_not(none.clone())),
                )
            } else {
                (true, allows(&direct), Vec::new())
            };
        }
        let same_account = caller
            .account
            .is_some_and(|a| a == request.resource_account);
        if !same_account {
            if (direct.is_empty() && for_account.is_empty()) || !identity_allows || !boundary_allows
            {
                let mut why = Vec::new();
                if direct.is_empty() && for_account.is_empty() {
                    why.push(absent(
                        PolicyType::Resource,
                        "across accounts the resource-based policy must allow the principal, and none does",
                    ));
                }
                if !identity_allows {
                    why.extend(no_identity());
                }
                if !boundary_allows {
                    why.extend(no_boundary());
                }
                return (false, Vec::new(), why);
            }
            let mut reasons = allows(&if direct.is_empty() {
                for_account
            } else {
                direct
            });
            reasons.extend(identity_reasons());
            return (true, with_boundary(reasons), Vec::new());
        }

        // Same account. Identity-based permissions count unless the resource's policy must trust
        // the account explicitly (a role's trust policy, a KMS key policy) and does not.
        let trust = self.account_trust(request, resource);
        let identity_counts =
            identity_allows && trust.is_none_or(|needed| !needed || !for_account.is_empty());
        let by_identity = identity_counts && boundary_allows;
        if by_identity {
            let mut reasons = identity_reasons();
            if trust == Some(true) {
                reasons.extend(allows(&for_account));
            }
            return (true, with_boundary(reasons), Vec::new());
        }
        if !direct.is_empty() {
            // The boundary limits a resource-based grant too, except where the policy names an
            // IAM user, a federated user or a role session itself, not through the role.
            let bypass: Vec<&Hit> = direct
                .iter()
                .copied()
                .filter(|h| match caller.kind {
                    CallerKind::AssumedRole | CallerKind::User | CallerKind::FederatedUser => {
                        h.named == Named::Exactly
                    }
                    // A role's ARN as the caller stands for any of its sessions: only `*` names
                    // them all.
                    CallerKind::Role => names_anyone(h.statement),
                    _ => false,
                })
                .collect();
            if boundary_allows {
                return (true, with_boundary(allows(&direct)), Vec::new());
            }
            if !bypass.is_empty() {
                return (true, allows(&bypass), Vec::new());
            }
        }
        let mut why = Vec::new();
        if !identity_allows {
            why.extend(no_identity());
        } else if !identity_counts {
            why.push(absent(
                PolicyType::Resource,
                "the resource-based policy does not trust the principal's account, so identity-based permissions do not count",
            ));
        }
        if !boundary_allows {
            why.extend(no_boundary());
        }
        (false, Vec::new(), why)
    }

    /// `Some(true)` where, in the same account, the resource policy must name the account
    /// before identity-based permissions count: a role's trust policy (any STS request against
    /// a resource policy) and a KMS key's policy. `None`: no such rule.
    fn account_trust(&self, request: &Prepared, resource: Option<&Verdict>) -> Option<bool> {
        match &*request.service {
            "sts" if resource.is_some() => Some(true),
            "kms" => {
                let key = request
                    .resource_fields
                    .is_some_and(|f| f[4].starts_with("key/"));
                if key { Some(true) } else { None }
            }
            _ => None,
        }
    }
}

fn prepare(request: &Request) -> Result<Prepared<'_>, SimulationError> {
    let Some((service, action_name)) = request.action.split_once(':') else {
        return Err(SimulationError {
            message: format!("the action `{}` is not `service:Action`", request.action),
        });
    };
    let resource = request.resource.resource.as_str();
    let resource_fields = split_arn(resource);
    // The resource's account: as given, else its ARN's account field.
    let resource_account = if request.resource.account_id.is_empty() {
        resource_fields.map_or("", |f| f[3])
    } else {
        request.resource.account_id.as_str()
    };
    Ok(Prepared {
        service: if service.bytes().any(|b| b.is_ascii_uppercase()) {
            service.to_ascii_lowercase().into()
        } else {
            service.into()
        },
        action_name,
        resource_fields,
        resource_account,
        caller: Caller::new(&request.principal),
        context: Context::new(&request.context_variables),
    })
}

fn verdict<'p>(policy_type: PolicyType, policies: &'p [Policy], request: &Prepared) -> Verdict<'p> {
    let mut v = Verdict::default();
    for policy in policies {
        for statement in policy.candidates(&request.service) {
            let hit = Hit {
                policy_type,
                policy,
                statement,
                named: Named::Exactly,
            };
            v.record(hit, applies(statement, request));
        }
    }
    v
}

fn resource_verdict<'p>(policy: &'p Policy, request: &Prepared, has_boundary: bool) -> Verdict<'p> {
    let mut v = Verdict::default();
    for statement in policy.candidates(&request.service) {
        let Some(principals) = &statement.principals else {
            continue;
        };
        let mut named = request.caller.named_by(principals);
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html:
        // a Deny with NotPrincipal denies every principal that has a permissions boundary.
        if has_boundary && principals.negated && !statement.allow {
            named = Named::Exactly;
        }
        if named != Named::No {
            let hit = Hit {
                policy_type: PolicyType::Resource,
                policy,
                statement,
                named,
            };
            v.record(hit, applies(statement, request));
        }
    }
    v
}

/// Whether the statement's action, resource and condition elements all match the request;
/// where only a condition fails, which one.
fn applies<'p>(statement: &'p Statement, request: &Prepared) -> Applies<'p> {
    let resource = |r: &Negatable<Vec<ResourcePattern>>| resource_matches(r, request);
    if !action_matches(&statement.actions, request)
        || !statement.resources.as_ref().is_none_or(resource)
    {
        return Applies::No;
    }
    match statement
        .conditions
        .iter()
        .find(|c| !c.holds(&request.context))
    {
        Some(condition) => Applies::ButCondition(condition),
        None => Applies::Yes,
    }
}

fn action_matches(actions: &Negatable<Vec<ActionPattern>>, request: &Prepared) -> bool {
    let any = actions.items.iter().any(|a| match a {
        ActionPattern::All => true,
        ActionPattern::Service(service, name) => {
            **service == *request.service
                && name.matches(request.action_name, &request.context, true)
        }
        ActionPattern::Never => false,
    });
    any != actions.negated
}

/// `Resource`: some element matches. `NotResource`: no element does. An element whose policy
/// variable has no value in the request matches nothing, and under `NotResource` it does not
/// "not match" either: the statement does not apply. A variable without a value never widens
/// what a statement grants ([policy variables with no value]).
///
/// [policy variables with no value]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value
fn resource_matches(resources: &Negatable<Vec<ResourcePattern>>, request: &Prepared) -> bool {
    let mut any = false;
    for element in &resources.items {
        match element_matches(element, request) {
            Some(true) if !resources.negated => return true,
            Some(matched) => any |= matched,
            None if resources.negated => return false,
            None => {}
        }
    }
    any != resources.negated
}

/// Whether one resource element matches; `None` where a variable it needs has no value. The
/// fields are compared in order, as IAM reads an ARN: a field that differs decides first.
fn element_matches(element: &ResourcePattern, request: &Prepared) -> Option<bool> {
    let fields = match element {
        ResourcePattern::All => return Some(true),
        ResourcePattern::Never => return Some(false),
        ResourcePattern::Arn(fields) => fields,
    };
    let Some(request_fields) = request.resource_fields else {
        return Some(false);
    };
    for (field, text) in fields.iter().zip(request_fields) {
        if !field.try_match(text, &request.context, false)? {
            return Some(false);
        }
    }
    Some(true)
}

/// Whether, in the session's own account, a resource-based policy allows the request by
/// naming the session's ARN itself: that grant comes after the session was made, and its
/// session policy does not limit it ("Session policies", in
/// [AssumeRole](https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html) and
/// [policy types](https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session)).
fn names_the_session(resource: Option<&Verdict>, request: &Prepared) -> bool {
    let caller = &request.caller;
    let session = matches!(
        caller.kind,
        CallerKind::AssumedRole | CallerKind::FederatedUser
    );
    let same_account = caller.account == Some(request.resource_account);
    session
        && same_account
        && resource.is_some_and(|r| {
            r.allows.iter().any(|h| {
                h.statement.principals.as_ref().is_some_and(|p| {
                    !p.negated
                        && p.items.iter().any(
                            |e| matches!(e, crate::policy::PrincipalEntry::Arn(arn) if arn == caller.text),
                        )
                })
            })
        })
}

fn names_anyone(statement: &Statement) -> bool {
    statement
        .principals
        .as_ref()
        .is_some_and(|p| !p.negated && p.items.contains(&crate::policy::PrincipalEntry::Anyone))
}

fn reason(hit: &Hit, verb: &str) -> Reason {
    let statement = match &hit.statement.sid {
        Some(sid) => format!("statement `{sid}`"),
        None => format!("statement {}", hit.statement.index),
    };
    let policy = match (&hit.policy.name, hit.policy_type) {
        (Some(name), PolicyType::Identity) => {
            format!("{statement} of the identity-based policy `{name}`")
        }
        (Some(name), PolicyType::Boundary) => {
            format!("{statement} of the permissions boundary `{name}`")
        }
        (Some(name), PolicyType::Scp) => format!("{statement} of the SCP `{name}`"),
        (Some(name), PolicyType::Rcp) => format!("{statement} of the RCP `{name}`"),
        (_, policy_type) => format!("{statement} of {}", article(policy_type)),
    };
    Reason {
        policy_type: hit.policy_type.name().into(),
        policy: hit.policy.name.clone(),
        statement: Some(hit.statement.index),
        sid: hit.statement.sid.clone(),
        message: format!("{policy} {verb} the request"),
    }
}

fn article(policy_type: PolicyType) -> &'static str {
    match policy_type {
        PolicyType::Identity => "the identity-based",
        PolicyType::Boundary => "the permissions boundary",
        PolicyType::Session => "the session policy",
        PolicyType::Scp => "the SCP",
        PolicyType::Rcp => "the RCP",
        PolicyType::Resource => "the resource-based policy",
    }
}

fn absent(policy_type: PolicyType, message: &str) -> Reason {
    Reason {
        policy_type: policy_type.name().into(),
        policy: None,
        statement: None,
        sid: None,
        message: message.into(),
    }
}

fn note(message: &str) -> Reason {
    Reason {
        policy_type: "service".into(),
        policy: None,
        statement: None,
        sid: None,
        message: message.into(),
    }
}

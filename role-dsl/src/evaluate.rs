//! What a role may do, asked in an application's own `cargo test`, offline, with the evaluator
//! `role-cli simulate` uses. Behind the `evaluate` feature, so that an application's build does
//! not compile the evaluator: enable it for tests only.
//!
//! ```
//! use role_dsl::{Env, assert_allows, assert_denies, role};
//!
//! #[role(
//!     trust(service = "lambda.amazonaws.com"),
//!     allow("s3:PutObject", on = "arn:{partition}:s3:::{bucket}/*"),
//! )]
//! pub struct LogWriter { pub bucket: String }
//!
//! let writer = LogWriter { bucket: "logs".into() };
//! assert_allows!(writer, "s3:PutObject", "arn:aws:s3:::logs/a.txt");
//! assert_denies!(writer, "s3:DeleteObject", "arn:aws:s3:::logs/a.txt");
//! let env = Env { partition: "aws-cn".into(), ..Env::default() };
//! assert_allows!(writer, "s3:PutObject", "arn:aws-cn:s3:::logs/a.txt",
//!     context = [("aws:SourceIp", "10.0.0.1")], env = &env);
//! ```
//!
//! The role makes the request as its ARN, in the environment's account (`123456789012` when it
//! names none); its tags are its `aws:PrincipalTag/...` keys. The `#[policy]`s it attaches are
//! found among those the binary links, and their parameters in the environment's values.

use std::collections::BTreeMap;
use std::fmt;

use role_eval::roles::{self, Query, RoleError, Surroundings};
use role_eval::{NamedPolicy, OrgPolicies, SimulationError};
use role_model::env::Env;
use role_model::model::{ParamKind, PolicyIndex};

use crate::{ParamValue, Role};

pub use role_eval::roles::DEFAULT_ACCOUNT_ID;
pub use role_eval::{ContextValue, Decision, Outcome, Reason};

/// A request to decide: an action on a resource, its context, and the environment the role is
/// resolved in.
///
/// `Request::new("s3:PutObject", "arn:aws:s3:::logs/a.txt").context("aws:SourceIp", "10.0.0.1")`
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    action: String,
    resource: String,
    context: BTreeMap<String, Vec<String>>,
    env: Env,
    around: Surroundings,
    boundary: Option<NamedPolicy>,
    /// Who assumes the role, when the question is whether they may.
    assumed_by: Option<String>,
}

impl Request {
    pub fn new(action: impl Into<String>, resource: impl Into<String>) -> Request {
        Request {
            action: action.into(),
            resource: resource.into(),
            ..Request::default()
        }
    }

    /// "May `principal` assume the role?" (a service, `lambda.amazonaws.com`, an ARN, an
    /// OIDC provider's ARN), decided by the role's trust policy. The action is the one the
    /// trust statement naming the principal grants.
    pub fn assume(principal: impl Into<String>) -> Request {
        Request {
            assumed_by: Some(principal.into()),
            ..Request::default()
        }
    }

    /// A context key's value; a key given again is multi-valued.
    pub fn context(mut self, key: impl Into<String>, value: impl Into<String>) -> Request {
        self.context
            .entry(key.into())
            .or_default()
            .push(value.into());
        self
    }

    /// The partition, account, region and parameter values of the role's `#[policy]`s; the
    /// role's own fields come from the struct.
    pub fn env(mut self, env: &Env) -> Request {
        self.env = env.clone();
        self
    }

    /// The resource's own policy (a bucket policy, a key policy).
    pub fn resource_policy(mut self, policy: serde_json::Value) -> Request {
        self.around.resource_policy = Some(policy);
        self
    }

    /// A session policy of the role's session.
    pub fn session_policy(mut self, policy: serde_json::Value) -> Request {
        self.around.session_policy = Some(policy);
        self
    }

    /// The document of the role's permissions boundary, which the role names by ARN: needed
    /// when it is a customer managed policy that no `#[policy]` of the binary declares.
    pub fn boundary(mut self, policy: serde_json::Value) -> Request {
        self.boundary = Some(NamedPolicy {
            name: "boundary".to_owned(),
            policy,
        });
        self
    }

    /// A service control policy, one level of the organization, from the root down.
    pub fn scp(mut self, policy: serde_json::Value) -> Request {
        let level = self.around.service_control_policies.len();
        self.around.service_control_policies.push(OrgPolicies {
            org_identifier: format!("level-{level}"),
            policies: vec![NamedPolicy {
                name: format!("scp-{level}"),
                policy,
            }],
        });
        self
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.assumed_by {
            Some(principal) => write!(f, "assume the role by `{principal}`")?,
            None => write!(f, "`{}` on `{}`", self.action, self.resource)?,
        }
        for (key, values) in &self.context {
            write!(f, ", {key} = {}", values.join(" | "))?;
        }
        Ok(())
    }
}

/// Why a request could not be decided: the role cannot be resolved, or the evaluator refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvaluateError {
    Role(RoleError),
    Simulation(SimulationError),
}

impl fmt::Display for EvaluateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvaluateError::Role(err) => write!(f, "{err}"),
            EvaluateError::Simulation(err) => write!(f, "cannot decide: {err}"),
        }
    }
}

impl std::error::Error for EvaluateError {}

/// The decision on `request` made by `role`, and its reasons.
pub fn try_decide<R: Role + ?Sized>(
    role: &R,
    request: &Request,
) -> Result<Decision, EvaluateError> {
    let model = role.model();
    let env = with_fields(role, &request.env);
    let linked = crate::policies();
    let index: PolicyIndex = linked.iter().map(|p| (p.ident.as_str(), *p)).collect();
    let resolved = roles::resolve(model, &index, &env, request.boundary.clone())
        .map_err(EvaluateError::Role)?;
    let context: BTreeMap<String, ContextValue> = request
        .context
        .iter()
        .map(|(key, values)| {
            let value = match values.as_slice() {
                [one] => ContextValue::One(one.clone()),
                many => ContextValue::Many(many.to_vec()),
            };
            (key.clone(), value)
        })
        .collect();
    let simulation = match &request.assumed_by {
        Some(principal) => resolved.assume(principal, None, &context),
        None => resolved.simulation(
            &Query {
                action: request.action.clone(),
                resource: Some(request.resource.clone()),
                context,
                ..Query::default()
            },
            &request.around,
        ),
    };
    role_eval::simulate(&simulation).map_err(EvaluateError::Simulation)
}

/// The decision on `request` made by `role`; panics, saying why, when it cannot be decided.
#[track_caller]
pub fn decide<R: Role + ?Sized>(role: &R, request: &Request) -> Decision {
    match try_decide(role, request) {
        Ok(decision) => decision,
        Err(err) => panic!("{err}"),
    }
}

/// What `assert_allows!` and `assert_denies!` expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Allow,
    /// An explicit deny or no allow.
    Deny,
}

/// Panics, with the decision and its reasons, unless `role`'s request is decided as `expect`.
#[track_caller]
pub fn assert_decision<R: Role + ?Sized>(role: &R, request: &Request, expect: Expect) {
    let decision = decide(role, request);
    let allowed = decision.decision == Outcome::Allow;
    if allowed == (expect == Expect::Allow) {
        return;
    }
    let (wanted, verb) = match expect {
        Expect::Allow => ("allow", "is not allowed"),
        Expect::Deny => ("deny", "is allowed"),
    };
    panic!(
        "role `{}` {verb} {request}: expected {wanted}, decided {}",
        role.model().ident,
        describe(&decision)
    );
}

/// `implicit_deny`, then each reason on a line of its own.
pub fn describe(decision: &Decision) -> String {
    let mut out = match decision.decision {
        Outcome::Allow => "allow",
        Outcome::ExplicitDeny => "explicit_deny",
        Outcome::ImplicitDeny => "implicit_deny",
    }
    .to_owned();
    // The evaluator's messages name the statement, its Sid and its policy.
    for reason in &decision.reasons {
        out.push_str("\n  ");
        out.push_str(&reason.message);
    }
    out
}

/// `env` with the struct's own field values.
fn with_fields<R: Role + ?Sized>(role: &R, env: &Env) -> Env {
    let mut env = env.clone();
    for param in &role.model().params {
        match (param.kind, role.param(&param.name)) {
            (ParamKind::Text, Some(ParamValue::Text(value))) => {
                env.values.insert(param.name.clone(), value.to_owned());
            }
            (ParamKind::List, Some(ParamValue::List(values))) => {
                let values = values.into_iter().map(str::to_owned).collect();
                env.lists.insert(param.name.clone(), values);
            }
            _ => {}
        }
    }
    env
}

/// Panics unless `role` may perform the request: `assert_allows!(role, "s3:PutObject",
/// "arn:aws:s3:::logs/a.txt")`, with `context = [("key", "value"), ...]` and `env = &env`
/// after it where needed, or `assert_allows!(role, request)` with a [`Request`].
#[macro_export]
macro_rules! assert_allows {
    ($($arguments:tt)*) => {
        $crate::__assert_decision!(Allow; $($arguments)*)
    };
}

/// Panics unless `role` is denied the request (explicitly or for want of an allow); the same
/// forms as [`assert_allows!`].
#[macro_export]
macro_rules! assert_denies {
    ($($arguments:tt)*) => {
        $crate::__assert_decision!(Deny; $($arguments)*)
    };
}

/// The forms `assert_allows!` and `assert_denies!` share; not a public API.
#[doc(hidden)]
#[macro_export]
macro_rules! __assert_decision {
    ($expect:ident; $role:expr, $request:expr $(,)?) => {
        $crate::evaluate::assert_decision(&$role, &$request, $crate::evaluate::Expect::$expect)
    };
    ($expect:ident; $role:expr, $action:expr, $resource:expr
        $(, context = [$(($key:expr, $value:expr)),* $(,)?])?
        $(, env = $env:expr)? $(,)?) => {{
        let request = $crate::evaluate::Request::new($action, $resource)
            $($(.context($key, $value))*)?
            $(.env($env))?;
        $crate::evaluate::assert_decision(&$role, &request, $crate::evaluate::Expect::$expect)
    }};
}

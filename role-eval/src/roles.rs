//! A `#[role]` of the model as the principal of a [`crate::Simulation`]: its inline policy, the
//! `#[policy]`s and AWS managed policies it attaches, its boundary, resolved in an environment.
//!
//! The documents are the ones `role-cli render --format iam` writes, from role-model's own
//! renderer, so that what is simulated is what is deployed.
//!
//! The principal of a request is the role's ARN (`arn:aws:iam::123456789012:role/path/name`),
//! not a session's (`arn:aws:sts::...:assumed-role/name/session`): it is what resource policies
//! and `aws:PrincipalArn` name, and a session adds nothing a policy of the role can see but its
//! name. A caller that needs the session's ARN sets [`Query::principal`].

use std::collections::BTreeMap;
use std::fmt;

use role_model::env::{Env, Missing, ResolveError, Resolver};
use role_model::limits::{POLICY_NAME, ROLE_NAME};
use role_model::model::{Policy, PolicyIndex, Role, Template};
use role_model::render::iam;
use serde_json::Value;

use crate::{ContextValue, NamedPolicy, OrgPolicies, Request, RequestResource, Simulation};

/// The account a role is simulated in when the environment names none: a principal's ARN needs
/// one, and a test of what a role may do rarely cares which. AWS's documentation uses it too.
pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";

/// A role with every placeholder resolved: who it is and every document that applies to it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedRole {
    /// The struct's identifier, as declared.
    pub ident: String,
    /// RoleName.
    pub name: String,
    pub arn: String,
    pub account_id: String,
    /// The inline policy (named after the role, as CloudFormation names it), then the
    /// `#[policy]`s and managed policies in the order the role names them.
    pub identity_policies: Vec<NamedPolicy>,
    pub boundary: Option<NamedPolicy>,
    pub trust: Value,
    /// What AWS puts in the context of every request of the role: `aws:PrincipalArn`,
    /// `aws:PrincipalAccount` and a `aws:PrincipalTag/KEY` for each of its tags.
    pub facts: BTreeMap<String, ContextValue>,
}

/// A request, as the caller asks it of a role.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// `service:Action`.
    pub action: String,
    /// The resource's ARN; `*` when none is given.
    pub resource: Option<String>,
    /// The account that owns the resource: by default the account in the resource's ARN, or
    /// the role's own when the ARN has none (`arn:aws:s3:::bucket`).
    pub resource_account: Option<String>,
    /// Context keys; they replace the role's facts of the same name.
    pub context: BTreeMap<String, ContextValue>,
    /// The principal's ARN instead of the role's (a session's, say).
    pub principal: Option<String>,
}

/// The policies around a request that are not the role's: the organization's, the resource's,
/// the session's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Surroundings {
    pub service_control_policies: Vec<OrgPolicies>,
    pub resource_control_policies: Vec<OrgPolicies>,
    pub resource_policy: Option<Value>,
    pub session_policy: Option<Value>,
}

/// Why a role cannot be simulated; every problem of the role at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleError {
    /// The struct's identifier.
    pub role: String,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Placeholders without values, or values IAM refuses.
    Resolve(ResolveError),
    /// `policies(X)` names a `#[policy]` that is not among those given.
    UnknownPolicy(String),
    /// A managed policy ARN that is neither AWS managed (and known) nor a `#[policy]` given.
    UnknownManaged(String),
    /// A boundary ARN whose document is not known, and no boundary was given instead.
    UnknownBoundary(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Resolve(err) => write!(f, "{err}"),
            Problem::UnknownPolicy(ident) => {
                write!(
                    f,
                    "it attaches the #[policy] `{ident}`, which is not declared"
                )
            }
            Problem::UnknownManaged(arn) => write!(
                f,
                "it attaches the managed policy `{arn}`, whose document is unknown: it is no AWS \
                 managed policy of the catalogue and no #[policy] of the project"
            ),
            Problem::UnknownBoundary(arn) => write!(
                f,
                "its permissions boundary `{arn}` has no known document: it is no AWS managed \
                 policy of the catalogue and no #[policy] of the project"
            ),
        }
    }
}

impl fmt::Display for RoleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot simulate role `{}`: ", self.role)?;
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RoleError {}

/// Resolves `role` in `env`, its `#[policy]`s looked up in `policies`. A `boundary` given
/// replaces the role's own: a customer managed boundary outside the project is known no other
/// way. Without an account in `env`, the role is in [`DEFAULT_ACCOUNT_ID`].
pub fn resolve(
    role: &Role,
    policies: &PolicyIndex,
    env: &Env,
    boundary: Option<NamedPolicy>,
) -> Result<ResolvedRole, RoleError> {
    let mut env = env.clone();
    let account_id = env
        .account_id
        .get_or_insert_with(|| DEFAULT_ACCOUNT_ID.to_owned())
        .clone();
    let mut resolver = Resolver::new(&env);
    let mut problems = Vec::new();
    let name = resolver.limited(&role.name, &ROLE_NAME);
    let path = role
        .path
        .as_ref()
        .map_or_else(|| "/".to_owned(), |p| resolver.text(p));
    let trust = iam::document(&role.trust, &mut resolver);
    let mut identity = Vec::new();
    if let Some(policy) = &role.policy {
        identity.push(named(&name, iam::document(policy, &mut resolver)));
    }
    // A #[policy] by the ARN IAM gives it, for managed ARNs and boundaries that name it.
    let mut customer: Vec<(String, NamedPolicy)> = Vec::new();
    for ident in &role.policies {
        match policies.get(ident.as_str()) {
            Some(policy) => {
                let entry = customer_policy(policy, &env, &mut resolver);
                identity.push(entry.1.clone());
                customer.push(entry);
            }
            None => problems.push(Problem::UnknownPolicy(ident.clone())),
        }
    }
    for template in &role.managed {
        let arns = resolver.optional_list(std::slice::from_ref(template));
        // An ARN with a value missing is reported as missing, not as unknown too.
        if !complete(&env, template) {
            continue;
        }
        for arn in arns {
            match document_of(&arn, &customer, policies, &env, &mut resolver) {
                Some(policy) => identity.push(policy),
                None => problems.push(Problem::UnknownManaged(arn)),
            }
        }
    }
    let boundary = match (boundary, &role.boundary) {
        (Some(given), _) => Some(given),
        (None, Some(template)) => {
            let arn = resolver.text(template);
            let found = document_of(&arn, &customer, policies, &env, &mut resolver);
            if found.is_none() && complete(&env, template) {
                problems.push(Problem::UnknownBoundary(arn));
            }
            found
        }
        (None, None) => None,
    };
    let tags: Vec<(String, String)> = role
        .tags
        .iter()
        .map(|t| (t.key.clone(), resolver.text(&t.value)))
        .collect();
    if let Err(err) = resolver.finish() {
        problems.insert(0, Problem::Resolve(err));
    }
    if !problems.is_empty() {
        return Err(RoleError {
            role: role.ident.clone(),
            problems,
        });
    }
    let arn = format!("arn:{}:iam::{account_id}:role{path}{name}", env.partition);
    let mut facts = BTreeMap::new();
    facts.insert("aws:PrincipalArn".to_owned(), one(&arn));
    facts.insert("aws:PrincipalAccount".to_owned(), one(&account_id));
    for (key, value) in tags {
        facts.insert(format!("aws:PrincipalTag/{key}"), one(&value));
    }
    Ok(ResolvedRole {
        ident: role.ident.clone(),
        name,
        arn,
        account_id,
        identity_policies: identity,
        boundary,
        trust,
        facts,
    })
}

impl ResolvedRole {
    /// The role making `query`, with the `around` policies that apply to it.
    pub fn simulation(&self, query: &Query, around: &Surroundings) -> Simulation {
        let resource = query.resource.clone().unwrap_or_else(|| "*".to_owned());
        let account_id = query
            .resource_account
            .clone()
            .or_else(|| arn_account(&resource))
            .unwrap_or_else(|| self.account_id.clone());
        let mut context = self.facts.clone();
        context.extend(query.context.clone());
        Simulation {
            request: Request {
                principal: query.principal.clone().unwrap_or_else(|| self.arn.clone()),
                action: query.action.clone(),
                resource: RequestResource {
                    resource,
                    account_id,
                },
                context_variables: context,
            },
            identity_policies: self.identity_policies.clone(),
            service_control_policies: around.service_control_policies.clone(),
            resource_control_policies: around.resource_control_policies.clone(),
            resource_policy: around.resource_policy.clone(),
            permission_boundary_policies: self.boundary.clone().map(|b| vec![b]),
            session_policy: around.session_policy.clone(),
        }
    }

    /// "May `caller` assume this role?": the trust policy as the resource policy of
    /// `sts:AssumeRole` on the role. The action is the one the trust statement naming `caller`
    /// grants (`sts:AssumeRoleWithWebIdentity` for an OIDC provider, `...WithSAML` for a SAML
    /// one), unless `action` says. The caller's own identity policies are not known: push them
    /// onto the simulation's `identity_policies` where a cross-account caller needs them.
    pub fn assume(
        &self,
        caller: &str,
        action: Option<&str>,
        context: &BTreeMap<String, ContextValue>,
    ) -> Simulation {
        let action = action.map_or_else(|| assume_action(&self.trust, caller), str::to_owned);
        Simulation {
            request: Request {
                principal: caller.to_owned(),
                action,
                resource: RequestResource {
                    resource: self.arn.clone(),
                    account_id: self.account_id.clone(),
                },
                context_variables: context.clone(),
            },
            resource_policy: Some(self.trust.clone()),
            ..Simulation::default()
        }
    }
}

/// The `sts:AssumeRole...` action of the first trust statement that names `caller`;
/// `sts:AssumeRole` when none does.
fn assume_action(trust: &Value, caller: &str) -> String {
    let statements = trust["Statement"].as_array().map_or(&[][..], Vec::as_slice);
    let names = |statement: &Value| {
        let principal = statement["Principal"].as_object()?;
        let named = principal.values().any(|v| match v {
            Value::String(s) => s == caller,
            Value::Array(list) => list.iter().any(|s| s == caller),
            _ => false,
        });
        let actions = match &statement["Action"] {
            Value::String(s) => vec![s.as_str()],
            Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        named
            .then(|| {
                actions
                    .into_iter()
                    .find(|a| a.starts_with("sts:AssumeRole"))
            })
            .flatten()
            .map(str::to_owned)
    };
    statements
        .iter()
        .find_map(names)
        .unwrap_or_else(|| "sts:AssumeRole".to_owned())
}

/// The document of a managed policy ARN: a `#[policy]` the role attaches or another of the
/// project, or an AWS managed policy.
fn document_of(
    arn: &str,
    attached: &[(String, NamedPolicy)],
    policies: &PolicyIndex,
    env: &Env,
    resolver: &mut Resolver,
) -> Option<NamedPolicy> {
    if let Some((_, policy)) = attached.iter().find(|(a, _)| a == arn) {
        return Some(policy.clone());
    }
    if let Some(document) = crate::managed::document(arn) {
        return Some(named(arn, document.clone()));
    }
    // Sorted, so that two #[policy]s of one ARN always give the same answer.
    let mut idents: Vec<&&str> = policies.keys().collect();
    idents.sort();
    idents.into_iter().find_map(|ident| {
        let mut probe = Resolver::new(env);
        let candidate = customer_arn(policies[*ident], &mut probe);
        (probe.missing.0.is_empty() && candidate == arn)
            .then(|| customer_policy(policies[*ident], env, resolver).1)
    })
}

/// A `#[policy]` resolved: the ARN IAM gives it, and its document named by its PolicyName.
fn customer_policy(policy: &Policy, env: &Env, resolver: &mut Resolver) -> (String, NamedPolicy) {
    let name = resolver.limited(&policy.name, &POLICY_NAME);
    let document = iam::document(&policy.document, resolver);
    let mut probe = Resolver::new(env);
    (customer_arn(policy, &mut probe), named(&name, document))
}

/// `arn:{partition}:iam::{account_id}:policy{path}{name}`, where IAM puts a customer managed
/// policy.
fn customer_arn(policy: &Policy, resolver: &mut Resolver) -> String {
    let path = policy
        .path
        .as_ref()
        .map_or_else(|| "/".to_owned(), |p| resolver.text(p));
    let name = resolver.text(&policy.name);
    let account = resolver.env.account_id.clone().unwrap_or_default();
    format!(
        "arn:{}:iam::{account}:policy{path}{name}",
        resolver.env.partition
    )
}

/// Every value `template` needs is in `env`.
fn complete(env: &Env, template: &Template) -> bool {
    let mut missing = Missing::default();
    env.resolve_list(std::slice::from_ref(template), &mut missing);
    missing.0.is_empty()
}

/// The account field of an ARN, when it has one.
fn arn_account(arn: &str) -> Option<String> {
    let account = arn.strip_prefix("arn:")?.split(':').nth(3)?;
    (!account.is_empty()).then(|| account.to_owned())
}

fn named(name: &str, policy: Value) -> NamedPolicy {
    NamedPolicy {
        name: name.to_owned(),
        policy,
    }
}

fn one(value: &str) -> ContextValue {
    ContextValue::One(value.to_owned())
}

#[cfg(test)]
mod tests {
    use role_model::model::{Actions, Document, Effect, Part, Pseudo, Resources, Statement, Tag};
    use role_model::model::{Principal, PrincipalKind};

    use super::*;

    fn statement(action: &str, resource: Template) -> Statement {
        Statement {
            sid: None,
            effect: Effect::Allow,
            principal: None,
            actions: Actions::Action(vec![action.into()]),
            resources: Some(Resources::Resource(vec![resource])),
            conditions: vec![],
        }
    }

    fn role() -> Role {
        let mut bucket = Template::literal("arn:");
        bucket.push(Part::Pseudo(Pseudo::Partition));
        bucket.push_text(":s3:::");
        bucket.push(Part::Field("bucket".into()));
        bucket.push_text("/*");
        let trust = Statement {
            principal: Some(Principal {
                kind: PrincipalKind::Federated,
                values: vec![Template::literal("arn:aws:iam::1:oidc-provider/x")],
            }),
            actions: Actions::Action(vec!["sts:AssumeRoleWithWebIdentity".into()]),
            resources: None,
            ..statement("", Template::default())
        };
        Role {
            ident: "LogWriter".into(),
            name: Template::literal("log-writer"),
            description: None,
            path: Some(Template::literal("/app/")),
            max_session: None,
            trust: Document {
                statements: vec![trust],
            },
            policy: Some(Document {
                statements: vec![statement("s3:PutObject", bucket)],
            }),
            managed: vec![],
            policies: vec!["ReadConfig".into()],
            boundary: None,
            tags: vec![Tag {
                key: "team".into(),
                value: Template::literal("platform"),
            }],
            instance_profile: None,
            params: vec![],
        }
    }

    fn read_config() -> Policy {
        Policy {
            ident: "ReadConfig".into(),
            name: Template::literal("read-config"),
            description: None,
            path: None,
            document: Document {
                statements: vec![statement("s3:GetObject", Template::literal("*"))],
            },
            tags: vec![],
            params: vec![],
        }
    }

    fn env() -> Env {
        Env {
            values: [("bucket".to_owned(), "logs".to_owned())].into(),
            ..Env::default()
        }
    }

    #[test]
    fn a_role_is_its_arn_its_documents_and_its_tags() {
        let policy = read_config();
        let index: PolicyIndex = [("ReadConfig", &policy)].into();
        let role = resolve(&role(), &index, &env(), None).unwrap();
        assert_eq!(role.arn, "arn:aws:iam::123456789012:role/app/log-writer");
        let names: Vec<&str> = role
            .identity_policies
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["log-writer", "read-config"]);
        assert_eq!(
            role.identity_policies[0].policy["Statement"][0]["Resource"],
            "arn:aws:s3:::logs/*"
        );
        let query = Query {
            action: "s3:PutObject".into(),
            resource: Some("arn:aws:dynamodb:eu-west-1:999999999999:table/t".into()),
            ..Query::default()
        };
        let simulation = role.simulation(&query, &Surroundings::default());
        assert_eq!(simulation.request.resource.account_id, "999999999999");
        assert_eq!(
            simulation.request.context_variables["aws:PrincipalTag/team"],
            one("platform")
        );
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let mut role = role();
        role.managed = vec![Template::literal("arn:aws:iam::1:policy/elsewhere")];
        let err = resolve(&role, &PolicyIndex::new(), &Env::default(), None).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("the parameter `bucket`"), "{text}");
        assert!(text.contains("`ReadConfig`"), "{text}");
        assert!(text.contains("`arn:aws:iam::1:policy/elsewhere`"), "{text}");
    }

    #[test]
    fn a_managed_arn_with_a_value_missing_is_missing_not_unknown() {
        let mut role = role();
        role.policies.clear();
        let mut arn = Template::literal("arn:aws:iam::");
        arn.push(Part::Field("owner".into()));
        arn.push_text(":policy/p");
        role.managed = vec![arn];
        let err = resolve(&role, &PolicyIndex::new(), &env(), None).unwrap_err();
        assert_eq!(err.problems.len(), 1, "{err}");
        assert!(err.to_string().contains("the parameter `owner`"), "{err}");
    }

    #[test]
    fn a_boundary_that_names_a_policy_of_the_project_is_its_document() {
        let policy = read_config();
        let index: PolicyIndex = [("ReadConfig", &policy)].into();
        let mut role = role();
        role.policies.clear();
        role.boundary = Some(Template::literal(
            "arn:aws:iam::123456789012:policy/read-config",
        ));
        let role = resolve(&role, &index, &env(), None).unwrap();
        assert_eq!(role.boundary.unwrap().name, "read-config");
    }

    #[test]
    fn assuming_takes_the_action_the_trust_grants_the_caller() {
        let index = PolicyIndex::new();
        let mut role = role();
        role.policies.clear();
        let role = resolve(&role, &index, &env(), None).unwrap();
        let simulation = role.assume("arn:aws:iam::1:oidc-provider/x", None, &BTreeMap::new());
        assert_eq!(simulation.request.action, "sts:AssumeRoleWithWebIdentity");
        assert_eq!(simulation.request.resource.resource, role.arn);
        assert_eq!(simulation.resource_policy, Some(role.trust.clone()));
        let other = role.assume("lambda.amazonaws.com", None, &BTreeMap::new());
        assert_eq!(other.request.action, "sts:AssumeRole");
    }
}

//! A role of the project as role-eval sees it, deployed in the default environment: what it
//! may request, and whom its trust lets in. The escalation rules ask only these questions, so
//! that conditions, denies and boundaries count as IAM counts them.

use std::collections::BTreeMap;

use role_eval::roles::{self, ResolvedRole};
use role_eval::{Compiled, ContextValue, Outcome, Reason, Request, RequestResource, Simulation};

use crate::check::Checked;
use crate::diag::Spot;
use crate::env::{Env, Resolver};
use crate::project::Project;

/// Where a statement of the role's inline policy was written, for the steps of a path.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The index in `Project::found`.
    pub found: usize,
    pub file: usize,
    pub spot: Spot,
    /// The spots of the inline policy's statements, in the rendered order.
    pub statements: Vec<Spot>,
}

pub struct Principal {
    pub ident: String,
    pub origin: Origin,
    pub role: ResolvedRole,
    compiled: Compiled,
    /// The ARNs of the customer managed policies it attaches (`#[policy]`s of the project).
    pub policy_arns: Vec<String>,
    pub has_boundary: bool,
    pub partition: String,
    pub region: String,
}

/// The region requests are made in when the environment names none: only the ARNs of the
/// resources a method creates hold it, and a statement naming a region names it everywhere.
const DEFAULT_REGION: &str = "us-east-1";

/// Every role of the project that can be resolved and compiled; a role with placeholders
/// without values is left out (its permissions are not known, so nothing is claimed of it).
pub fn all(project: &Project) -> Vec<Principal> {
    let bundle = project.bundle();
    let index = bundle.policy_index();
    let env = Env::default();
    let mut out = Vec::new();
    for (found_index, found) in project.found.iter().enumerate() {
        let Some(Checked::Role(role)) = &found.checked else {
            continue;
        };
        let Ok(resolved) = roles::resolve(role, &index, &env, None) else {
            continue;
        };
        let probe = Simulation {
            identity_policies: resolved.identity_policies.clone(),
            permission_boundary_policies: resolved.boundary.clone().map(|b| vec![b]),
            ..Simulation::default()
        };
        let Ok(compiled) = Compiled::new(&probe) else {
            continue;
        };
        let mut placed = env.clone();
        placed.account_id = Some(resolved.account_id.clone());
        let policy_arns = role
            .policies
            .iter()
            .filter_map(|ident| index.get(ident.as_str()))
            .map(|policy| {
                let mut resolver = Resolver::new(&placed);
                let path = policy
                    .path
                    .as_ref()
                    .map_or_else(|| "/".to_owned(), |p| resolver.text(p));
                let name = resolver.text(&policy.name);
                format!(
                    "arn:{}:iam::{}:policy{path}{name}",
                    env.partition, resolved.account_id
                )
            })
            .collect();
        out.push(Principal {
            ident: role.ident.clone(),
            origin: Origin {
                found: found_index,
                file: found.file,
                spot: found.decl.ident_spot,
                statements: found.decl.args.statements.iter().map(|s| s.spot).collect(),
            },
            has_boundary: resolved.boundary.is_some(),
            role: resolved,
            compiled,
            policy_arns,
            partition: env.partition.clone(),
            region: env
                .region
                .clone()
                .unwrap_or_else(|| DEFAULT_REGION.to_owned()),
        });
    }
    out
}

impl Principal {
    /// The statements that allow `action` on `resource` with `context` added to the role's own
    /// facts, when the request is allowed.
    pub fn allows(
        &self,
        action: &str,
        resource: &str,
        context: &[(String, String)],
    ) -> Option<Vec<Reason>> {
        let mut variables = self.role.facts.clone();
        for (key, value) in context {
            variables.insert(key.clone(), ContextValue::One(value.clone()));
        }
        let request = Request {
            principal: self.role.arn.clone(),
            action: action.to_owned(),
            resource: RequestResource {
                resource: resource.to_owned(),
                account_id: arn_account(resource).unwrap_or_else(|| self.role.account_id.clone()),
            },
            context_variables: variables,
        };
        let decision = self.compiled.decide(&request).ok()?;
        (decision.decision == Outcome::Allow).then(|| allowing(decision.reasons))
    }

    /// Whether this role's trust lets `caller` assume it, `caller`'s own policies deciding too
    /// (a trust naming the account delegates to them).
    pub fn trusts_role(&self, caller: &Principal) -> Option<Vec<Reason>> {
        let mut simulation =
            self.role
                .assume(&caller.role.arn, Some("sts:AssumeRole"), &caller.role.facts);
        simulation.identity_policies = caller.role.identity_policies.clone();
        simulation.permission_boundary_policies = caller.role.boundary.clone().map(|b| vec![b]);
        let decision = role_eval::simulate(&simulation).ok()?;
        (decision.decision == Outcome::Allow).then(|| allowing(decision.reasons))
    }

    /// Whether this role's trust lets `service` assume it for a resource of this account
    /// (`source_arn`), as the service does once the role is passed to it.
    pub fn trusts_service(&self, service: &str, source_arn: &str) -> bool {
        let mut context = BTreeMap::new();
        let one = |v: &str| ContextValue::One(v.to_owned());
        context.insert("aws:SourceAccount".to_owned(), one(&self.role.account_id));
        context.insert("aws:SourceArn".to_owned(), one(source_arn));
        context.insert("aws:PrincipalServiceName".to_owned(), one(service));
        let simulation = self.role.assume(service, Some("sts:AssumeRole"), &context);
        role_eval::simulate(&simulation).is_ok_and(|d| d.decision == Outcome::Allow)
    }

    /// `{partition}`, `{region}` and `{account}` of a method's ARN, for this role.
    pub fn place(&self, template: &str) -> String {
        template
            .replace("{partition}", &self.partition)
            .replace("{region}", &self.region)
            .replace("{account}", &self.role.account_id)
    }

    /// Where the statement a reason names was written: the inline policy's statements are
    /// the role's own; a `#[policy]` or managed policy is named in the message instead.
    pub fn spot_of(&self, reason: &Reason) -> Option<Spot> {
        let inline = reason.policy.as_deref() == Some(self.role.name.as_str());
        if !inline {
            return None;
        }
        reason
            .statement
            .and_then(|i| self.origin.statements.get(i))
            .copied()
    }
}

/// The reasons that are a statement's allow (of the role's policies, or of the trust policy
/// asked): the ones a path can point at.
fn allowing(reasons: Vec<Reason>) -> Vec<Reason> {
    reasons
        .into_iter()
        .filter(|r| {
            r.statement.is_some() && matches!(r.policy_type.as_str(), "identity" | "resource")
        })
        .collect()
}

fn arn_account(arn: &str) -> Option<String> {
    let account = arn.strip_prefix("arn:")?.split(':').nth(3)?;
    // A pattern standing for a name the role picks (`arn:aws:lambda:*:*:function:x`) is in
    // the role's own account: that is where it creates things.
    let concrete = !account.is_empty() && !account.contains(['*', '?']);
    concrete.then(|| account.to_owned())
}

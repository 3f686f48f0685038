//! `role-cli simulate`: decides requests with role-eval, as AWS would, made by a role of the
//! project (its documents as `render --format iam` writes them) or against raw documents, and
//! says why. Every request is read and built before any is decided, and every decision is made
//! before any is printed: a mistake on line 9 prints nothing for lines 1 to 8.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use role_core::diag::{did_you_mean, nearest};
use role_core::model::{Bundle, Pseudo, Role};
use role_core::{Env, Needed};
use role_eval::roles::{
    self, DEFAULT_ACCOUNT_ID, Problem, Query, ResolvedRole, RoleError, Surroundings,
};
use role_eval::{
    Compiled, ContextValue, Decision, NamedPolicy, OrgPolicies, Outcome, Request, RequestResource,
    Simulation,
};
use serde::Deserialize;
use serde_json::Value;

use super::placeholders::{self, set_values};
use super::{Scanned, print};
use crate::cli::{EnvArgs, Expect, OutputFormat, SimulateArgs};
use crate::exit::{Error, Exit};
use crate::report::Reporter;
use crate::scan;

/// One request: a line of `--requests`, or the command line's flags.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Ask {
    #[serde(default)]
    role: Option<String>,
    action: String,
    #[serde(default)]
    resource: Option<String>,
    #[serde(default)]
    context: BTreeMap<String, ContextValue>,
    #[serde(default)]
    principal: Option<String>,
}

/// The documents given by flags rather than by roles.
struct Given {
    policies: Vec<NamedPolicy>,
    boundary: Option<NamedPolicy>,
    around: Surroundings,
}

pub fn run(args: &SimulateArgs, reporter: &mut Reporter) -> Result<Exit, Error> {
    let given = given(args)?;
    let batch = args.requests.is_some();
    let asks = match &args.requests {
        Some(file) => read_requests(file, reporter)?,
        None => vec![Ask {
            role: args.role.clone(),
            action: args.request.action.clone().unwrap_or_default(),
            resource: args.request.resource.clone(),
            context: context(&args.request.context),
            principal: args.principal.clone(),
        }],
    };
    let roles = if asks.iter().any(|a| a.role.is_some()) {
        Some(Roles::read(&args.paths, &args.env, reporter)?)
    } else {
        if !args.paths.is_empty() || !args.env.set.is_empty() {
            reporter.warning("PATHs and --set are read for roles only, and no request names one");
        }
        None
    };
    let env = match &roles {
        Some(roles) => roles.env.clone(),
        None => env(&args.env)?,
    };
    let mut resolved = HashMap::new();
    let mut problems = Vec::new();
    let mut simulations = Vec::new();
    for (index, ask) in asks.iter().enumerate() {
        match simulation(ask, roles.as_ref(), &given, &env, &mut resolved) {
            Ok(simulation) => simulations.push(simulation),
            Err(error) => problems.push(at_line(batch, index, error)),
        }
    }
    first_of(problems, reporter)?;
    let mut decisions = Vec::new();
    // Requests of one role follow each other in a batch: its policies are read once for them.
    let mut compiled: Option<(&Simulation, Compiled)> = None;
    for (index, simulation) in simulations.iter().enumerate() {
        let cannot = |err: role_eval::SimulationError| {
            at_line(
                batch,
                index,
                Error::usage(format!("cannot simulate: {err}")),
            )
        };
        let reusable = compiled
            .as_ref()
            .is_some_and(|(s, _)| s.same_policies(simulation));
        if !reusable {
            compiled = Some((simulation, Compiled::new(simulation).map_err(cannot)?));
        }
        let (_, policies) = compiled.as_ref().expect("compiled above");
        decisions.push(policies.decide(&simulation.request).map_err(cannot)?);
    }
    let mut out = String::new();
    for decision in &decisions {
        out.push_str(&match (args.format, batch) {
            (OutputFormat::Json, _) => json_line(decision),
            (OutputFormat::Text, true) => text_line(decision),
            (OutputFormat::Text, false) => text_block(decision),
        });
    }
    print(&out)?;
    expect(args.expect, &decisions, batch)
}

/// `--expect`: exit 1 naming the requests decided otherwise.
fn expect(expect: Option<Expect>, decisions: &[Decision], batch: bool) -> Result<Exit, Error> {
    let Some(expect) = expect else {
        return Ok(Exit::Success);
    };
    let wanted = |outcome: Outcome| match expect {
        Expect::Allow => outcome == Outcome::Allow,
        Expect::Deny => outcome != Outcome::Allow,
    };
    let missed: Vec<String> = decisions
        .iter()
        .enumerate()
        .filter(|(_, d)| !wanted(d.decision))
        .map(|(i, d)| match batch {
            true => format!("line {}: {}", i + 1, outcome_name(d.decision)),
            false => outcome_name(d.decision).to_owned(),
        })
        .collect();
    if missed.is_empty() {
        return Ok(Exit::Success);
    }
    let expected = match expect {
        Expect::Allow => "allow",
        Expect::Deny => "deny",
    };
    Err(Error::roles(format!(
        "expected {expected}, decided {}",
        missed.join(", ")
    )))
}

fn simulation(
    ask: &Ask,
    roles: Option<&Roles>,
    given: &Given,
    env: &Env,
    resolved: &mut HashMap<String, ResolvedRole>,
) -> Result<Simulation, Error> {
    if ask.action.trim().is_empty() {
        return Err(Error::usage("the request has no action"));
    }
    let (Some(name), Some(roles)) = (&ask.role, roles) else {
        return Ok(raw_simulation(ask, given, env));
    };
    let role = roles.find(name)?;
    if !resolved.contains_key(&role.ident) {
        let resolution = roles
            .resolve(role, given.boundary.clone())
            .map_err(|err| role_error(&err))?;
        resolved.insert(role.ident.clone(), resolution);
    }
    let role = &resolved[&role.ident];
    let assuming = ask
        .action
        .to_ascii_lowercase()
        .starts_with("sts:assumerole")
        && ask.resource.as_ref().is_none_or(|r| *r == role.arn);
    let mut simulation = match (&ask.principal, assuming) {
        (Some(caller), true) => {
            if given.around.resource_policy.is_some() {
                return Err(Error::usage(
                    "--resource-policy has no place in whether --principal may assume the role: \
                     its trust policy is the resource policy",
                ));
            }
            // The policies given are the caller's: a cross-account caller needs an allow of its own.
            let mut simulation = role.assume(caller, Some(&ask.action), &ask.context);
            simulation.service_control_policies = given.around.service_control_policies.clone();
            simulation.session_policy = given.around.session_policy.clone();
            simulation
        }
        _ => role.simulation(
            &Query {
                action: ask.action.clone(),
                resource: ask.resource.clone(),
                resource_account: None,
                context: ask.context.clone(),
                principal: ask.principal.clone(),
            },
            &given.around,
        ),
    };
    simulation.identity_policies.extend(given.policies.clone());
    Ok(simulation)
}

/// No role: the principal is `--principal`, or a role named `simulated` of the account.
fn raw_simulation(ask: &Ask, given: &Given, env: &Env) -> Simulation {
    let account = env.account_id.as_deref().unwrap_or(DEFAULT_ACCOUNT_ID);
    let resource = ask.resource.clone().unwrap_or_else(|| "*".to_owned());
    let account_id = arn_account(&resource).unwrap_or_else(|| account.to_owned());
    Simulation {
        request: Request {
            principal: ask
                .principal
                .clone()
                .unwrap_or_else(|| format!("arn:{}:iam::{account}:role/simulated", env.partition)),
            action: ask.action.clone(),
            resource: RequestResource {
                resource,
                account_id,
            },
            context_variables: ask.context.clone(),
        },
        identity_policies: given.policies.clone(),
        service_control_policies: given.around.service_control_policies.clone(),
        resource_control_policies: given.around.resource_control_policies.clone(),
        resource_policy: given.around.resource_policy.clone(),
        permission_boundary_policies: given.boundary.clone().map(|b| vec![b]),
        session_policy: given.around.session_policy.clone(),
    }
}

/// The account field of an ARN, when it has one.
fn arn_account(arn: &str) -> Option<String> {
    let account = arn.strip_prefix("arn:")?.split(':').nth(3)?;
    (!account.is_empty()).then(|| account.to_owned())
}

/// The project's roles, checked, and the values that resolve them.
pub(super) struct Roles {
    pub bundle: Bundle,
    pub env: Env,
    /// Each declaration's `file:line`, by identifier: where a report points.
    pub locations: HashMap<String, String>,
}

impl Roles {
    /// Reads the roles under `paths` (`.` when none); roles with errors are reported and
    /// refused, as `render` refuses them.
    pub fn read(
        paths: &[PathBuf],
        args: &EnvArgs,
        reporter: &mut Reporter,
    ) -> Result<Roles, Error> {
        let mut env = env(args)?;
        let paths = match paths {
            [] => vec![PathBuf::from(".")],
            paths => paths.to_vec(),
        };
        let scanned = Scanned::read(&paths)?;
        reporter.project(&scanned.files, &scanned.project);
        if reporter.errors() > 0 {
            return Err(
                Error::usage(format!("could not simulate: {}", reporter.tally(true)))
                    .with_help("`role-cli check` reports the same errors; fix them first"),
            );
        }
        let bundle = scanned.project.bundle();
        set_values(&args.set, &bundle, &mut env)?;
        let locations = scanned
            .project
            .found
            .iter()
            .map(|found| {
                let file = &scanned.files[found.file].path;
                let line = found.decl.ident_spot.span.start().line;
                (found.decl.ident.clone(), format!("{file}:{line}"))
            })
            .collect();
        Ok(Roles {
            bundle,
            env,
            locations,
        })
    }

    /// A role by struct identifier or RoleName as written.
    pub fn find(&self, name: &str) -> Result<&Role, Error> {
        // As written, placeholders and all, as `render --role` matches it.
        let found = self.bundle.roles.iter().find(|r| {
            let written = r.name.to_string();
            r.ident == name || written == name
        });
        found.ok_or_else(|| {
            let written: Vec<String> = self
                .bundle
                .roles
                .iter()
                .map(|r| r.name.to_string())
                .collect();
            let names = self.bundle.roles.iter().map(|r| r.ident.as_str());
            let hint = did_you_mean(nearest(
                name,
                names.chain(written.iter().map(String::as_str)),
            ));
            let known: Vec<&str> = self.bundle.roles.iter().map(|r| r.ident.as_str()).collect();
            Error::usage(format!("no role is named `{name}`{hint}")).with_help(match known.len() {
                0 => "no role was found in the files read".to_owned(),
                _ => format!("the roles are {}", known.join(", ")),
            })
        })
    }

    pub fn resolve(
        &self,
        role: &Role,
        boundary: Option<NamedPolicy>,
    ) -> Result<ResolvedRole, RoleError> {
        roles::resolve(role, &self.bundle.policy_index(), &self.env, boundary)
    }
}

/// A role that cannot be simulated: its problems, and the flags that would give what is missing.
pub(super) fn role_error(err: &RoleError) -> Error {
    let mut help = Vec::new();
    for problem in &err.problems {
        match problem {
            Problem::Resolve(role_core::env::ResolveError::Missing(missing)) => {
                let flags: Vec<String> = missing.0.iter().map(flag).collect();
                help.push(format!("add {}", flags.join(" ")));
            }
            Problem::UnknownBoundary(_) => {
                help.push("give the boundary's document with --boundary FILE".to_owned());
            }
            _ => {}
        }
    }
    let error = Error::usage(err.to_string());
    match help.is_empty() {
        true => error,
        false => error.with_help(help.join("; ")),
    }
}

fn flag(needed: &Needed) -> String {
    match needed {
        Needed::Param(name) => format!("--set {name}=VALUE"),
        Needed::Pseudo(Pseudo::Partition) => "--partition PARTITION".to_owned(),
        Needed::Pseudo(Pseudo::AccountId) => "--account-id ACCOUNT_ID".to_owned(),
        Needed::Pseudo(Pseudo::Region) => "--region REGION".to_owned(),
    }
}

/// The partition, account and region of `--partition`, `--account-id`, `--region`.
fn env(args: &EnvArgs) -> Result<Env, Error> {
    placeholders::env(
        args.partition.as_ref(),
        args.account_id.as_ref(),
        args.region.as_ref(),
    )
}

/// `--context KEY=VALUE`s: a key given more than once is multi-valued, its values in order.
pub(super) fn context(pairs: &[(String, String)]) -> BTreeMap<String, ContextValue> {
    let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, value) in pairs {
        values.entry(key.clone()).or_default().push(value.clone());
    }
    values
        .into_iter()
        .map(|(key, mut list)| match list.len() {
            1 => (key, ContextValue::One(list.remove(0))),
            _ => (key, ContextValue::Many(list)),
        })
        .collect()
}

fn given(args: &SimulateArgs) -> Result<Given, Error> {
    let named = |path: &PathBuf| {
        read_document(path).map(|policy| NamedPolicy {
            name: shown(path),
            policy,
        })
    };
    let levels = |paths: &[PathBuf]| -> Result<Vec<OrgPolicies>, Error> {
        paths
            .iter()
            .map(|path| {
                Ok(OrgPolicies {
                    org_identifier: shown(path),
                    policies: vec![named(path)?],
                })
            })
            .collect()
    };
    let session = match args.session_policies.as_slice() {
        [] => None,
        [one] => Some(read_document(one)?),
        many => Some(merged(many)?),
    };
    Ok(Given {
        policies: args.policies.iter().map(named).collect::<Result<_, _>>()?,
        boundary: args.boundary.as_ref().map(named).transpose()?,
        around: Surroundings {
            service_control_policies: levels(&args.scps)?,
            resource_control_policies: levels(&args.rcps)?,
            resource_policy: args
                .resource_policy
                .as_deref()
                .map(read_document)
                .transpose()?,
            session_policy: session,
        },
    })
}

/// Several session policies as one document of all their statements: any of them may allow.
fn merged(paths: &[PathBuf]) -> Result<Value, Error> {
    let mut statements = Vec::new();
    for path in paths {
        match read_document(path)?.get("Statement") {
            Some(Value::Array(list)) => statements.extend(list.iter().cloned()),
            Some(one) => statements.push(one.clone()),
            None => {
                return Err(Error::usage(format!(
                    "{}: no `Statement` in the policy",
                    shown(path)
                )));
            }
        }
    }
    Ok(serde_json::json!({"Version": "2012-10-17", "Statement": statements}))
}

/// A policy document: a JSON object, from a UTF-8 file.
fn read_document(path: &Path) -> Result<Value, Error> {
    let file = scan::read_one(path)?;
    match serde_json::from_str::<Value>(&file.text) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(_) => Err(Error::usage(format!(
            "{}: a policy document is a JSON object",
            shown(path)
        ))),
        Err(err) => Err(Error::usage(format!("{}: not JSON: {err}", shown(path)))),
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Every line of `file` a request; every bad line is named, not only the first.
fn read_requests(file: &Path, reporter: &Reporter) -> Result<Vec<Ask>, Error> {
    const HELP: &str = "each line is one JSON object: {\"role\": ..., \"action\": ..., \"resource\": ..., \"context\": {\"key\": \"value\"}, \"principal\": ...}";
    let text = scan::read_one(file)?.text;
    let mut asks = Vec::new();
    let mut problems = Vec::new();
    // Blank lines at the end are the end of the file; anywhere else they are a line unanswered.
    for (index, line) in text.trim_end().lines().enumerate() {
        match serde_json::from_str::<Ask>(line) {
            Ok(ask) => asks.push(ask),
            Err(err) => problems.push(Error::usage(format!(
                "{}:{}: not a request: {err}",
                shown(file),
                index + 1
            ))),
        }
    }
    if asks.is_empty() && problems.is_empty() {
        problems.push(Error::usage(format!(
            "{}: no request in the file",
            shown(file)
        )));
    }
    // Said once, after the last.
    if let Some(last) = problems.last_mut() {
        last.help = Some(HELP.to_owned());
    }
    first_of(problems, reporter)?;
    Ok(asks)
}

/// Every problem but the last reported now; the last one ends the run.
fn first_of(mut problems: Vec<Error>, reporter: &Reporter) -> Result<(), Error> {
    let Some(last) = problems.pop() else {
        return Ok(());
    };
    for problem in &problems {
        reporter.fatal(problem);
    }
    Err(last)
}

fn at_line(batch: bool, index: usize, mut error: Error) -> Error {
    if batch {
        error.message = format!("request on line {}: {}", index + 1, error.message);
    }
    error
}

pub(super) fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Allow => "allow",
        Outcome::ExplicitDeny => "explicit_deny",
        Outcome::ImplicitDeny => "implicit_deny",
    }
}

/// `{"decision": ..., "reasons": [...]}` on one line.
pub(super) fn json_line(decision: &Decision) -> String {
    let mut line = serde_json::to_string(decision).unwrap_or_default();
    line.push('\n');
    line
}

/// The decision, then each reason on a line of its own, as the evaluator words it (naming the
/// statement, its Sid and its policy).
fn text_block(decision: &Decision) -> String {
    let mut out = format!("{}\n", outcome_name(decision.decision));
    for one in &decision.reasons {
        out.push_str(&format!("  {}\n", one.message));
    }
    out
}

/// The decision and its reasons on one line, for `--requests`.
pub(super) fn text_line(decision: &Decision) -> String {
    let reasons: Vec<&str> = decision
        .reasons
        .iter()
        .map(|r| r.message.as_str())
        .collect();
    match reasons.is_empty() {
        true => format!("{}\n", outcome_name(decision.decision)),
        false => format!(
            "{}: {}\n",
            outcome_name(decision.decision),
            reasons.join("; ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_given_twice_is_multi_valued_in_order() {
        let pairs = [("k", "b"), ("k", "a"), ("j", "x")].map(|(k, v)| (k.to_owned(), v.to_owned()));
        let context = context(&pairs);
        assert_eq!(
            context["k"],
            ContextValue::Many(vec!["b".into(), "a".into()])
        );
        assert_eq!(context["j"], ContextValue::One("x".into()));
    }

    #[test]
    fn the_account_of_an_arn_is_its_fifth_field() {
        assert_eq!(
            arn_account("arn:aws:sqs:us-east-1:111122223333:q").as_deref(),
            Some("111122223333")
        );
        assert_eq!(arn_account("arn:aws:s3:::bucket"), None);
        assert_eq!(arn_account("*"), None);
    }
}

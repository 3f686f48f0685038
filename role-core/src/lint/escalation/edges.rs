//! Which method lets one role act on another (or on itself): each request a method needs is
//! put to the evaluator on the resource it needs, and the trusts that must let someone in are
//! decided as IAM decides them. A method is kept with the statements that allowed it, so that
//! a finding can point at them.

use role_eval::Reason;

use super::methods::{Kind, Method, Need, On};
use super::principal::Principal;

/// A method that works, with what allowed each of its requests.
#[derive(Debug, Clone)]
pub struct Edge {
    pub method: &'static Method,
    /// `(action, resource, the allowing statements)` for each request of the method.
    pub allowed: Allowed,
}

type Allowed = Vec<(String, String, Vec<Reason>)>;

/// The requests of one role's methods that name no target, decided once for all targets: a
/// takeover asks the same of every target, and reads every statement of the role for its
/// own resource patterns, which over all pairs of roles would cost ten times the rest. Kept
/// by the method's place in `methods::all()`, the only list `first` is given.
#[derive(Default)]
pub struct Untargeted(Vec<Option<Option<Allowed>>>);

/// The first method of `kind` (in the data's order) that lets `from` act on `to`; `to` is
/// `from` for the `self` methods.
pub fn first(
    methods: &'static [Method],
    kind: Kind,
    from: &Principal,
    to: &Principal,
    known: &mut Untargeted,
) -> Option<Edge> {
    if known.0.len() < methods.len() {
        known.0.resize(methods.len(), None);
    }
    methods
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == kind)
        .find_map(|(place, m)| works(m, from, to, &mut known.0[place]))
}

fn works(
    method: &'static Method,
    from: &Principal,
    to: &Principal,
    known: &mut Option<Option<Allowed>>,
) -> Option<Edge> {
    let names_target = method.needs.iter().any(|n| {
        matches!(
            n.on,
            On::Own | On::OwnPolicy | On::Target | On::TargetPolicy
        )
    });
    let mut allowed = if names_target {
        requests(method, from, to)?
    } else {
        known
            .get_or_insert_with(|| requests(method, from, to))
            .clone()?
    };
    // The trusts last: each reads a policy anew, where the requests above are decided on the
    // role's policies compiled once, and most pairs of roles fail there.
    if let Some(service) = &method.service {
        let source = from.place(method.source_arn.as_deref().unwrap_or(""));
        if !to.trusts_service(service, &source) {
            return None;
        }
    }
    if method.trust_self {
        let reasons = to.trusts_role(from)?;
        allowed.push(("trust".to_owned(), to.role.arn.clone(), reasons));
    }
    Some(Edge { method, allowed })
}

/// The method's requests, each allowed, with what allowed them.
fn requests(method: &'static Method, from: &Principal, to: &Principal) -> Option<Allowed> {
    let mut allowed = Vec::new();
    let mut done = vec![false; method.needs.len()];
    for (i, need) in method.needs.iter().enumerate() {
        if done[i] {
            continue;
        }
        // The requests on one resource the role creates or takes over must all be allowed on
        // one name: a function it may create but not invoke is no way in.
        let members: Vec<usize> = (i..method.needs.len())
            .filter(|&j| {
                let n = &method.needs[j];
                let same =
                    j == i || (n.on == need.on && matches!(n.on, On::New(_) | On::Existing(_)));
                same && !done[j]
            })
            .collect();
        for &j in &members {
            done[j] = true;
        }
        let group: Vec<&Need> = members.iter().map(|&j| &method.needs[j]).collect();
        let mut candidates: Vec<String> = Vec::new();
        for n in &group {
            for r in resources(&n.on, &n.action, from, to) {
                if !candidates.contains(&r) {
                    candidates.push(r);
                }
            }
        }
        let found = candidates.iter().find_map(|r| {
            group
                .iter()
                .map(|n| {
                    let context: Vec<(String, String)> = n
                        .context
                        .iter()
                        .map(|(k, v)| (k.clone(), from.place(v)))
                        .collect();
                    from.allows(&n.action, r, &context)
                        .map(|reasons| (n.action.clone(), r.clone(), reasons))
                })
                .collect::<Option<Vec<_>>>()
        })?;
        allowed.extend(found);
    }
    Some(allowed)
}

/// The resources a request may be made on; any one allowed is enough.
fn resources(on: &On, action: &str, from: &Principal, to: &Principal) -> Vec<String> {
    match on {
        On::Own | On::Target => vec![to.role.arn.clone()],
        On::OwnPolicy | On::TargetPolicy => to.policy_arns.clone(),
        On::Any => vec!["*".to_owned()],
        On::Named(template) => vec![from.place(template)],
        // The role names what it creates, and may take over any existing resource its
        // statements name: any name they allow will do, so each of its resource patterns for
        // the action stands for one such name.
        On::New(template) | On::Existing(template) => {
            let made = from.place(template);
            let mut all = vec![made.clone()];
            all.extend(
                own_patterns(from, action)
                    .into_iter()
                    .filter(|p| same_type(p, &made)),
            );
            all
        }
    }
}

/// The `Resource` patterns of the role's Allow statements whose `Action` names `action`
/// exactly or by a pattern (the evaluator then decides, denies included).
fn own_patterns(from: &Principal, action: &str) -> Vec<String> {
    let mut out = Vec::new();
    for policy in &from.role.identity_policies {
        let statements = match &policy.policy["Statement"] {
            serde_json::Value::Array(list) => list.iter().collect(),
            other @ serde_json::Value::Object(_) => vec![other],
            _ => Vec::new(),
        };
        for statement in statements {
            if statement["Effect"] != "Allow" || !names(&statement["Action"], action) {
                continue;
            }
            for resource in strings(&statement["Resource"]) {
                if resource != "*" && !out.iter().any(|r| r == resource) {
                    out.push(resource.to_owned());
                }
            }
        }
    }
    out
}

/// Whether `pattern` can name a resource of the type of `arn` (`instance/...`, `function:...`):
/// an action on several types (`ec2:RunInstances` on a subnet, an image, ...) must be allowed
/// on the one the method creates, so a pattern of another type stands for nothing here.
fn same_type(pattern: &str, arn: &str) -> bool {
    let kind = |text: &str| -> Option<String> {
        let resource = text.splitn(6, ':').nth(5)?;
        Some(resource.split(['/', ':']).next()?.to_owned())
    };
    match (kind(pattern), kind(arn)) {
        (Some(p), Some(a)) => wildmatch::WildMatch::new(&p).matches(&a),
        _ => false,
    }
}

fn names(actions: &serde_json::Value, action: &str) -> bool {
    strings(actions).into_iter().any(|pattern| {
        let (Some((ps, pa)), Some((s, a))) = (pattern.split_once(':'), action.split_once(':'))
        else {
            return pattern == "*";
        };
        ps.eq_ignore_ascii_case(s) && wildmatch::WildMatch::new_case_insensitive(pa).matches(a)
    })
}

pub fn strings(value: &serde_json::Value) -> Vec<&str> {
    match value {
        serde_json::Value::String(s) => vec![s.as_str()],
        serde_json::Value::Array(list) => list.iter().filter_map(|v| v.as_str()).collect(),
        _ => Vec::new(),
    }
}

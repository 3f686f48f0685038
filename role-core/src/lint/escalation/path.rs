//! The graph "role A can become role B" over the project's roles, searched breadth first from
//! each role for the nearest role that is more than it: an administrator, or one that may do
//! something it may not. One finding a role, with the shortest path as its steps.

use std::collections::{BTreeMap, VecDeque};

use role_eval::Reason;

use super::edges::{self, Edge, Untargeted};
use super::methods::{self, Kind};
use super::principal::{self, Principal};
use super::{ESCALATION_PATH, SELF_ESCALATION};
use crate::diag::Spot;
use crate::lint::{Lint, Step};
use crate::project::Project;

/// A finding across roles, for the role at `Project::found[index]`.
pub struct Found {
    pub lint: &'static Lint,
    pub spot: Spot,
    pub message: String,
    pub path: Vec<Step>,
}

/// The escalation findings of every role, by its index in `project.found`.
pub fn across(project: &Project) -> BTreeMap<usize, Found> {
    let roles = principal::all(project);
    let all = methods::all();
    let n = roles.len();
    let admin: Vec<Option<Edge>> = roles
        .iter()
        .map(|r| edges::first(all, Kind::SelfAdmin, r, r, &mut Untargeted::default()))
        .collect();
    let mut become_: Vec<Vec<Option<Edge>>> = vec![vec![None; n]; n];
    let mut grant: Vec<Vec<Option<Edge>>> = vec![vec![None; n]; n];
    for (i, from) in roles.iter().enumerate() {
        let known = &mut Untargeted::default();
        for (j, to) in roles.iter().enumerate().filter(|(j, _)| *j != i) {
            // A certain way in is named before a possible one.
            become_[i][j] = edges::first(all, Kind::Become, from, to, known)
                .or_else(|| edges::first(all, Kind::Takeover, from, to, known));
            // A boundary caps what a granted policy gives: the target stays what it was.
            if !to.has_boundary {
                grant[i][j] = edges::first(all, Kind::Grant, from, to, known);
            }
        }
    }
    let mut out = BTreeMap::new();
    for (i, role) in roles.iter().enumerate() {
        if let Some(edge) = &admin[i] {
            if by_admin_policy(edge) {
                continue;
            }
            out.insert(
                role.origin.found,
                Found {
                    lint: &SELF_ESCALATION,
                    spot: role.origin.spot,
                    message: format!(
                        "role `{}` may give itself any permission ({}){}",
                        role.ident,
                        edge.method.name,
                        provided(caveat(role, role, edge).as_slice())
                    ),
                    path: vec![step(role, role, edge, None)],
                },
            );
            continue;
        }
        if let Some(found) = search(i, &roles, &admin, &become_, &grant) {
            out.insert(role.origin.found, found);
        }
    }
    out
}

/// Breadth first over "can become" from role `start`; the first role reached that is more
/// than `start` ends it.
fn search(
    start: usize,
    roles: &[Principal],
    admin: &[Option<Edge>],
    become_: &[Vec<Option<Edge>>],
    grant: &[Vec<Option<Edge>>],
) -> Option<Found> {
    let me = &roles[start];
    let mut parent: Vec<Option<usize>> = vec![None; roles.len()];
    let mut seen = vec![false; roles.len()];
    seen[start] = true;
    let mut queue = VecDeque::from([start]);
    while let Some(x) = queue.pop_front() {
        let hops = || hops_to(x, start, &parent, roles, become_, me);
        if x != start {
            if let Some(edge) = &admin[x] {
                let (mut path, mut ifs) = hops();
                path.push(step(&roles[x], &roles[x], edge, Some(me)));
                ifs.extend(caveat(&roles[x], &roles[x], edge));
                let what = "an administrator".to_owned();
                return Some(finding(me, &roles[x], what, path, &ifs));
            }
            if let Some(gain) = super::power::gain(&roles[x], me) {
                let what = format!("which may make {gain}");
                let (path, ifs) = hops();
                return Some(finding(me, &roles[x], what, path, &ifs));
            }
        }
        for y in 0..roles.len() {
            if let (Some(g), Some(b)) = (&grant[x][y], &become_[x][y]) {
                let (mut path, mut ifs) = hops();
                path.push(step(&roles[x], &roles[y], g, Some(me)));
                path.push(step(&roles[x], &roles[y], b, Some(me)));
                ifs.extend(caveat(&roles[x], &roles[y], b));
                let what = "an administrator once granted more".to_owned();
                return Some(finding(me, &roles[y], what, path, &ifs));
            }
        }
        for y in 0..roles.len() {
            if !seen[y] && become_[x][y].is_some() {
                seen[y] = true;
                parent[y] = Some(x);
                queue.push_back(y);
            }
        }
    }
    None
}

/// The steps from `start` to `x`, one a hop, and what they depend on.
fn hops_to(
    x: usize,
    start: usize,
    parent: &[Option<usize>],
    roles: &[Principal],
    become_: &[Vec<Option<Edge>>],
    me: &Principal,
) -> (Vec<Step>, Vec<String>) {
    let mut chain = vec![x];
    let mut at = x;
    while let Some(p) = parent[at] {
        chain.push(p);
        at = p;
    }
    chain.reverse();
    debug_assert_eq!(chain.first(), Some(&start));
    let mut steps = Vec::new();
    let mut ifs = Vec::new();
    for w in chain.windows(2) {
        let Some(edge) = become_[w[0]][w[1]].as_ref() else {
            continue;
        };
        steps.push(step(&roles[w[0]], &roles[w[1]], edge, Some(me)));
        ifs.extend(caveat(&roles[w[0]], &roles[w[1]], edge));
    }
    (steps, ifs)
}

fn finding(
    me: &Principal,
    target: &Principal,
    what: String,
    path: Vec<Step>,
    ifs: &[String],
) -> Found {
    let hops = path.len();
    Found {
        lint: &ESCALATION_PATH,
        spot: me.origin.spot,
        message: format!(
            "role `{}` can obtain the permissions of role `{}`, {what}, in {hops} step{}{}",
            me.ident,
            target.ident,
            if hops == 1 { "" } else { "s" },
            provided(ifs)
        ),
        path,
    }
}

/// What a step depends on that the project cannot tell (`if:` of its method), with the roles
/// named.
fn caveat(from: &Principal, to: &Principal, edge: &Edge) -> Option<String> {
    let text = edge.method.caveat.as_deref()?;
    Some(
        text.replace("{from}", &format!("`{}`", from.ident))
            .replace("{target}", &format!("`{}`", to.ident)),
    )
}

/// `, if A, and if B` for the caveats of a path: a possible path says so.
fn provided(ifs: &[String]) -> String {
    if ifs.is_empty() {
        return String::new();
    }
    format!(", if {}", ifs.join(", and if "))
}

/// One step: who uses which method on whom, and the statements that allow each request.
fn step(from: &Principal, to: &Principal, edge: &Edge, finder: Option<&Principal>) -> Step {
    let on = if std::ptr::eq(from, to) {
        "itself".to_owned()
    } else {
        format!("`{}`", to.ident)
    };
    let mut why = Vec::new();
    let mut spot = None;
    for (action, resource, reasons) in &edge.allowed {
        let by: Vec<String> = reasons.iter().map(describe).collect();
        if action == "trust" {
            why.push(format!(
                "the trust of `{}` lets it in ({})",
                to.ident,
                by.join(", ")
            ));
            continue;
        }
        if spot.is_none() {
            spot = reasons.iter().find_map(|r| from.spot_of(r));
        }
        why.push(format!("`{action}` on `{resource}` ({})", by.join(", ")));
    }
    let same_file = finder.is_none_or(|f| f.origin.file == from.origin.file);
    let provided = provided(caveat(from, to, edge).as_slice());
    Step {
        message: format!(
            "`{}` -> {on}: {} ({}){provided}: {}",
            from.ident,
            edge.method.name,
            edge.method.id,
            why.join("; ")
        ),
        spot: spot.or(Some(from.origin.spot)),
        file: (!same_file).then_some(from.origin.file),
    }
}

/// Whether only an AWS managed policy that RL401 reports allows the method: the role is an
/// administrator by design, and RL401 already says so.
fn by_admin_policy(edge: &Edge) -> bool {
    edge.allowed.iter().all(|(_, _, reasons)| {
        reasons.iter().all(|r| {
            r.policy.as_deref().is_some_and(|p| {
                p.ends_with(":policy/AdministratorAccess") || p.ends_with(":policy/IAMFullAccess")
            })
        })
    })
}

fn describe(reason: &Reason) -> String {
    let policy = match (reason.policy_type.as_str(), reason.policy.as_deref()) {
        ("resource", _) | (_, None) => "the trust policy",
        (_, Some(name)) => &format!("`{name}`"),
    };
    match (&reason.sid, reason.statement) {
        (Some(sid), _) => format!("statement `{sid}` of {policy}"),
        (None, Some(i)) => format!("statement {} of {policy}", i + 1),
        (None, None) => policy.to_owned(),
    }
}

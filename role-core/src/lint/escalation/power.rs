//! "Can that role do something this one cannot?": the question that makes reaching a role an
//! escalation. It is asked of the target's own Allow statements, each action (wildcards
//! expanded with the catalogue) on each resource as written, so a target whose grants are all
//! held already, or only under conditions that no plain request meets, is no gain.

use super::edges::strings;
use super::principal::Principal;
use crate::catalogue::Catalogue;

/// Enough requests to find a difference in any real role, few enough to stay fast on a role
/// with `"*"`-wide statements.
const MOST_PROBES: usize = 4000;

/// One request `target` may make and `from` may not, as `action on resource`.
pub fn gain(target: &Principal, from: &Principal) -> Option<String> {
    let catalogue = Catalogue::current().ok();
    let mut probes = 0;
    for policy in &target.role.identity_policies {
        let statements = match &policy.policy["Statement"] {
            serde_json::Value::Array(list) => list.iter().collect(),
            other @ serde_json::Value::Object(_) => vec![other],
            _ => Vec::new(),
        };
        for statement in statements {
            if statement["Effect"] != "Allow" {
                continue;
            }
            let resources = strings(&statement["Resource"]);
            for pattern in strings(&statement["Action"]) {
                for action in expand(catalogue, pattern) {
                    for resource in &resources {
                        probes += 1;
                        if probes > MOST_PROBES {
                            return None;
                        }
                        if target.allows(&action, resource, &[]).is_some()
                            && from.allows(&action, resource, &[]).is_none()
                        {
                            return Some(format!("`{action}` on `{resource}`"));
                        }
                    }
                }
            }
        }
    }
    None
}

/// The actions a pattern names; a pattern the catalogue does not know is asked as written.
fn expand(catalogue: Option<&Catalogue>, pattern: &str) -> Vec<String> {
    if !pattern.contains(['*', '?']) {
        return vec![pattern.to_owned()];
    }
    catalogue.map_or_else(Vec::new, |c| {
        c.actions_matching(pattern)
            .iter()
            .map(|a| a.full_name())
            .collect()
    })
}

//! Every role and policy a binary links, so that an application can list, render or use its own
//! roles at run time with the same renderers as the CLI.

use role_model::env::Env;
use role_model::model::{Bundle, Policy, Role};
use role_model::render::{self, Format, RenderError, Rendered};

/// One registered declaration; the macros submit one per `#[role]` and `#[policy]`.
#[doc(hidden)]
pub enum Entry {
    Role(fn() -> &'static Role),
    Policy(fn() -> &'static Policy),
}

inventory::collect!(Entry);

/// Every role linked into this binary, ordered by identifier (link order is not stable).
pub fn roles() -> Vec<&'static Role> {
    let mut roles: Vec<&'static Role> = inventory::iter::<Entry>()
        .filter_map(|e| {
            if let Entry::Role(f) = e {
                Some(f())
            } else {
                None
            }
        })
        .collect();
    roles.sort_by(|a, b| a.ident.cmp(&b.ident));
    roles
}

/// Every `#[policy]` linked into this binary, ordered by identifier.
pub fn policies() -> Vec<&'static Policy> {
    let mut policies: Vec<&'static Policy> = inventory::iter::<Entry>()
        .filter_map(|e| {
            if let Entry::Policy(f) = e {
                Some(f())
            } else {
                None
            }
        })
        .collect();
    policies.sort_by(|a, b| a.ident.cmp(&b.ident));
    policies
}

/// Every linked role and policy, as one bundle for the renderers.
pub fn bundle() -> Bundle {
    Bundle {
        roles: roles().into_iter().cloned().collect(),
        policies: policies().into_iter().cloned().collect(),
    }
}

/// Renders every linked role and policy, as `role-cli render --format` would.
pub fn render(format: Format, env: &Env) -> Result<Rendered, RenderError> {
    render::render(&bundle(), format, env)
}

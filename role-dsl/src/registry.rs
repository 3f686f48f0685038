//! Every role and policy a binary links, so that an application can list, render or use its own
//! roles at run time with the same renderers as the CLI.
//!
//! Each `#[role]` and `#[policy]` registers itself before `main` runs, from a constructor the
//! platform calls at load time (`.init_array` on ELF, `__mod_init_func` on Mach-O, `.CRT$XCU` on
//! Windows: the sections and the platform list are `inventory`'s). The macro's expansion is one
//! static holding a generic function of this module, rather than `inventory::submit!`: that costs
//! `cargo check` about 0.65 ms of CPU per struct (its macro layers, a node static and a
//! constructor function each), against next to nothing for one static (measured on 200 items; see
//! BENCHMARKS.md). On targets without load-time constructors (wasm), nothing is registered.

use std::sync::Mutex;

use role_model::env::Env;
use role_model::model::{Bundle, Policy, Role};
use role_model::render::{self, Format, RenderError, Rendered};

/// One registered declaration.
#[doc(hidden)]
pub enum Entry {
    Role(fn() -> &'static Role),
    Policy(fn() -> &'static Policy),
}

/// The declarations registered so far; filled before `main`, read after.
static ENTRIES: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

fn register(entry: Entry) {
    ENTRIES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(entry);
}

/// The constructor of a `#[role]` struct: what its expansion's static points at.
#[doc(hidden)]
pub extern "C" fn register_role<T: crate::Role>() {
    register(Entry::Role(T::definition));
}

/// The constructor of a `#[policy]` struct.
#[doc(hidden)]
pub extern "C" fn register_policy<T: crate::Policy>() {
    register(Entry::Policy(T::definition));
}

fn entries<T>(pick: impl Fn(&Entry) -> Option<T>) -> Vec<T> {
    ENTRIES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .filter_map(pick)
        .collect()
}

/// Every role linked into this binary, ordered by identifier (link order is not stable).
pub fn roles() -> Vec<&'static Role> {
    let mut roles = entries(|e| match e {
        Entry::Role(f) => Some(f()),
        Entry::Policy(_) => None,
    });
    roles.sort_by(|a, b| a.ident.cmp(&b.ident));
    roles
}

/// Every `#[policy]` linked into this binary, ordered by identifier.
pub fn policies() -> Vec<&'static Policy> {
    let mut policies = entries(|e| match e {
        Entry::Policy(f) => Some(f()),
        Entry::Role(_) => None,
    });
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

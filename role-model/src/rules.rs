//! The rules that look at several structs at once, or at what one struct attaches: one definition,
//! read by the validator (one struct), by `role-cli check` (every struct found) and by every
//! render, so that what `check` passes always renders.

use std::collections::HashMap;

use crate::model::{Bundle, ParamKind, Template};

/// A role or policy of a bundle, by its place there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    Role(usize),
    Policy(usize),
}

impl Item {
    /// The struct's identifier.
    pub fn ident(self, bundle: &Bundle) -> &str {
        match self {
            Item::Role(i) => &bundle.roles[i].ident,
            Item::Policy(i) => &bundle.policies[i].ident,
        }
    }

    fn attr(self) -> &'static str {
        match self {
            Item::Role(_) => "#[role]",
            Item::Policy(_) => "#[policy]",
        }
    }
}

/// One broken rule; `second` (or `role`) is the item that breaks it, where a finding points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// Two structs with one identifier: it names their CloudFormation and Terraform resources.
    SameIdent { first: Item, second: Item },
    /// Two roles, two policies or two instance profiles whose names IAM takes for the same
    /// (it compares names ignoring case).
    SameName {
        first: Item,
        second: Item,
        what: &'static str,
        name: Template,
    },
    /// `policies(...)` names a struct that is not among the `#[policy]`s.
    UnknownPolicy { role: usize, policy: String },
    /// A role attaches one `#[policy]` twice (perhaps through two paths).
    PolicyAttachedTwice { role: usize, policy: String },
    /// A role lists one managed policy ARN twice.
    ManagedAttachedTwice { role: usize, arn: Template },
    /// A parameter name is a list in one struct and text in another; one render declares one
    /// parameter of each name.
    ParamKinds {
        name: String,
        first: Item,
        second: Item,
        /// The kind it has in `second`.
        second_kind: ParamKind,
    },
}

impl Conflict {
    /// The item the finding belongs to.
    pub fn item(&self) -> Item {
        match self {
            Conflict::SameIdent { second, .. }
            | Conflict::SameName { second, .. }
            | Conflict::ParamKinds { second, .. } => *second,
            Conflict::UnknownPolicy { role, .. }
            | Conflict::PolicyAttachedTwice { role, .. }
            | Conflict::ManagedAttachedTwice { role, .. } => Item::Role(*role),
        }
    }

    /// The other item involved, when there is one.
    pub fn other(&self) -> Option<Item> {
        match self {
            Conflict::SameIdent { first, .. }
            | Conflict::SameName { first, .. }
            | Conflict::ParamKinds { first, .. } => Some(*first),
            _ => None,
        }
    }

    /// The message, in the words every front end uses.
    pub fn message(&self, bundle: &Bundle) -> String {
        match self {
            Conflict::SameIdent { second, .. } => {
                format!("`{}` is declared twice", second.ident(bundle))
            }
            Conflict::SameName {
                first, what, name, ..
            } => format!(
                "{what} `{name}` is also the name of `{}` (IAM compares names ignoring case; they must be unique in an account)",
                first.ident(bundle)
            ),
            Conflict::UnknownPolicy { role, policy } => format!(
                "role `{}` attaches `{policy}`, which is not a #[policy] among those read",
                bundle.roles[*role].ident
            ),
            Conflict::PolicyAttachedTwice { role, policy } => format!(
                "role `{}` attaches the #[policy] `{policy}` twice",
                bundle.roles[*role].ident
            ),
            Conflict::ManagedAttachedTwice { role, arn } => format!(
                "role `{}` attaches the managed policy `{arn}` twice",
                bundle.roles[*role].ident
            ),
            Conflict::ParamKinds {
                name,
                first,
                second_kind,
                ..
            } => {
                let (here, there) = match second_kind {
                    ParamKind::List => ("a list", "a string"),
                    ParamKind::Text => ("a string", "a list"),
                };
                format!(
                    "parameter `{name}` is {here} here and {there} in `{}`; one render declares one parameter of each name",
                    first.ident(bundle)
                )
            }
        }
    }

    /// The fix, where one is known.
    pub fn help(&self) -> Option<String> {
        match self {
            Conflict::SameIdent { first, .. } => Some(format!(
                "the other is a {}; rename one: identifiers name CloudFormation and Terraform resources",
                first.attr()
            )),
            Conflict::SameName { .. } => Some("give one of them another `name`".to_owned()),
            Conflict::UnknownPolicy { .. } => {
                Some("declare it with #[policy(...)], or include the file that does".to_owned())
            }
            Conflict::PolicyAttachedTwice { .. } | Conflict::ManagedAttachedTwice { .. } => {
                Some("list each policy once".to_owned())
            }
            Conflict::ParamKinds { .. } => Some("rename one of the fields".to_owned()),
        }
    }
}

/// Every broken rule of `bundle`, in bundle order. Linear in the bundle's size: a render may hold
/// thousands of structs.
pub fn conflicts(bundle: &Bundle) -> Vec<Conflict> {
    let mut out = Vec::new();
    let items = bundle
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| (Item::Role(i), r.ident.as_str()))
        .chain(
            bundle
                .policies
                .iter()
                .enumerate()
                .map(|(i, p)| (Item::Policy(i), p.ident.as_str())),
        );
    let mut idents: HashMap<&str, Item> = HashMap::new();
    for (item, ident) in items {
        if let Some(first) = idents.get(ident) {
            out.push(Conflict::SameIdent {
                first: *first,
                second: item,
            });
        } else {
            idents.insert(ident, item);
        }
    }
    same_names(bundle, &mut out);
    attachments(bundle, &mut out);
    param_kinds(bundle, &mut out);
    out
}

/// A name's key for comparing names: its parts, text lowercased as IAM compares names.
fn name_key(name: &Template) -> String {
    name.0
        .iter()
        .map(|part| match part {
            crate::model::Part::Text(t) => format!("t{}\u{0}", t.to_ascii_lowercase()),
            other => format!("p{other:?}\u{0}"),
        })
        .collect()
}

fn same_names(bundle: &Bundle, out: &mut Vec<Conflict>) {
    let mut roles: HashMap<String, Item> = HashMap::new();
    let mut profiles: HashMap<String, Item> = HashMap::new();
    for (i, role) in bundle.roles.iter().enumerate() {
        let item = Item::Role(i);
        let mut check = |seen: &mut HashMap<String, Item>, name: &Template, what| match seen
            .get(&name_key(name))
        {
            Some(first) => out.push(Conflict::SameName {
                first: *first,
                second: item,
                what,
                name: name.clone(),
            }),
            None => {
                seen.insert(name_key(name), item);
            }
        };
        check(&mut roles, &role.name, "role name");
        if let Some(profile) = &role.instance_profile {
            check(&mut profiles, profile, "instance profile name");
        }
    }
    let mut policies: HashMap<String, Item> = HashMap::new();
    for (i, policy) in bundle.policies.iter().enumerate() {
        let key = name_key(&policy.name);
        match policies.get(&key) {
            Some(first) => out.push(Conflict::SameName {
                first: *first,
                second: Item::Policy(i),
                what: "policy name",
                name: policy.name.clone(),
            }),
            None => {
                policies.insert(key, Item::Policy(i));
            }
        }
    }
}

fn attachments(bundle: &Bundle, out: &mut Vec<Conflict>) {
    let index = bundle.policy_index();
    for (i, role) in bundle.roles.iter().enumerate() {
        for (n, policy) in role.policies.iter().enumerate() {
            if role.policies[..n].contains(policy) {
                out.push(Conflict::PolicyAttachedTwice {
                    role: i,
                    policy: policy.clone(),
                });
            } else if !index.contains_key(policy.as_str()) {
                out.push(Conflict::UnknownPolicy {
                    role: i,
                    policy: policy.clone(),
                });
            }
        }
        for (n, arn) in role.managed.iter().enumerate() {
            if role.managed[..n].iter().any(|a| a.same_name(arn)) {
                out.push(Conflict::ManagedAttachedTwice {
                    role: i,
                    arn: arn.clone(),
                });
            }
        }
    }
}

fn param_kinds(bundle: &Bundle, out: &mut Vec<Conflict>) {
    let mut seen: HashMap<&str, (ParamKind, Item)> = HashMap::new();
    let roles = bundle
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| (Item::Role(i), &r.params));
    let policies = bundle
        .policies
        .iter()
        .enumerate()
        .map(|(i, p)| (Item::Policy(i), &p.params));
    for (item, params) in roles.chain(policies) {
        for param in params {
            match seen.get(param.name.as_str()) {
                Some((kind, first)) if *kind != param.kind => {
                    out.push(Conflict::ParamKinds {
                        name: param.name.clone(),
                        first: *first,
                        second: item,
                        second_kind: param.kind,
                    });
                }
                Some(_) => {}
                None => {
                    seen.insert(&param.name, (param.kind, item));
                }
            }
        }
    }
}

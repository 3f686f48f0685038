//! Rust names for what the input names its own way: struct identifiers from logical ids and
//! resource names, field names from parameters and variables, each unique and none a keyword,
//! a pseudo-parameter's name or a name Terraform keeps for itself.

use std::collections::{HashMap, HashSet};

use super::{FieldIn, Found, Note, NoteKind, Tv};
use crate::model::{Part, Pseudo, Template};
use crate::render::names::snake_case;
use crate::render::terraform::RESERVED_VARIABLE_NAMES;

/// `node-role`, `NodeRole`, `node_role` → `NodeRole`; a name starting with a digit gets a
/// leading `R` (for role) or `P` (for policy) given by `lead`.
pub fn struct_ident(raw: &str, lead: char) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in raw.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, lead);
    }
    out
}

/// `ClusterName`, `cluster-name`, `cluster.name` → `cluster_name`, never a keyword, a
/// pseudo-parameter or a name Terraform keeps (`count` → `count_value`).
pub fn field_ident(raw: &str) -> String {
    let words: Vec<String> = raw
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(snake_case)
        .collect();
    let mut name = words.join("_");
    if name.is_empty() {
        name = "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "field_");
    }
    let reserved = Pseudo::from_placeholder(&name).is_some()
        || RESERVED_VARIABLE_NAMES.contains(&name.as_str())
        || syn::parse_str::<syn::Ident>(&name).is_err();
    if reserved {
        name.push_str("_value");
    }
    name
}

/// The fields whose names are not Rust field names, and what they become.
pub fn field_renames(fields: &[FieldIn]) -> HashMap<String, String> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut renames = HashMap::new();
    for field in fields {
        let mut name = field_ident(&field.name);
        let base = name.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        if name != field.name {
            renames.insert(field.name.clone(), name);
        }
    }
    renames
}

/// Applies the renames to the fields and to every placeholder naming them.
pub fn rename_fields(found: &mut Found, renames: &HashMap<String, String>) {
    for field in &mut found.fields {
        if let Some(new) = renames.get(&field.name) {
            field.name = new.clone();
        }
    }
    let rename = |template: &mut Template| {
        for part in &mut template.0 {
            if let Part::Field(name) | Part::List(name) = part
                && let Some(new) = renames.get(name.as_str())
            {
                *name = new.clone();
            }
        }
    };
    for role in &mut found.roles {
        let templates = role
            .name
            .iter_mut()
            .chain(role.description.iter_mut())
            .chain(role.path.iter_mut())
            .chain(role.managed.iter_mut())
            .chain(role.boundary.iter_mut())
            .chain(role.tags.iter_mut().map(|(_, v)| v))
            .chain(role.instance_profile.iter_mut().flatten());
        templates.for_each(rename);
        role.trust
            .iter_mut()
            .chain(role.inline.iter_mut())
            .for_each(|d| each_template(d, &rename));
    }
    for policy in &mut found.policies {
        let templates = policy
            .name
            .iter_mut()
            .chain(policy.description.iter_mut())
            .chain(policy.path.iter_mut())
            .chain(policy.tags.iter_mut().map(|(_, v)| v));
        templates.for_each(rename);
        each_template(&mut policy.document, &rename);
    }
}

fn each_template(value: &mut Tv, f: &impl Fn(&mut Template)) {
    match value {
        Tv::Str(t) => f(t),
        Tv::List(items) => items.iter_mut().for_each(|v| each_template(v, f)),
        Tv::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            f(k);
            each_template(v, f);
        }),
        Tv::Null | Tv::Bool(_) | Tv::Number(_) => {}
    }
}

/// `karpenter.yaml` → `karpenter`, `eks-node.tf.json` → `eks_node`, `infra/iam/` → `iam`: a
/// Rust module name.
pub fn module_name(path: &str) -> String {
    let name = std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("imported");
    let stem = name.split('.').next().unwrap_or(name);
    let words: Vec<String> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(snake_case)
        .collect();
    let mut module = words.join("_");
    if module.is_empty() || module.starts_with(|c: char| c.is_ascii_digit()) {
        module.insert_str(0, "imported_");
    }
    // Not a keyword, and not a crate root or `mod.rs` that `--out src` would overwrite.
    let reserved = ["main", "lib", "mod", "build"].contains(&module.as_str())
        || syn::parse_str::<syn::Ident>(&module).is_err();
    if reserved {
        module.push_str("_roles");
    }
    module
}

/// The struct identifiers of the roles and the policies of one input, in their order.
pub struct Idents {
    pub roles: Vec<String>,
    pub policies: Vec<String>,
}

impl Idents {
    /// The identifier given to the policy the reader called `raw`.
    pub fn policy_of(&self, found: &Found, raw: &str) -> Option<String> {
        let at = found.policies.iter().position(|p| p.ident == raw)?;
        Some(self.policies[at].clone())
    }
}

/// Gives every role and policy an identifier not yet `taken` (in this input or an earlier one);
/// a clash is resolved with a number, and noted.
pub fn struct_idents(found: &Found, taken: &mut HashSet<String>, notes: &mut Vec<Note>) -> Idents {
    let mut give = |raw: &str, lead: char, place: &super::Place| {
        let base = struct_ident(raw, lead);
        let mut ident = base.clone();
        let mut n = 2;
        while !taken.insert(ident.clone()) {
            ident = format!("{base}{n}");
            n += 1;
        }
        if ident != base {
            notes.push(Note {
                place: place.clone(),
                kind: NoteKind::Changed,
                message: format!("`{base}` is taken by another role or policy of this import; this one is `{ident}`"),
            });
        }
        ident
    };
    let roles = found
        .roles
        .iter()
        .map(|r| give(&r.ident, 'R', &r.place))
        .collect();
    let policies = found
        .policies
        .iter()
        .map(|p| give(&p.ident, 'P', &p.place))
        .collect();
    Idents { roles, policies }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_rust_names_no_output_refuses() {
        assert_eq!(field_ident("ClusterName"), "cluster_name");
        assert_eq!(field_ident("cluster-name"), "cluster_name");
        assert_eq!(field_ident("OIDCProviderArn"), "oidc_provider_arn");
        assert_eq!(field_ident("type"), "type_value");
        assert_eq!(field_ident("count"), "count_value");
        assert_eq!(field_ident("region"), "region_value");
        assert_eq!(field_ident("3az"), "field_3az");
        assert_eq!(field_ident(""), "value");
    }

    #[test]
    fn structs_are_upper_camel_case() {
        assert_eq!(struct_ident("node-role", 'R'), "NodeRole");
        assert_eq!(struct_ident("NodeRole", 'R'), "NodeRole");
        assert_eq!(struct_ident("node_role", 'R'), "NodeRole");
        assert_eq!(struct_ident("2fa", 'P'), "P2fa");
    }

    #[test]
    fn modules_never_replace_a_crate_root() {
        assert_eq!(module_name("karpenter.yaml"), "karpenter");
        assert_eq!(module_name("infra/eks-node.tf.json"), "eks_node");
        assert_eq!(module_name("infra/iam"), "iam");
        assert_eq!(module_name("main.tf"), "main_roles");
        assert_eq!(module_name("type.json"), "type_roles");
        assert_eq!(module_name("1.json"), "imported_1");
    }
}

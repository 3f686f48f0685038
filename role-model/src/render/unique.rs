//! What must be unique across one render. Each struct is valid on its own, but a bundle brings
//! several together, and two of them may claim the same identifier, name or output name.

use std::collections::HashSet;

use super::RenderError;
use crate::model::{Bundle, Part, Policy, PolicyIndex, Role, Template};

/// Names of one kind seen so far; inserting one twice is a [`RenderError::Duplicate`].
pub struct Unique {
    what: String,
    /// IAM names differ by more than case (`LogWriter` and `logwriter` are the same role), and so
    /// do files on some file systems.
    ignore_case: bool,
    seen: HashSet<String>,
}

impl Unique {
    pub fn new(what: impl Into<String>) -> Unique {
        Unique {
            what: what.into(),
            ignore_case: false,
            seen: HashSet::new(),
        }
    }

    pub fn ignoring_case(what: impl Into<String>) -> Unique {
        Unique {
            ignore_case: true,
            ..Unique::new(what)
        }
    }

    pub fn insert(&mut self, name: &str) -> Result<(), RenderError> {
        let key = if self.ignore_case {
            name.to_lowercase()
        } else {
            name.to_owned()
        };
        if self.seen.insert(key) {
            Ok(())
        } else {
            Err(RenderError::Duplicate {
                what: self.what.clone(),
                name: name.to_owned(),
            })
        }
    }
}

/// The checks every format needs: unique identifiers and names, and every attached `#[policy]`
/// present, attached once.
pub fn check_bundle(bundle: &Bundle) -> Result<(), RenderError> {
    let mut role_idents = Unique::new("role struct");
    let mut role_names = Unique::ignoring_case("role name");
    for role in &bundle.roles {
        role_idents.insert(&role.ident)?;
        role_names.insert(&role.name)?;
    }
    let mut policy_idents = Unique::new("policy struct");
    let mut policy_names = Unique::ignoring_case("policy name");
    for policy in &bundle.policies {
        policy_idents.insert(&policy.ident)?;
        policy_names.insert(&policy.name)?;
    }
    let index = bundle.policy_index();
    for role in &bundle.roles {
        let mut attached = Unique::new(format!("policy attached to role `{}`", role.name));
        for policy in attached_policies(role, &index)? {
            attached.insert(&policy.ident)?;
        }
        for (i, arn) in role.managed.iter().enumerate() {
            if role.managed[..i].contains(arn) {
                return Err(RenderError::Duplicate {
                    what: format!("managed policy attached to role `{}`", role.name),
                    name: as_written(arn),
                });
            }
        }
        let mut tags = Unique::new(format!("tag key of role `{}`", role.name));
        for tag in &role.tags {
            tags.insert(&tag.key)?;
        }
    }
    Ok(())
}

/// The `#[policy]`s `role` attaches, in the order written; one missing from the bundle is an
/// error.
pub fn attached_policies<'a>(
    role: &Role,
    index: &PolicyIndex<'a>,
) -> Result<Vec<&'a Policy>, RenderError> {
    role.policies
        .iter()
        .map(|ident| {
            index
                .get(ident.as_str())
                .copied()
                .ok_or_else(|| RenderError::UnknownPolicy {
                    role: role.name.clone(),
                    policy: ident.clone(),
                })
        })
        .collect()
}

/// A template as the DSL spells it, to name it in a message.
fn as_written(template: &Template) -> String {
    let mut out = String::new();
    for part in &template.0 {
        match part {
            Part::Text(text) => out.push_str(&text.replace('{', "{{").replace('}', "}}")),
            Part::Field(name) => out.push_str(&format!("{{{name}}}")),
            Part::Pseudo(pseudo) => out.push_str(&format!("{{{}}}", pseudo.placeholder())),
            Part::Var(var) => out.push_str(&format!("${{{var}}}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_differ_only_in_case_clash_when_case_is_ignored() {
        let mut names = Unique::ignoring_case("role name");
        names.insert("LogWriter").unwrap();
        let err = names.insert("logwriter").unwrap_err();
        assert_eq!(
            err.to_string(),
            "two role names are `logwriter`; each must be unique in one render"
        );
    }

    #[test]
    fn case_matters_otherwise() {
        let mut ids = Unique::new("role struct");
        ids.insert("LogWriter").unwrap();
        ids.insert("Logwriter").unwrap();
    }
}

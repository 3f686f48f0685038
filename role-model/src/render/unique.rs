//! What must be unique across one render. Each struct is valid on its own, but a bundle brings
//! several together, and two of them may claim the same identifier, name or output name.

use std::collections::HashSet;

use super::RenderError;
use crate::model::{Bundle, Policy, PolicyIndex, Role};

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

/// The checks every format needs: the bundle rules of [`crate::rules`], the first one broken.
pub fn check_bundle(bundle: &Bundle) -> Result<(), RenderError> {
    match crate::rules::conflicts(bundle).first() {
        Some(conflict) => Err(RenderError::Conflict {
            message: conflict.message(bundle),
        }),
        None => Ok(()),
    }
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
                    role: role.ident.clone(),
                    policy: ident.clone(),
                })
        })
        .collect()
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

//! Where a role is deployed, and the parameter values: what turns a [`Template`] into text. A
//! [`Resolver`] resolves the strings of a role and checks the whole values against IAM's limits,
//! which the validator could only check on their literal parts.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::limits::{Limit, PathKind, Problem};
use crate::model::{Part, Pseudo, Template};

/// The values that resolve placeholders: the partition, account and region, and a value for each
/// parameter (struct field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Env {
    pub partition: String,
    pub account_id: Option<String>,
    pub region: Option<String>,
    /// Text parameter values by field name.
    pub values: BTreeMap<String, String>,
    /// List parameter values by field name.
    pub lists: BTreeMap<String, Vec<String>>,
}

impl Default for Env {
    fn default() -> Self {
        Env {
            partition: "aws".to_owned(),
            account_id: None,
            region: None,
            values: BTreeMap::new(),
            lists: BTreeMap::new(),
        }
    }
}

/// A value that a resolution needed and did not have.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Needed {
    Param(String),
    Pseudo(Pseudo),
}

impl fmt::Display for Needed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Needed::Param(name) => write!(f, "the parameter `{name}`"),
            Needed::Pseudo(Pseudo::Partition) => f.write_str("the partition"),
            Needed::Pseudo(Pseudo::AccountId) => f.write_str("the account id"),
            Needed::Pseudo(Pseudo::Region) => f.write_str("the region"),
        }
    }
}

/// Every value that was needed and missing, named once each, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Missing(pub BTreeSet<Needed>);

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("missing values: ")?;
        for (i, needed) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{needed}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Missing {}

/// A resolved value that IAM would refuse.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Invalid {
    /// "role name `KarpenterNodeRole-{cluster}`", "the resources of a statement of role `App`".
    pub what: String,
    /// The value once resolved.
    pub value: String,
    pub reason: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} resolves to `{}`: {}",
            self.what, self.value, self.reason
        )
    }
}

/// Why a resolution failed: values missing, or values that make a string IAM refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    Missing(Missing),
    Invalid(Vec<Invalid>),
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::Missing(missing) => write!(f, "{missing}"),
            ResolveError::Invalid(invalid) => {
                for (i, one) in invalid.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{one}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ResolveError {}

impl From<Missing> for ResolveError {
    fn from(missing: Missing) -> ResolveError {
        ResolveError::Missing(missing)
    }
}

impl Env {
    pub fn pseudo(&self, pseudo: Pseudo) -> Option<&str> {
        match pseudo {
            Pseudo::Partition => Some(&self.partition),
            Pseudo::AccountId => self.account_id.as_deref(),
            Pseudo::Region => self.region.as_deref(),
        }
    }

    /// The text of `template`, with policy variables written back as `${...}`. A value that is
    /// missing is recorded in `missing` and left out of the text.
    pub fn resolve(&self, template: &Template, missing: &mut Missing) -> String {
        let mut out = String::new();
        for part in &template.0 {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Var(var) => {
                    out.push_str("${");
                    out.push_str(var);
                    out.push('}');
                }
                Part::Field(name) => match self.values.get(name) {
                    Some(value) => out.push_str(value),
                    None => {
                        missing.0.insert(Needed::Param(name.clone()));
                    }
                },
                // Only a whole element of a list holds one; `resolve_list` spreads it.
                Part::List(name) => match self.lists.get(name) {
                    Some(values) => out.push_str(&values.join(",")),
                    None => {
                        missing.0.insert(Needed::Param(name.clone()));
                    }
                },
                Part::Pseudo(pseudo) => match self.pseudo(*pseudo) {
                    Some(value) => out.push_str(value),
                    None => {
                        missing.0.insert(Needed::Pseudo(*pseudo));
                    }
                },
            }
        }
        out
    }

    /// The elements of a list as written: each template's text, and every element of a list
    /// parameter where it stands.
    pub fn resolve_list(&self, templates: &[Template], missing: &mut Missing) -> Vec<String> {
        let mut out = Vec::with_capacity(templates.len());
        for template in templates {
            match template.list() {
                Some(name) => match self.lists.get(name) {
                    Some(values) => out.extend(values.iter().cloned()),
                    None => {
                        missing.0.insert(Needed::Param(name.to_owned()));
                    }
                },
                None => out.push(self.resolve(template, missing)),
            }
        }
        out
    }
}

/// Resolves the strings of one role or policy, collecting every missing value and every value
/// outside IAM's limits, so that a caller reports them all at once.
#[derive(Debug)]
pub struct Resolver<'a> {
    pub env: &'a Env,
    pub missing: Missing,
    pub invalid: Vec<Invalid>,
}

impl<'a> Resolver<'a> {
    pub fn new(env: &'a Env) -> Resolver<'a> {
        Resolver {
            env,
            missing: Missing::default(),
            invalid: Vec::new(),
        }
    }

    pub fn text(&mut self, template: &Template) -> String {
        self.env.resolve(template, &mut self.missing)
    }

    /// The elements of a list that IAM needs at least one of (resources, principals, condition
    /// values): an empty list parameter leaves it empty, which IAM refuses.
    pub fn list(&mut self, templates: &[Template], what: impl FnOnce() -> String) -> Vec<String> {
        let values = self.env.resolve_list(templates, &mut self.missing);
        if values.is_empty() && !templates.is_empty() && self.complete(templates) {
            self.invalid.push(Invalid {
                what: what(),
                value: "[]".to_owned(),
                reason: "IAM needs at least one element; the list parameters are empty".to_owned(),
            });
        }
        values
    }

    /// The elements of a list that may be empty (managed policy ARNs).
    pub fn optional_list(&mut self, templates: &[Template]) -> Vec<String> {
        self.env.resolve_list(templates, &mut self.missing)
    }

    /// The text of `template`, checked against `limit`.
    pub fn limited(&mut self, template: &Template, limit: &Limit) -> String {
        let value = self.text(template);
        if self.complete(std::slice::from_ref(template))
            && let Err(problem) = limit.check(&value)
        {
            self.reject(format!("{} `{template}`", limit.what), &value, &problem);
        }
        value
    }

    /// A path, checked as IAM checks paths of its kind.
    pub fn path(&mut self, template: &Template, kind: PathKind) -> String {
        let value = self.text(template);
        if self.complete(std::slice::from_ref(template))
            && let Err(problem) = kind.check(&value)
        {
            self.reject(format!("path `{template}`"), &value, &problem);
        }
        value
    }

    fn reject(&mut self, what: String, value: &str, problem: &Problem) {
        self.invalid.push(Invalid {
            what,
            value: value.to_owned(),
            reason: problem.to_string(),
        });
    }

    /// Every value the templates need is there: a limit is judged on whole values only.
    fn complete(&self, templates: &[Template]) -> bool {
        let mut missing = Missing::default();
        self.env.resolve_list(templates, &mut missing);
        missing.0.is_empty()
    }

    /// The missing values first (they are what the caller must give), then the invalid ones.
    pub fn finish(self) -> Result<(), ResolveError> {
        if !self.missing.0.is_empty() {
            return Err(ResolveError::Missing(self.missing));
        }
        if !self.invalid.is_empty() {
            let mut invalid = self.invalid;
            invalid.sort();
            invalid.dedup();
            return Err(ResolveError::Invalid(invalid));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::ROLE_NAME;

    fn template(parts: Vec<Part>) -> Template {
        parts.into_iter().collect()
    }

    #[test]
    fn lists_spread_where_they_stand() {
        let env = Env {
            lists: [("arns".to_owned(), vec!["a".to_owned(), "b".to_owned()])].into(),
            ..Env::default()
        };
        let mut missing = Missing::default();
        let list = [
            Template::literal("x"),
            template(vec![Part::List("arns".into())]),
            Template::literal("y"),
        ];
        assert_eq!(env.resolve_list(&list, &mut missing), ["x", "a", "b", "y"]);
        assert!(missing.0.is_empty());
    }

    #[test]
    fn an_empty_list_where_iam_needs_an_element_is_invalid() {
        let env = Env {
            lists: [("arns".to_owned(), vec![])].into(),
            ..Env::default()
        };
        let mut resolver = Resolver::new(&env);
        resolver.list(&[template(vec![Part::List("arns".into())])], || {
            "the resources".into()
        });
        assert!(matches!(resolver.finish(), Err(ResolveError::Invalid(_))));
    }

    #[test]
    fn whole_values_are_checked_against_their_limit() {
        let env = Env {
            values: [("cluster".to_owned(), "x".repeat(60))].into(),
            ..Env::default()
        };
        let name = template(vec![
            Part::Text("KarpenterNodeRole-".into()),
            Part::Field("cluster".into()),
        ]);
        let mut resolver = Resolver::new(&env);
        resolver.limited(&name, &ROLE_NAME);
        let Err(ResolveError::Invalid(invalid)) = resolver.finish() else {
            panic!("a 78-character role name is refused")
        };
        assert_eq!(invalid[0].what, "role name `KarpenterNodeRole-{cluster}`");
        assert!(invalid[0].reason.contains("78 characters"), "{invalid:?}");
    }

    #[test]
    fn missing_values_are_named_without_command_line_flags() {
        let mut missing = Missing::default();
        Env::default().resolve(
            &template(vec![
                Part::Field("bucket".into()),
                Part::Pseudo(Pseudo::Region),
            ]),
            &mut missing,
        );
        assert_eq!(
            missing.to_string(),
            "missing values: the parameter `bucket`, the region"
        );
    }
}

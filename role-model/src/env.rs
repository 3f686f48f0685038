//! Where a role is deployed, and the parameter values: what turns a [`Template`] into text.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::model::{Part, Pseudo, Template};

/// The values that resolve placeholders: `--partition`, `--account-id`, `--region`, `--set`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Env {
    pub partition: String,
    pub account_id: Option<String>,
    pub region: Option<String>,
    /// Parameter values by field name.
    pub values: BTreeMap<String, String>,
}

impl Default for Env {
    fn default() -> Self {
        Env {
            partition: "aws".to_owned(),
            account_id: None,
            region: None,
            values: BTreeMap::new(),
        }
    }
}

/// A value that a render needed and did not have.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Needed {
    Param(String),
    Pseudo(Pseudo),
}

impl fmt::Display for Needed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Needed::Param(name) => write!(f, "`{name}` (give it with `--set {name}=VALUE`)"),
            Needed::Pseudo(Pseudo::Partition) => f.write_str("the partition (`--partition`)"),
            Needed::Pseudo(Pseudo::AccountId) => f.write_str("the account id (`--account-id`)"),
            Needed::Pseudo(Pseudo::Region) => f.write_str("the region (`--region`)"),
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
}

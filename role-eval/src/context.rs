//! The request context as the evaluator reads it: keys compared ignoring ASCII case, as IAM
//! compares condition keys, each single- or multi-valued. A view of the request's own map:
//! reading a request allocates nothing.

use std::collections::BTreeMap;

use crate::ContextValue;

#[derive(Debug, Clone, Copy)]
pub struct Context<'r> {
    entries: &'r BTreeMap<String, ContextValue>,
}

impl<'r> Context<'r> {
    pub fn new(entries: &'r BTreeMap<String, ContextValue>) -> Context<'r> {
        Context { entries }
    }

    /// The value of `key` (given in lowercase). A request holds a handful of keys: a scan
    /// beats building an index for each request.
    pub fn get(&self, key: &str) -> Option<&'r ContextValue> {
        self.entries
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }

    /// The value of a single-valued key.
    pub fn single(&self, key: &str) -> Option<&'r str> {
        match self.get(key)? {
            ContextValue::One(value) => Some(value),
            ContextValue::Many(_) => None,
        }
    }

    pub fn is_multi(&self, key: &str) -> bool {
        matches!(self.get(key), Some(ContextValue::Many(_)))
    }
}

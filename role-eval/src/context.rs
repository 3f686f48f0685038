//! The request context as the evaluator reads it: keys compared ignoring ASCII case, as IAM
//! compares condition keys, each single- or multi-valued.

use crate::ContextValue;

/// The request's context keys, lowercased once per request.
#[derive(Debug, Clone, Default)]
pub struct Context {
    entries: Vec<(String, ContextValue)>,
}

impl Context {
    pub fn new(entries: impl IntoIterator<Item = (String, ContextValue)>) -> Context {
        let mut entries: Vec<(String, ContextValue)> = entries
            .into_iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Context { entries }
    }

    /// The value of `key`, given in lowercase.
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.entries
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|at| &self.entries[at].1)
    }

    /// The value of a single-valued key.
    pub fn single(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            ContextValue::One(value) => Some(value),
            ContextValue::Many(_) => None,
        }
    }

    pub fn is_multi(&self, key: &str) -> bool {
        matches!(self.get(key), Some(ContextValue::Many(_)))
    }
}

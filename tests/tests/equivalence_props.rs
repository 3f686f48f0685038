//! For any valid declaration, every format means the documents that `--format iam` prints
//! (spec/outputs.md, "Equivalence"). Declarations are generated as DSL source text by
//! `role_fuzz::dsl` (the generator the fuzzers use), so they go through the real parser and
//! validator; those with no error are rendered in every format with an `Env` of hostile values.
//! Their strings hold every character that JSON, YAML, `Fn::Sub`, Terraform templates, policy
//! variables or the DSL's braces read specially (`role_fuzz::hostile`).
//!
//! `PROPTEST_CASES=5000 cargo test -p role-tests --test equivalence_props` runs more cases than
//! the default 128.

use std::panic::{AssertUnwindSafe, catch_unwind};

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use role_fuzz::choices::Choices;
use role_fuzz::dsl::{self, Flavour};
use role_fuzz::targets;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(128)
}

/// Runs `check` on the case the bytes give; a panic fails the case with the source and the
/// `Env` shown, since proptest alone would show only the bytes.
fn with_case(bytes: &[u8], check: impl Fn(&str, &role_model::Env)) -> Result<(), TestCaseError> {
    let case = dsl::case(&mut Choices::new(bytes), Flavour::Valid);
    catch_unwind(AssertUnwindSafe(|| check(&case.source, &case.env))).map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        TestCaseError::fail(format!(
            "{message}\n--- source ---\n{}\n--- env ---\n{}",
            case.source,
            targets::env_to_json(&case.env)
        ))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn every_format_means_the_iam_documents(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        with_case(&bytes, |source, env| {
            targets::equivalence_of_source(source, env);
        })?;
    }

    #[test]
    fn every_format_renders_the_same_bytes_twice(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        with_case(&bytes, targets::renders_of_source)?;
    }
}

/// The property above says nothing of cases that the validator rejects or a format refuses: the
/// generator must give declarations that every format renders nearly always, or the property
/// would hold vacuously.
#[test]
fn the_generator_writes_declarations_that_every_format_renders() {
    let total: usize = 200;
    let valid = (0..total)
        .filter(|i| {
            let bytes: Vec<u8> = (0..600u32)
                .map(|j| (j.wrapping_mul(2654435761).wrapping_add(*i as u32 * 40503) >> 13) as u8)
                .collect();
            let case = dsl::case(&mut Choices::new(&bytes), Flavour::Valid);
            targets::equivalence_of_source(&case.source, &case.env)
        })
        .count();
    assert!(
        valid * 10 >= total * 9,
        "only {valid} of {total} generated cases are compared"
    );
}

//! Fuzzing support: the targets (one function per entry point of the engine, each checking its
//! invariants), and the structure-aware generator of DSL source that the `dsl` and `equivalence`
//! targets and the property tests share. The libFuzzer binaries live in `fuzz/libfuzzer/`; this
//! crate builds on stable Rust with no fuzzer, so the tests can replay every crash input.

pub mod choices;
pub mod dsl;
pub mod hostile;
pub mod targets;

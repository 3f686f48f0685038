//! libFuzzer over role_fuzz::targets::evaluate (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| role_fuzz::targets::evaluate(data));

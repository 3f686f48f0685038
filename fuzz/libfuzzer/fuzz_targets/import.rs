//! libFuzzer over role_fuzz::targets::import (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| role_fuzz::targets::import(data));

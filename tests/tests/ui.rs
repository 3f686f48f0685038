//! The compile-fail suite: every finding the `#[role]` / `#[policy]` macros report, one mistake
//! per case in `tests/ui/fail/` with its expected `.stderr`, and beside each the closest valid
//! form in `tests/ui/pass/`, which must compile (plus the tricky valid forms that must never be
//! rejected). `tests/ui/warn/` holds what the macros warn about (the checks' warnings and the
//! lints of one declaration), each case denying `deprecated` so that its warning is in its
//! `.stderr`; the cases of `pass/` whose name says `accept` deny it too and must compile.
//! Regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p role-tests --test ui`, then read every one of them.
//!
//! Paths are relative to this package's directory (`tests/`), as cargo runs tests from there.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.compile_fail("ui/warn/*.rs");
    t.pass("ui/pass/*.rs");
}

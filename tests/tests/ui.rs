//! The compile-fail suite: every finding the `#[role]` / `#[policy]` macros report, one mistake
//! per case in `tests/ui/fail/` with its expected `.stderr`, and beside each the closest valid
//! form in `tests/ui/pass/`, which must compile (plus the tricky valid forms that must never be
//! rejected). Regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p role-tests --test ui`, then read every one of them.
//!
//! Paths are relative to this package's directory (`tests/`), as cargo runs tests from there.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}

//! The `#[role]` and `#[policy]` attribute macros: thin wrappers around role-core.

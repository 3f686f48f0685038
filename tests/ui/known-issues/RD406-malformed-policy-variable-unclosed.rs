// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: one error, RD406 at the literal: policy variable `${aws:username/*` has no closing `}`
// Got: RD406 AND a follow-on RD511 `s3:GetObject` cannot act on any resource of this statement` at
// the action (the resource rule reads a resource that already failed)
use role_dsl::role;

/// Lets each developer read their own home prefix.
#[role(
    trust(account = "111122223333"),
    allow("s3:GetObject", on = "arn:aws:s3:::dev-homes/${aws:username/*"),
)]
pub struct DevHome;

fn main() {}

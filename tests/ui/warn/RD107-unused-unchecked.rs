// The checks' warnings reach `cargo check` as warnings (denied here, so that the case records
// it): a stale `unchecked` entry would hide the next real mistake.
#![deny(deprecated)]

use role_dsl::role;

#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::bucket/*", unchecked = ["RD511"]),
)]
pub struct Reader;

fn main() {}

// The twin of warn/RL111-pass-any-role.rs: an `accept` with its reason silences the lint at
// compile time too, so denying `deprecated` still compiles.
#![deny(deprecated)]

use role_dsl::role;

#[role(
    trust(service = "codebuild.amazonaws.com"),
    allow(
        "iam:PassRole",
        on = "arn:aws:iam::123456789012:role/build-*",
        when(StringEquals("iam:PassedToService", "codebuild.amazonaws.com")),
    ),
    allow("dynamodb:*", on = "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
          accept("RL102", "the table is this service's own; it manages it whole")),
)]
pub struct Deployer;

fn main() {}

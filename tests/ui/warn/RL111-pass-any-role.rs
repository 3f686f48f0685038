// A lint of one declaration reaches `cargo check` as a warning at the literal (denied here, so
// that the case records it): both of iam:PassRole's, the resource and the missing condition.
#![deny(deprecated)]

use role_dsl::role;

#[role(
    trust(service = "codebuild.amazonaws.com"),
    allow("iam:PassRole", on = "*"),
)]
pub struct Deployer;

fn main() {}

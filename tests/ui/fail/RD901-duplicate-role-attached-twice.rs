use role_dsl::{policy, role};

mod shared {
    use role_dsl::policy;

    /// Read the configuration.
    #[policy(allow("s3:GetObject", on = "arn:aws:s3:::config/*"))]
    pub struct ReadConfig;
}

use shared::ReadConfig;

/// The same policy, attached through two paths.
#[role(
    trust(service = "lambda.amazonaws.com"),
    policies(ReadConfig, shared::ReadConfig),
)]
pub struct App;

#[policy(allow("s3:GetObject", on = "arn:aws:s3:::unused/*"))]
pub struct Unused;

fn main() {}

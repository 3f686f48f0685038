// The macro sees one item only: that `ReadConfig` is a #[policy] is checked by the compiler
// (`role-cli check` reports RD902 for the same mistake).
use role_dsl::{policy, role};

/// Read the shared configuration bucket.
#[policy(allow("s3:GetObject", on = "arn:aws:s3:::shared-config/*"))]
pub struct ReadConfig;

/// Lets the reporting Lambda read its configuration.
#[role(
    trust(service = "lambda.amazonaws.com"),
    policies(ReadConfig),
)]
pub struct ReportingTask;

fn main() {}

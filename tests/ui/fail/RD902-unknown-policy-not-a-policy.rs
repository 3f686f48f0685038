// The macro sees one item only: that `ReadConfig` is a #[policy] is checked by the compiler
// (`role-cli check` reports RD902 for the same mistake).
use role_dsl::role;

/// Read the shared configuration bucket.
pub struct ReadConfig;

/// Lets the reporting Lambda read its configuration.
#[role(
    trust(service = "lambda.amazonaws.com"),
    policies(ReadConfig),
)]
pub struct ReportingTask;

fn main() {}

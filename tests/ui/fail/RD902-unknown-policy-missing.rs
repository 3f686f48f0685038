// The macro sees one item only: that `ReadConfig` exists is checked by the compiler
// (`role-cli check` reports RD902 for the same mistake).
use role_dsl::role;

/// Lets the reporting Lambda read its configuration.
#[role(
    trust(service = "lambda.amazonaws.com"),
    policies(ReadConfig),
)]
pub struct ReportingTask;

fn main() {}

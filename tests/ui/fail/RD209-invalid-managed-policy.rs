use role_dsl::role;

/// Lets the reporting Lambda read every bucket of the account.
#[role(
    trust(service = "lambda.amazonaws.com"),
    managed = ["service-role/AWSLambdaBasicExecutionRole", "Amazon S3 Read Only Access"],
)]
pub struct ReportReader;

fn main() {}

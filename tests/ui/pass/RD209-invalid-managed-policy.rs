use role_dsl::role;

/// Lets the reporting Lambda read every bucket of the account.
#[role(
    trust(service = "lambda.amazonaws.com"),
    managed = ["service-role/AWSLambdaBasicExecutionRole", "AmazonS3ReadOnlyAccess"],
)]
pub struct ReportReader;

fn main() {}

use role_dsl::role;

/// Lets the reporting Lambda read its input.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", resource = "arn:aws:s3:::reporting-input/*"),
)]
pub struct ReportReader;

fn main() {}

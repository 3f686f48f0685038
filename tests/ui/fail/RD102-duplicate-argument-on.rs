use role_dsl::role;

/// Lets the reporting Lambda list and read its input bucket.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow(
        "s3:GetObject",
        "s3:ListBucket",
        on = "arn:aws:s3:::reporting-input",
        on = "arn:aws:s3:::reporting-input/*",
    ),
)]
pub struct ReportReader;

fn main() {}

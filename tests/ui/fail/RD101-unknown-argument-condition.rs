use role_dsl::role;

/// Lets the reporting Lambda read its input, over TLS only.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow(
        "s3:GetObject",
        on = "arn:aws:s3:::reporting-input/*",
        condition(Bool("aws:SecureTransport", true)),
    ),
)]
pub struct ReportReader;

fn main() {}

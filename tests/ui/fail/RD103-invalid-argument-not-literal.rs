use role_dsl::role;

const LOG_BUCKET_ARN: &str = "arn:aws:s3:::my-log-bucket/*";

/// Lets the log shipper Lambda write its logs to S3.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = LOG_BUCKET_ARN),
)]
pub struct LogWriter;

fn main() {
    let _ = LOG_BUCKET_ARN;
}

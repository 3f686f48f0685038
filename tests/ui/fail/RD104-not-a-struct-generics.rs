use role_dsl::role;

/// Lets the log shipper Lambda write its logs to S3.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:aws:s3:::{bucket}/*"),
)]
pub struct LogWriter<'a> {
    pub bucket: &'a str,
}

fn main() {}

//! The seed: a Lambda function that writes its logs to an S3 bucket.

use role_dsl::role;

/// Lets the log shipper Lambda write its logs to S3.
#[role(
    name = "log-writer",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:{partition}:s3:::{bucket}/*"),
    managed = ["service-role/AWSLambdaBasicExecutionRole"],
    tags(team = "platform", "cost-center" = "42"),
)]
pub struct LogWriter {
    pub bucket: String,
}

/// Every S3 action on the logs.
#[policy(
    allow("s3:*", on = "arn:aws:s3:::logs/*"),
)]
pub struct LogsAll;

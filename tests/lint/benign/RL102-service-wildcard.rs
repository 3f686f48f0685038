/// The S3 actions the log shipper uses.
#[policy(
    allow("s3:GetObject", "s3:PutObject", on = "arn:aws:s3:::logs/*"),
)]
pub struct LogsRw;

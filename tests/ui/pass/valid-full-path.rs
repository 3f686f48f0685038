// The attributes written with their full path, and policies named by path (each once: the same
// policy through two paths is attached twice, which RD901 reports).
mod audit {
    /// Read-only access for the auditors.
    #[role_dsl::policy(allow("cloudtrail:LookupEvents", on = "*"))]
    pub struct ReadOnly;
}

/// Writes the shipped logs to S3.
#[role_dsl::policy(name = "write-logs", allow("s3:PutObject", on = "arn:aws:s3:::my-log-bucket/*"))]
pub struct WriteLogs;

/// Lets the log shipper Lambda write its logs to S3.
#[role_dsl::role(
    trust(service = "lambda.amazonaws.com"),
    policies(WriteLogs, crate::audit::ReadOnly),
)]
pub struct LogWriter;

fn main() {
    use role_dsl::Role;
    assert_eq!(LogWriter::definition().policies.len(), 2);
}

// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: one error, RD404 at the literal: `{` opens a placeholder that is never closed
// Got: RD404 as expected AND a follow-on RD402 `field `bucket` is used by no placeholder`
use role_dsl::role;

/// Lets the log shipper Lambda write its logs to S3.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:aws:s3:::{bucket/*"),
)]
pub struct LogWriter {
    pub bucket: String,
}

fn main() {}

// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: one error, RD501 at the literal: ARN has 4 fields; an ARN has six
// Got: RD501 AND a follow-on RD511 `s3:PutObject` cannot act on any resource of this statement` at
// the action
use role_dsl::role;

/// Lets the log shipper Lambda write its logs to S3.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:aws:s3:my-log-bucket/*"),
)]
pub struct LogWriter;

fn main() {}

// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: RD513 at the region and account of the S3 ARN (checks.md: a region or account where
// the service's ARN format has none, S3 buckets), as for an ARN with only the region or only the
// account
// Got: RD511 `s3:PutObject` cannot act on any resource of this statement` at the action, listing
// ARN formats; RD513 is reported only when removing ONE of the two fields makes the ARN fit
// (resource.rs arn_fields)
use role_dsl::role;

/// Lets the log shipper Lambda write its logs to S3.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:aws:s3:eu-west-1:123456789012:my-log-bucket/*"),
)]
pub struct LogWriter;

fn main() {}

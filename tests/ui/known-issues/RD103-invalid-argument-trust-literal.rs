// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: one error, RD103 at the literal (`a trust statement names its principal: ...`)
// Got: RD103 at the literal AND a follow-on RD701 `this trust(...) names no principal` at `trust`
use role_dsl::role;

/// Lets the log shipper Lambda write its logs to S3.
#[role(
    trust("lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:aws:s3:::my-log-bucket/*"),
)]
pub struct LogWriter;

fn main() {}

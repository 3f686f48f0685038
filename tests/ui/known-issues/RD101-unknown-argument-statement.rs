// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: one error, RD101 at `resource`: unknown argument, did you mean `on`? (a suggestion
// would help: `resource` is the IAM word)
// Got: RD101 at `resource` with no suggestion, AND a follow-on RD302 `this statement names no
// resources` at `allow`
use role_dsl::role;

/// Lets the reporting Lambda read its input.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", resource = "arn:aws:s3:::reporting-input/*"),
)]
pub struct ReportReader;

fn main() {}

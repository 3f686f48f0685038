// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: one error, RD104 at the generics
// Got: RD104 at `<`, a follow-on RD405 at `&'a str` (`parameter `bucket` must be a `String` or a
// `&'static str``), and rustc's E0726 `implicit elided lifetime not allowed here` from the
// generated `impl Role for LogWriter`, whose help suggests the nonsense `LogWriter<'_><'a>`
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

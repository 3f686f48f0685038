// The doc comment is the description: its lines trimmed and joined with a space, blank lines
// dropped; `#[doc = "..."]` and other attributes may stand among them.
use role_dsl::{Policy, Role, policy, role};

/// Lets the log shipper Lambda
///     write its logs to S3,
///
/// under the prefix of the café's service.
#[doc = "Never deletes."]
#[derive(Debug, Default)]
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:aws:s3:::my-log-bucket/*"),
)]
/** And a block comment,
    on two lines. */
pub struct LogWriter;

/// Read the shared configuration bucket.
/// Two lines.
#[policy(allow("s3:GetObject", on = "arn:aws:s3:::shared-config/*"))]
pub struct ReadConfig;

/// Described by its argument, not by this comment.
#[role(description = "Reads the reports.", trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
pub struct ReportReader;

#[role(trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
pub struct Undocumented;

fn main() {
    assert_eq!(
        LogWriter::definition().description.as_ref().and_then(role_dsl::model::Template::as_plain).as_deref(),
        Some("Lets the log shipper Lambda write its logs to S3, under the prefix of the café's service. Never deletes. And a block comment, on two lines.")
    );
    assert_eq!(ReadConfig::definition().description.as_ref().and_then(role_dsl::model::Template::as_plain).as_deref(), Some("Read the shared configuration bucket. Two lines."));
    assert_eq!(ReportReader::definition().description.as_ref().and_then(role_dsl::model::Template::as_plain).as_deref(), Some("Reads the reports."));
    assert_eq!(Undocumented::definition().description, None);
    let _ = LogWriter::default();
}

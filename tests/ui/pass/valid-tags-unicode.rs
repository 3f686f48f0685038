// Tag keys and values are Unicode letters, digits, spaces and `_.:/=+-@`.
use role_dsl::{Role, role};

/// Lets the log shipper Lambda write its logs to S3.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:aws:s3:::my-log-bucket/*"),
    tags(
        équipe = "plateforme",
        "チーム" = "基盤",
        "propriétaire" = "Zoë Müller",
        "Kostenstelle" = "Grüße 42",
        "owner/email" = "zoë@example.com",
        "app:tier" = "back-end_2 +=.",
        "empty" = "",
        "Ωmega" = "ΑΒΓ δεζ",
    ),
)]
pub struct LogWriter;

fn main() {
    let tags = &LogWriter::definition().tags;
    assert_eq!(tags.len(), 8);
    assert_eq!(tags[0].key, "équipe");
    assert_eq!(tags[1].value, "基盤");
}

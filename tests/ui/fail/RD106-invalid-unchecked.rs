use role_dsl::role;

/// A statement silences a code that is no finding.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::bucket/*", unchecked = ["RD5111"]),
)]
pub struct Reader;

fn main() {}

use role_dsl::role;

/// Lets the cleanup job delete every object except the audit trail.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::scratch-data/*"),
    deny("s3:DeleteObject", on = "*", not_on = ["arn:aws:s3:::scratch-data/*"]),
)]
pub struct ScratchCleanup;

fn main() {}

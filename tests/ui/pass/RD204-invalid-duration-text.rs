use role_dsl::role;

/// Lets the nightly batch job process the day's uploads.
#[role(
    max_session = "4h",
    trust(service = "batch.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::uploads/*"),
)]
pub struct NightlyBatch;

fn main() {}

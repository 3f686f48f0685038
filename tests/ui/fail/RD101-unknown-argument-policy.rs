use role_dsl::policy;

/// Read the shared configuration bucket.
#[policy(
    name = "read-config",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::shared-config/*"),
)]
pub struct ReadConfig;

fn main() {}

use role_dsl::role;

/// A managed policy ARN names a policy.
#[role(
    trust(service = "lambda.amazonaws.com"),
    managed = ["arn:aws:s3:::policies/read-only"],
)]
pub struct Managed;

fn main() {}

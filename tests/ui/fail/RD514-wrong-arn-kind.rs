use role_dsl::role;

/// A permissions boundary is a managed policy, not a role.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "*"),
    boundary = "arn:aws:iam::123456789012:role/boundary",
)]
pub struct Bounded;

fn main() {}

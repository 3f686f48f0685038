use role_dsl::role;

/// Lets the developers' Lambdas run inside the boundary.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::dev-sandbox/*"),
    boundary = "arn:aws:iam::123456789012:policy/DeveloperBoundary",
)]
pub struct DevFunction;

fn main() {}

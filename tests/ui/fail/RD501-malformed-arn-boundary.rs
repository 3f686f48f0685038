use role_dsl::role;

/// Lets the developers' Lambdas run inside the boundary.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::dev-sandbox/*"),
    boundary = "DeveloperBoundary",
)]
pub struct DevFunction;

fn main() {}

use role_dsl::role;

/// Lets the alerting Lambda publish alerts.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("sns:Publish", on = "arn:aws:sns:eu-west-1:123456789012:alerts"),
)]
pub struct AlertPublisher;

fn main() {}

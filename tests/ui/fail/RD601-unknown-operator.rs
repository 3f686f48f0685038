use role_dsl::role;

/// Lets the cost reporter read the billing exports of one account.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow(
        "s3:GetObject",
        on = "arn:aws:s3:::billing-exports/*",
        when(StringEqual("aws:ResourceAccount", "123456789012")),
    ),
)]
pub struct CostReporter;

fn main() {}

/// Passes the app role to Lambda.
#[policy(
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "lambda.amazonaws.com"))),
)]
pub struct PassApp;

/// Passes roles to Lambda.
#[policy(
    allow("iam:PassRole", on = "*", when(StringEquals("iam:PassedToService", "lambda.amazonaws.com"))),
)]
pub struct PassAny;

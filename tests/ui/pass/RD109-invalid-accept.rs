use role_dsl::role;

/// A lint accepted on purpose, with its code and its reason, in a statement and on the role.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow(
        "iam:PassRole",
        on = "arn:aws:iam::123456789012:role/app",
        accept("RL112", "the job runner passes the role to whichever service runs the job"),
    ),
    accept("pass-to-any-service", "kept for the statements added next"),
)]
pub struct Runner;

fn main() {}

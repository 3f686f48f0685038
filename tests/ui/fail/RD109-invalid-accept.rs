use role_dsl::role;

/// An accepted lint says why: the reason is what the next reader of the role needs.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", accept("RL112", "")),
)]
pub struct Runner;

fn main() {}

use role_dsl::role;

/// Lets the CI account deploy.
#[role(
    trust(account = "111122223333", actions = ["sts:AssumeRole", "iam:PassRole"]),
    allow("cloudformation:*", on = "*"),
)]
pub struct Deployer;

fn main() {}

use role_dsl::role;

/// Lets the CI account deploy.
#[role(
    trust(account = "{ci_account}"),
    allow("cloudformation:*", on = "*"),
)]
pub struct Deployer {
    pub ci_account: String,
}

fn main() {}

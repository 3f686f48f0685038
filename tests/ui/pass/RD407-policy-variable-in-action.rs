use role_dsl::role;

/// Lets each team run the actions its tag names.
#[role(
    trust(account = "111122223333"),
    allow("ssm:StartSession", on = "*"),
)]
pub struct TeamOperator;

fn main() {}

use role_dsl::role;

/// Lets the platform team manage its own instances.
#[role(
    trust(account = "111122223333"),
    allow(
        "ec2:StartInstances",
        on = "*",
        when(StringEquals("aws:PrincipalTagg/team", "platform")),
    ),
)]
pub struct TeamOperator;

fn main() {}

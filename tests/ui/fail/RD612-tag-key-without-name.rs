use role_dsl::role;

/// Lets the platform team manage its own instances.
#[role(
    trust(account = "111122223333"),
    allow(
        "ec2:StartInstances",
        "ec2:StopInstances",
        on = "*",
        when(StringEquals("aws:ResourceTag", "platform")),
    ),
)]
pub struct TeamOperator;

fn main() {}

use role_dsl::role;

/// Short sessions for the break-glass operators.
#[role(
    max_session = 3600,
    trust(account = "111122223333"),
    allow("ec2:RebootInstances", on = "arn:aws:ec2:eu-west-1:444455556666:instance/*"),
)]
pub struct BreakGlass;

fn main() {}

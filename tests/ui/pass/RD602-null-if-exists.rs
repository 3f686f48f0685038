use role_dsl::role;

/// Lets the operators stop instances, with MFA only.
#[role(
    trust(account = "111122223333"),
    deny("ec2:StopInstances", on = "*", when(Null("aws:MultiFactorAuthAge", true))),
    allow("ec2:StopInstances", on = "*"),
)]
pub struct Operator;

fn main() {}

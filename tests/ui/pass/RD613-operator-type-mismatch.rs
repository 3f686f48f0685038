use role_dsl::role;

/// Lets the operators stop instances, from the office only.
#[role(
    trust(account = "111122223333"),
    allow("ec2:StopInstances", on = "*", when(IpAddress("aws:SourceIp", "10.0.0.0/8"))),
)]
pub struct Operator;

fn main() {}

use role_dsl::role;

/// Lets the operators reboot the web hosts.
#[role(
    trust(account = "111122223333"),
    allow("ec2:RebootInstances", on = "arn:aws:ec2:us-east-1:123456789012:instance/*"),
)]
pub struct WebOperator;

fn main() {}

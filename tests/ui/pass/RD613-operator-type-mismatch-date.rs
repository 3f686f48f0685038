use role_dsl::role;

/// Lets the operators stop instances, with fresh credentials only.
#[role(
    trust(account = "111122223333"),
    allow("ec2:StopInstances", on = "*", when(DateGreaterThan("aws:TokenIssueTime", 1767225600))),
)]
pub struct Operator;

fn main() {}

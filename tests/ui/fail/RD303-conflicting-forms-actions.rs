use role_dsl::role;

/// Read-only access to IAM for the auditors.
#[role(
    trust(account = "111122223333", external_id = "audit-7f3c9e"),
    managed = ["SecurityAudit"],
    deny("iam:*", not_actions = ["iam:Get*", "iam:List*"], on = "*"),
)]
pub struct IamAuditor;

fn main() {}

//! A cross-account auditor: the security account may assume it, with an external id, to read
//! this account's configuration.

use role_dsl::role;

/// Read-only access for the security team's auditing account.
#[role(
    name = "security-auditor",
    path = "/audit/",
    max_session = "12h",
    trust(account = "111122223333", external_id = "audit-7f3c9e"),
    managed = ["SecurityAudit", "arn:{partition}:iam::aws:policy/job-function/ViewOnlyAccess"],
    deny(not_actions = ["iam:Get*", "iam:List*", "sts:GetCallerIdentity"], on = "*", when(StringLike("aws:RequestedRegion", "cn-*"))),
    instance_profile = false,
)]
pub struct SecurityAuditor;

// `not_actions` and `not_on`, alone and together, in allow and deny; `actions = [...]` beside
// positional actions.
use role_dsl::role;

/// Everything but IAM, outside the audit trail.
#[role(
    trust(account = "111122223333"),
    allow(not_actions = ["iam:*", "organizations:*"], on = "*"),
    deny("s3:*", not_on = ["arn:aws:s3:::sandbox-*", "arn:aws:s3:::sandbox-*/*"]),
    deny(not_actions = ["iam:Get*", "iam:List*"], not_on = "arn:aws:iam::*:role/sandbox-*"),
    deny("cloudtrail:StopLogging", actions = ["cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"], on = "*"),
    allow(actions = "sts:GetCallerIdentity", on = "*"),
)]
pub struct SandboxUser;

fn main() {}

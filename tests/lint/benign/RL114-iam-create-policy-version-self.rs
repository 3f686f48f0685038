/// The operations role: it may write new versions of a policy.
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    policies(OpsConfig),
    allow("iam:CreatePolicyVersion", on = "arn:aws:iam::123456789012:policy/shared-config"),
)]
pub struct Ops;

/// The operations role's configuration reads.
#[policy(
    name = "ops-config",
    allow("ssm:GetParameter", on = "arn:aws:ssm:us-east-1:123456789012:parameter/ops/*"),
)]
pub struct OpsConfig;

/// The operations role: it may create roles and write their inline policies.
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:CreateRole", "iam:PutRolePolicy", "sts:AssumeRole", on = "arn:aws:iam::123456789012:role/tmp-*"),
)]
pub struct Ops;

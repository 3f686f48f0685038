/// The operations role: it may create roles and attach policies to them.
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:CreateRole", "iam:AttachRolePolicy", "sts:AssumeRole", on = "arn:aws:iam::123456789012:role/tmp-*"),
)]
pub struct Ops;

/// The operations role: it may create users, write their inline policies and give them keys.
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:CreateUser", "iam:PutUserPolicy", "iam:CreateAccessKey", on = "arn:aws:iam::123456789012:user/tmp-*"),
)]
pub struct Ops;

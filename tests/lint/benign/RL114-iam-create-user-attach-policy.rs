/// The operations role: it may create users, attach policies to them and give them keys.
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:CreateUser", "iam:CreateAccessKey", on = "arn:aws:iam::123456789012:user/tmp-*"),
    allow("iam:AttachUserPolicy", on = "arn:aws:iam::123456789012:user/tmp-*", when(ArnEquals("iam:PolicyARN", "arn:aws:iam::aws:policy/ReadOnlyAccess"))),
)]
pub struct Ops;

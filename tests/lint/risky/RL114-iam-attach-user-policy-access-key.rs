/// The operations role: it may attach policies to the temporary users and give them keys.
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:AttachUserPolicy", "iam:CreateAccessKey", on = "arn:aws:iam::123456789012:user/tmp-*"),
)]
pub struct Ops;

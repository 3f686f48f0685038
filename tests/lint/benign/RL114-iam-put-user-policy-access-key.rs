/// The operations role: it may write the temporary users' inline policies and give them keys.
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PutUserPolicy", on = "arn:aws:iam::123456789012:user/tmp-*"),
)]
pub struct Ops;

/// The operations role: it may attach policies to the temporary users and give them keys.
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:CreateAccessKey", on = "arn:aws:iam::123456789012:user/tmp-*"),
    allow("iam:AttachUserPolicy", on = "arn:aws:iam::123456789012:user/tmp-*", when(ArnEquals("iam:PolicyARN", "arn:aws:iam::aws:policy/ReadOnlyAccess"))),
)]
pub struct Ops;

/// The operations role: it may change its own policies.
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:AttachRolePolicy", on = "arn:aws:iam::123456789012:role/ops", when(ArnEquals("iam:PolicyARN", "arn:aws:iam::aws:policy/ReadOnlyAccess"))),
)]
pub struct Ops;

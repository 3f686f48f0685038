/// The operations role: it may change its own policies.
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PutRolePolicy", on = "arn:aws:iam::123456789012:role/ops", when(StringEquals("iam:PermissionsBoundary", "arn:aws:iam::123456789012:policy/boundary"))),
)]
pub struct Ops;

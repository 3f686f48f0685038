/// The operations role: it may create users and groups, attach policies to the groups and add users to them.
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:CreateUser", "iam:CreateAccessKey", on = "arn:aws:iam::123456789012:user/tmp-*"),
    allow("iam:CreateGroup", "iam:AttachGroupPolicy", "iam:AddUserToGroup", on = "arn:aws:iam::123456789012:group/tmp-*"),
)]
pub struct Ops;

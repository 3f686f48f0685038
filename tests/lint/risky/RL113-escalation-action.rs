/// Lets the platform team's automation manage the roles' policies.
#[policy(
    allow("iam:AttachRolePolicy", "iam:PutRolePolicy", on = "arn:aws:iam::123456789012:role/*"),
)]
pub struct ManageRoles;

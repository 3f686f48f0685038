/// Lets the platform team's automation manage the roles' policies, within their boundary.
#[policy(
    allow(
        "iam:AttachRolePolicy", "iam:PutRolePolicy",
        on = "arn:aws:iam::123456789012:role/*",
        when(StringEquals("iam:PermissionsBoundary", "arn:aws:iam::123456789012:policy/boundary")),
    ),
)]
pub struct ManageRoles;

/// Passes the app role.
#[policy(
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app"),
)]
pub struct PassAppAnywhere;

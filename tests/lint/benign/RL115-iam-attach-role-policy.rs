/// The deployer: it may change the `app` role's policies and assume it.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:AttachRolePolicy", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PermissionsBoundary", "arn:aws:iam::123456789012:policy/boundary"))),
    allow("sts:AssumeRole", on = "arn:aws:iam::123456789012:role/app"),
)]
pub struct Deployer;

/// The app: the deployer may assume it.
#[role(
    name = "app",
    trust(arn = "arn:aws:iam::123456789012:role/deployer"),
)]
pub struct App;

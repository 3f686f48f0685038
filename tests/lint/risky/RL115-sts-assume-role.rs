/// The deployer: it may assume the `app` role.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("sts:AssumeRole", on = "arn:aws:iam::123456789012:role/app"),
)]
pub struct Deployer;

/// The app: it runs on its own and may delete the app's data.
#[role(
    name = "app",
    trust(arn = "arn:aws:iam::123456789012:role/deployer"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

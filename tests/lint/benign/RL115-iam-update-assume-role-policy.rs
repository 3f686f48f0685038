/// The deployer: it may rewrite the `app` role's trust.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:UpdateAssumeRolePolicy", on = "arn:aws:iam::123456789012:role/app"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct Deployer;

/// The app: it runs on its own and may delete the app's data.
#[role(
    name = "app",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

/// The deployer: it may update the app's Glue development endpoints.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("glue:UpdateDevEndpoint", on = "arn:aws:glue:us-east-1:123456789012:devEndpoint/app-*"),
)]
pub struct Deployer;

/// The app: it runs on glue.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "glue.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

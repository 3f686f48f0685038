/// The deployer: it may pass the `app` role to glue.amazonaws.com and use glue:CreateJob + glue:CreateTrigger.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "glue.amazonaws.com"))),
    allow("glue:CreateJob", on = "arn:aws:glue:us-east-1:123456789012:job/deploy-*"),
    allow("glue:CreateTrigger", on = "arn:aws:glue:us-east-1:123456789012:trigger/deploy-*"),
)]
pub struct Deployer;

/// The app: it runs on glue.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "glue.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

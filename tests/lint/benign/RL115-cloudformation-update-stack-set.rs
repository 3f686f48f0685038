/// The deployer: it may pass the `app` role to ecs-tasks.amazonaws.com and use iam:PassRole + cloudformation:UpdateStackSet.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "ecs-tasks.amazonaws.com"))),
    allow("cloudformation:UpdateStackSet", on = "arn:aws:cloudformation:us-east-1:123456789012:stackset/app-*"),
)]
pub struct Deployer;

/// The app: it runs on cloudformation.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "cloudformation.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

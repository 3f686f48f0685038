/// The deployer: it may pass the `app` role to lambda.amazonaws.com and use apprunner:CreateService.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "lambda.amazonaws.com"))),
    allow("apprunner:CreateService", on = "arn:aws:apprunner:us-east-1:123456789012:service/deploy-*/1"),
)]
pub struct Deployer;

/// The app: it runs on tasks.apprunner.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "tasks.apprunner.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

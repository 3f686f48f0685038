/// The deployer: it may pass the `app` role to lambda.amazonaws.com and use ec2:RequestSpotInstances.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "lambda.amazonaws.com"))),
    allow("ec2:RequestSpotInstances", on = "arn:aws:ec2:us-east-1:123456789012:spot-instances-request/sir-deploy-*"),
)]
pub struct Deployer;

/// The app: it runs on ec2.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "ec2.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

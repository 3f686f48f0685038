/// The deployer: it may update the code of the app's Lambda functions.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("lambda:UpdateFunctionCode", on = "arn:aws:lambda:us-east-1:123456789012:function:app-*"),
)]
pub struct Deployer;

/// The app: it runs on ecs-tasks.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "ecs-tasks.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

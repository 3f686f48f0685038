/// The deployer: it may pass the `app` role to ecs-tasks.amazonaws.com and use lambda:CreateFunction + lambda:InvokeFunction.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "ecs-tasks.amazonaws.com"))),
    allow("lambda:CreateFunction", on = "arn:aws:lambda:us-east-1:123456789012:function:deploy-*"),
    allow("lambda:InvokeFunction", on = "arn:aws:lambda:us-east-1:123456789012:function:deploy-*"),
)]
pub struct Deployer;

/// The app: it runs on lambda.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

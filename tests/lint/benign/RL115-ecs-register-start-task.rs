/// The deployer: it may pass the `app` role to lambda.amazonaws.com and use ecs:RegisterTaskDefinition + ecs:StartTask.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "lambda.amazonaws.com"))),
    allow("ecs:RegisterTaskDefinition", on = "arn:aws:ecs:us-east-1:123456789012:task-definition/deploy-*:1"),
    allow("ecs:StartTask", on = "arn:aws:ecs:us-east-1:123456789012:task-definition/deploy-*:1"),
)]
pub struct Deployer;

/// The app: it runs on ecs-tasks.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "ecs-tasks.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

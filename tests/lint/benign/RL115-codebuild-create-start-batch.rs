/// The deployer: it may pass the `app` role to codebuild.amazonaws.com and use codebuild:CreateProject + codebuild:StartBuildBatch.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "codebuild.amazonaws.com"))),
    allow("codebuild:CreateProject", on = "arn:aws:codebuild:us-east-1:123456789012:project/deploy-*"),
    allow("codebuild:StartBuildBatch", on = "arn:aws:codebuild:us-east-1:123456789012:project/deploy-*"),
)]
pub struct Deployer;

/// The app: it runs on lambda.amazonaws.com (not on the service the deployer may use) and may delete the app's data.
#[role(
    name = "app",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

/// The deployer: it may pass the `app` role to lambda.amazonaws.com and use codebuild:CreateProject + codebuild:StartBuildBatch.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "lambda.amazonaws.com"))),
    allow("codebuild:CreateProject", on = "arn:aws:codebuild:us-east-1:123456789012:project/deploy-*"),
    allow("codebuild:StartBuildBatch", on = "arn:aws:codebuild:us-east-1:123456789012:project/deploy-*"),
)]
pub struct Deployer;

/// The app: it runs on codebuild.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "codebuild.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

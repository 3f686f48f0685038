/// The deployer: it may start the app's CodeBuild projects.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("codebuild:StartBuild", on = "arn:aws:codebuild:us-east-1:123456789012:project/app-*"),
)]
pub struct Deployer;

/// The app: it runs on codebuild.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "codebuild.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

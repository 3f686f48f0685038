/// The deployer: it may change the app's CloudFormation stacks by change sets.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet", on = "arn:aws:cloudformation:us-east-1:123456789012:stack/app-*"),
)]
pub struct Deployer;

/// The app: it runs on cloudformation.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "cloudformation.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

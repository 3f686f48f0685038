/// The deployer: it may open Session Manager sessions on EC2 instances.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("ssm:StartSession", on = "arn:aws:ec2:us-east-1:123456789012:instance/*"),
)]
pub struct Deployer;

/// The app: it runs on lambda.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

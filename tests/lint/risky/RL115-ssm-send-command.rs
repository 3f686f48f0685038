/// The deployer: it may run shell commands on EC2 instances.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("ssm:SendCommand", on = "arn:aws:ec2:us-east-1:123456789012:instance/*"),
    allow("ssm:SendCommand", on = "arn:aws:ssm:us-east-1::document/AWS-RunShellScript"),
)]
pub struct Deployer;

/// The app: it runs on ec2.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "ec2.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

/// The deployer: it may change, stop and start EC2 instances.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances", on = "arn:aws:ec2:us-east-1:123456789012:instance/*"),
)]
pub struct Deployer;

/// The app: it runs on ec2.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "ec2.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

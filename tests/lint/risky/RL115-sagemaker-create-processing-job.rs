/// The deployer: it may pass the `app` role to sagemaker.amazonaws.com and use sagemaker:CreateProcessingJob.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "sagemaker.amazonaws.com"))),
    allow("sagemaker:CreateProcessingJob", on = "arn:aws:sagemaker:us-east-1:123456789012:processing-job/deploy-*"),
)]
pub struct Deployer;

/// The app: it runs on sagemaker.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "sagemaker.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

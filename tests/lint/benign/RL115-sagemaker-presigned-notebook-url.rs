/// The deployer: it may open the app's SageMaker notebooks.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("sagemaker:CreatePresignedNotebookInstanceUrl", on = "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/app-*"),
)]
pub struct Deployer;

/// The app: it runs on lambda.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

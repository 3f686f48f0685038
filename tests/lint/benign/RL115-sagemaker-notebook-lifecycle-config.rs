/// The deployer: it may give the app's SageMaker notebooks a new start script.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("sagemaker:CreateNotebookInstanceLifecycleConfig", on = "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance-lifecycle-config/app-*"),
    allow("sagemaker:StopNotebookInstance", "sagemaker:UpdateNotebookInstance", "sagemaker:StartNotebookInstance", on = "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/app-*"),
)]
pub struct Deployer;

/// The app: it runs on lambda.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

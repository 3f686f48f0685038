/// The deployer: it may pass the `app` role to lambda.amazonaws.com and use datapipeline:CreatePipeline + datapipeline:PutPipelineDefinition + datapipeline:ActivatePipeline.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "lambda.amazonaws.com"))),
    allow("datapipeline:CreatePipeline", on = "arn:aws:datapipeline:us-east-1:123456789012:pipeline/df-deploy-*"),
    allow("datapipeline:PutPipelineDefinition", on = "arn:aws:datapipeline:us-east-1:123456789012:pipeline/df-deploy-*"),
    allow("datapipeline:ActivatePipeline", on = "arn:aws:datapipeline:us-east-1:123456789012:pipeline/df-deploy-*"),
)]
pub struct Deployer;

/// The app: it runs on datapipeline.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "datapipeline.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

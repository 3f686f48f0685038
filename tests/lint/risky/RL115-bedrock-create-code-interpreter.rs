/// The deployer: it may pass the `app` role to bedrock-agentcore.amazonaws.com and use bedrock-agentcore:CreateCodeInterpreter + StartCodeInterpreterSession + InvokeCodeInterpreter.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "bedrock-agentcore.amazonaws.com"))),
    allow("bedrock-agentcore:CreateCodeInterpreter", "bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter", on = "arn:aws:bedrock-agentcore:us-east-1:123456789012:code-interpreter-custom/deploy-*"),
)]
pub struct Deployer;

/// The app: it runs on bedrock-agentcore.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "bedrock-agentcore.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

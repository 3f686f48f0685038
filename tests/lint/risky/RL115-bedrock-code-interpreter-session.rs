/// The deployer: it may run code in the app's Bedrock AgentCore code interpreters.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter", on = "arn:aws:bedrock-agentcore:us-east-1:123456789012:code-interpreter-custom/app-*"),
)]
pub struct Deployer;

/// The app: it runs on bedrock-agentcore.amazonaws.com and may delete the app's data.
#[role(
    name = "app",
    trust(service = "bedrock-agentcore.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;

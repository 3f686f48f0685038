/// The deployer: it may write new versions of a policy and assume the `app` role.
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:CreatePolicyVersion", on = "arn:aws:iam::123456789012:policy/app-config"),
    allow("sts:AssumeRole", on = "arn:aws:iam::123456789012:role/app"),
    allow("ssm:GetParameter", on = "arn:aws:ssm:us-east-1:123456789012:parameter/app/*"),
)]
pub struct Deployer;

/// The app's configuration reads.
#[policy(
    name = "app-config",
    allow("ssm:GetParameter", on = "arn:aws:ssm:us-east-1:123456789012:parameter/app/*"),
)]
pub struct AppConfig;

/// The app: the deployer may assume it; it may read its configuration, as the deployer may.
#[role(
    name = "app",
    trust(arn = "arn:aws:iam::123456789012:role/deployer"),
    policies(AppConfig),
)]
pub struct App;

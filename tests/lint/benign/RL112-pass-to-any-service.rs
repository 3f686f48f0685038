/// Passes the app role to ECS tasks.
#[policy(
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "ecs-tasks.amazonaws.com"))),
)]
pub struct PassAppToEcs;

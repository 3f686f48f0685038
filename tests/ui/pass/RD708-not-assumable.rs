use role_dsl::role;

/// Lets the build service assume the role and pass its session tags.
#[role(
    trust(service = "codebuild.amazonaws.com", actions = ["sts:AssumeRole", "sts:TagSession"]),
    allow("ecr:GetAuthorizationToken", on = "*"),
)]
pub struct BuildRole;

fn main() {}

use role_dsl::role;

/// Lets the build service assume the role.
#[role(
    trust(service = "codebuild.amazonaws.com", actions = ["sts:AssumeRole"]),
    allow("ecr:GetAuthorizationToken", on = "*"),
)]
pub struct BuildRole;

fn main() {}

use role_dsl::role;

/// Lets the build service assume the role: a service assumes with sts:AssumeRole.
#[role(
    trust(service = "codebuild.amazonaws.com", actions = ["sts:AssumeRoleWithWebIdentity"]),
    allow("ecr:GetAuthorizationToken", on = "*"),
)]
pub struct BuildRole;

fn main() {}

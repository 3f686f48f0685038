use role_dsl::role;

/// Deploys the site from GitHub Actions.
#[role(
    trust(
        oidc = "token.actions.githubusercontent.com",
        actions = ["sts:AssumeRole", "sts:TagSession"],
        when(
            StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
            StringLike("token.actions.githubusercontent.com:sub", "repo:acme/site:ref:refs/heads/main"),
        ),
    ),
    allow("s3:PutObject", on = "arn:aws:s3:::acme-site/*"),
)]
pub struct GithubDeploy;

fn main() {}

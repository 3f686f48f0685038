use role_dsl::role;

/// Deploys the site from GitHub Actions.
#[role(
    trust(oidc = "github", when(StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"))),
    allow("s3:PutObject", on = "arn:aws:s3:::acme-site/*"),
)]
pub struct GithubDeploy;

fn main() {}

/// Deploys the site from GitHub Actions.
#[role(
    trust(oidc = "token.actions.githubusercontent.com", when(
        StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
        StringLike("token.actions.githubusercontent.com:sub", "repo:acme/site:*"),
    )),
)]
pub struct SiteDeploy;

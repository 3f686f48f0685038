/// Deploys from the main branch of one repository.
#[role(
    trust(oidc = "token.actions.githubusercontent.com", when(
        StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
        StringEquals("token.actions.githubusercontent.com:sub", "repo:acme/site:ref:refs/heads/main"),
    )),
)]
pub struct SiteDeploy;

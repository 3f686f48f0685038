// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: one error for one mistake (the actions list of an OIDC trust has `sts:AssumeRole`
// where `sts:AssumeRoleWithWebIdentity` belongs), e.g. at `"sts:AssumeRole"`: does not fit an
// `oidc` principal; use `sts:AssumeRoleWithWebIdentity`
// Got: two RD702 errors: `a `oidc` principal assumes a role with `sts:AssumeRoleWithWebIdentity`,
// which these actions do not include` at the list, and `sts:AssumeRole` does not fit a `oidc`
// principal` at the literal; also `a `oidc`` should read `an `oidc``
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

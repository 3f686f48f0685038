// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: one error, RD706 at the provider: written without its scheme
// Got: RD706 AND two follow-on RD611 `unknown condition key
// `token.actions.githubusercontent.com:aud`; did you mean `...:ref`?` (and `:sub`): the standard
// OIDC claims are matched against the provider as written, with `https://`; the suggestion `:ref`
// for `:aud` is misleading
use role_dsl::role;

/// Deploys the site from GitHub Actions.
#[role(
    trust(
        oidc = "https://token.actions.githubusercontent.com",
        when(
            StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
            StringLike("token.actions.githubusercontent.com:sub", "repo:acme/site:ref:refs/heads/main"),
        ),
    ),
    allow("s3:PutObject", on = "arn:aws:s3:::acme-site/*"),
)]
pub struct GithubDeploy;

fn main() {}

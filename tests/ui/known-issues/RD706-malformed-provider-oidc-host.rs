// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: one error, RD706 at `"github"`: not an OIDC provider host
// Got: RD706 AND a follow-on RD611 `unknown condition key
// `token.actions.githubusercontent.com:aud`; did you mean `...:ref`?`
use role_dsl::role;

/// Deploys the site from GitHub Actions.
#[role(
    trust(oidc = "github", when(StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"))),
    allow("s3:PutObject", on = "arn:aws:s3:::acme-site/*"),
)]
pub struct GithubDeploy;

fn main() {}

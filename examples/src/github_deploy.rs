//! A GitHub Actions deploy role: assumed through the account's GitHub OIDC provider, by the main
//! branch of one repository only.

use role_dsl::role;

/// Deploys the site from GitHub Actions.
#[role(
    name = "github-deploy",
    max_session = "1h",
    trust(
        oidc = "token.actions.githubusercontent.com",
        when(
            StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
            StringLike(
                "token.actions.githubusercontent.com:sub",
                "repo:{repository}:ref:refs/heads/main"
            ),
        ),
    ),
    allow(
        "s3:PutObject",
        "s3:DeleteObject",
        on = "arn:{partition}:s3:::{site_bucket}/*",
    ),
    allow("s3:ListBucket", on = "arn:{partition}:s3:::{site_bucket}"),
    allow(
        "cloudfront:CreateInvalidation",
        on = "arn:{partition}:cloudfront::{account_id}:distribution/*",
        when(StringEquals("aws:ResourceTag/site", "${aws:PrincipalTag/site}")),
    )
)]
pub struct GithubDeploy {
    pub repository: &'static str,
    pub site_bucket: &'static str,
}

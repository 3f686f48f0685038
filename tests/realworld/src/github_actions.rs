//! Roles for GitHub Actions, as aws-actions/configure-aws-credentials shows them: the role of
//! `examples/federated-setup/github-actions-oidc-federation-and-role.yml`
//! (commit 4a8c71514940bc5cc9aa8c76ba08c73ca00dd671), for an account whose GitHub OIDC provider
//! exists, and the sample role of `README.md` (commit 298d89ed65632bf3b03d88d77e897f908b506ba5),
//! which takes the provider's ARN. Originals: `originals/github_actions/`.

use role_dsl::role;

// github-actions-oidc-federation-and-role.yml, resource `RoleGithubActions`, with
// `UseExistingProvider` "yes".
#[role(
    name = "{role_name}",
    trust(
        oidc = "token.actions.githubusercontent.com",
        when(StringLike(
            "token.actions.githubusercontent.com:sub",
            "repo:{github_organization}/{repository_name}:ref:refs/heads/{branch_name}"
        )),
    ),
    managed = ["AdministratorAccess"],
)]
pub struct RoleGithubActions {
    pub role_name: String,
    pub github_organization: String,
    pub repository_name: String,
    pub branch_name: String,
}

// README.md, "Sample IAM Role CloudFormation Template", resource `Role`, with `OIDCProviderArn`
// given. The template lets CloudFormation name the role.
#[role(trust(
    oidc = "{oidc_provider_arn}",
    when(StringLike(
        "token.actions.githubusercontent.com:sub",
        "repo:{github_org}/{repository_name}:*"
    )),
))]
pub struct GithubActionsSampleRole {
    pub oidc_provider_arn: String,
    pub github_org: String,
    pub repository_name: String,
}

//! The Terraform module `iam-github-oidc-role` of terraform-aws-modules/terraform-aws-iam: a role
//! for GitHub Actions, from `modules/iam-github-oidc-role/main.tf`
//! (commit 007a05304eb62745b3a0e5ea2a1fe46d8b31a2ad) with the variables of
//! `modules/iam-github-oidc-role/variables.tf` (commit 027f5972ed7f70178bb7f5f41c2fda252021c5db).
//! Originals: `originals/terraform_github_oidc/`.
//!
//! The module prefixes each of `subjects` with `repo:`; the list field holds the full subjects.

use role_dsl::role;

// main.tf, `data "aws_iam_policy_document" "this"` and `resource "aws_iam_role" "this"`, with
// `var.policies` attached.
#[role(
    name = "{role_name}",
    path = "{role_path}",
    trust(
        oidc = "{provider_url}",
        actions = ["sts:TagSession", "sts:AssumeRoleWithWebIdentity"],
        when(
            ForAllValues::StringEquals(
                "token.actions.githubusercontent.com:iss",
                "http://token.actions.githubusercontent.com"
            ),
            ForAllValues::StringEquals("{provider_url}:aud", "{audience}"),
            StringLike("{provider_url}:sub", ["{subjects}"]),
        ),
        sid = "GithubOidcAuth",
    ),
    managed = ["{policies}"],
)]
pub struct GithubOidcRole {
    pub role_name: String,
    pub role_path: String,
    pub provider_url: String,
    pub audience: String,
    pub subjects: Vec<String>,
    pub policies: Vec<String>,
}

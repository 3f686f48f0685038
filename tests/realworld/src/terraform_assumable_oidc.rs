//! The Terraform module `iam-assumable-role-with-oidc` of terraform-aws-modules/terraform-aws-iam:
//! a role for any OIDC provider, possibly one of another account, from
//! `modules/iam-assumable-role-with-oidc/main.tf` (commit 283a5142ff2212777c34e54be44c079107b285b7).
//! Originals: `originals/terraform_assumable_oidc/`.

use role_dsl::role;

// main.tf, `data "aws_iam_policy_document" "assume_role_with_oidc"` for one provider URL and
// `oidc_fully_qualified_subjects`, with `role_policy_arns` attached.
#[role(
    name = "{role_name}",
    path = "{role_path}",
    trust(
        oidc = "arn:{partition}:iam::{aws_account_id}:oidc-provider/{provider_url}",
        when(StringEquals("{provider_url}:sub", ["{oidc_fully_qualified_subjects}"])),
    ),
    managed = ["{role_policy_arns}"],
)]
pub struct AssumableRoleWithOidc {
    pub role_name: String,
    pub role_path: String,
    pub aws_account_id: String,
    pub provider_url: String,
    pub oidc_fully_qualified_subjects: Vec<String>,
    pub role_policy_arns: Vec<String>,
}

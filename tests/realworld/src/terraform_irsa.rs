//! The Terraform module `iam-role-for-service-accounts-eks` of terraform-aws-modules/terraform-aws-iam,
//! the most used way to write EKS service-account roles in Terraform: the role of
//! `modules/iam-role-for-service-accounts-eks/main.tf` (commit 0024928698ffc9f35213c1fe3564f6eb62664a3f)
//! and five of the policies it attaches on request, from
//! `modules/iam-role-for-service-accounts-eks/policies.tf` (commit bce17b240f79121660d0a84ac0c161dd3806d3e6).
//! Originals: `originals/terraform_irsa/`.
//!
//! The module's variables are the fields. Three differences come from Terraform's expressions:
//! the module derives the provider host from `provider_arn` with `replace()`, so the host is a
//! field of its own; it prefixes each `namespace_service_accounts` entry with
//! `system:serviceaccount:`, so the list field holds the full subjects; and it repeats the trust
//! statement for each provider (and the autoscaler's statement for each cluster), where these
//! declarations take one.

use role_dsl::{policy, role};

// main.tf, `data "aws_iam_policy_document" "this"` and `resource "aws_iam_role" "this"`, for one
// OIDC provider, with `role_policy_arns` attached.
#[role(
    name = "{role_name}",
    path = "{role_path}",
    description = "{role_description}",
    trust(
        oidc = "{provider_arn}",
        when(
            StringEquals("{provider_host}:sub", ["{service_accounts}"]),
            StringEquals("{provider_host}:aud", "sts.amazonaws.com"),
        ),
    ),
    managed = ["{role_policy_arns}"],
)]
pub struct ServiceAccountRole {
    pub role_name: String,
    pub role_path: String,
    pub role_description: String,
    pub provider_arn: String,
    // Not `provider`: Terraform reserves that name for a variable.
    pub provider_host: String,
    pub service_accounts: Vec<String>,
    pub role_policy_arns: Vec<String>,
}

/// Cert Manager policy to allow management of Route53 hosted zone records
#[policy(
    name = "{policy_name_prefix}Cert_Manager_Policy",
    path = "{role_path}",
    allow("route53:GetChange", on = ["arn:{partition}:route53:::change/*"]),
    allow(
        "route53:ChangeResourceRecordSets",
        "route53:ListResourceRecordSets",
        on = ["{hosted_zone_arns}"],
    ),
    allow("route53:ListHostedZonesByName", on = ["*"]),
)]
pub struct CertManagerPolicy {
    pub policy_name_prefix: String,
    pub role_path: String,
    pub hosted_zone_arns: Vec<String>,
}

/// Cluster autoscaler policy to allow examination and modification of EC2 Auto Scaling Groups
#[policy(
    name = "{policy_name_prefix}Cluster_Autoscaler_Policy",
    path = "{role_path}",
    allow(
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeTags",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:DescribeInstanceTypes",
        "eks:DescribeNodegroup",
        on = ["*"],
    ),
    allow(
        "autoscaling:SetDesiredCapacity",
        "autoscaling:TerminateInstanceInAutoScalingGroup",
        "autoscaling:UpdateAutoScalingGroup",
        on = ["*"],
        when(StringEquals(
            "autoscaling:ResourceTag/kubernetes.io/cluster/{cluster_id}",
            "owned"
        )),
    ),
)]
pub struct ClusterAutoscalerPolicy {
    pub policy_name_prefix: String,
    pub role_path: String,
    pub cluster_id: String,
}

/// Provides permissions to manage EBS volumes via the container storage interface driver
#[policy(
    name = "{policy_name_prefix}EBS_CSI_Policy",
    path = "{role_path}",
    allow(
        "ec2:CreateSnapshot",
        "ec2:AttachVolume",
        "ec2:DetachVolume",
        "ec2:ModifyVolume",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInstances",
        "ec2:DescribeSnapshots",
        "ec2:DescribeTags",
        "ec2:DescribeVolumes",
        "ec2:DescribeVolumesModifications",
        on = ["*"],
    ),
    allow(
        "ec2:CreateTags",
        on = [
            "arn:{partition}:ec2:*:*:volume/*",
            "arn:{partition}:ec2:*:*:snapshot/*",
        ],
        when(StringEquals("ec2:CreateAction", ["CreateVolume", "CreateSnapshot"])),
    ),
    allow(
        "ec2:DeleteTags",
        on = [
            "arn:{partition}:ec2:*:*:volume/*",
            "arn:{partition}:ec2:*:*:snapshot/*",
        ],
    ),
    allow(
        "ec2:CreateVolume",
        on = ["*"],
        when(StringLike("aws:RequestTag/ebs.csi.aws.com/cluster", true)),
    ),
    allow(
        "ec2:CreateVolume",
        on = ["*"],
        when(StringLike("aws:RequestTag/CSIVolumeName", "*")),
    ),
    allow(
        "ec2:CreateVolume",
        on = ["*"],
        when(StringLike("aws:RequestTag/kubernetes.io/cluster/*", "owned")),
    ),
    allow(
        "ec2:DeleteVolume",
        on = ["*"],
        when(StringLike("ec2:ResourceTag/ebs.csi.aws.com/cluster", true)),
    ),
    allow(
        "ec2:DeleteVolume",
        on = ["*"],
        when(StringLike("ec2:ResourceTag/CSIVolumeName", "*")),
    ),
    allow(
        "ec2:DeleteVolume",
        on = ["*"],
        when(StringLike("ec2:ResourceTag/kubernetes.io/cluster/*", "owned")),
    ),
    allow(
        "ec2:DeleteSnapshot",
        on = ["*"],
        when(StringLike("ec2:ResourceTag/CSIVolumeSnapshotName", "*")),
    ),
    allow(
        "ec2:DeleteSnapshot",
        on = ["*"],
        when(StringLike("ec2:ResourceTag/ebs.csi.aws.com/cluster", true)),
    ),
    allow(
        "kms:CreateGrant",
        "kms:ListGrants",
        "kms:RevokeGrant",
        on = ["{kms_cmk_ids}"],
        when(Bool("kms:GrantIsForAWSResource", true)),
    ),
    allow(
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:DescribeKey",
        on = ["{kms_cmk_ids}"],
    ),
)]
pub struct EbsCsiPolicy {
    pub policy_name_prefix: String,
    pub role_path: String,
    pub kms_cmk_ids: Vec<String>,
}

/// External DNS policy to allow management of Route53 hosted zone records
#[policy(
    name = "{policy_name_prefix}External_DNS_Policy",
    path = "{role_path}",
    allow("route53:ChangeResourceRecordSets", on = ["{hosted_zone_arns}"]),
    allow(
        "route53:ListHostedZones",
        "route53:ListResourceRecordSets",
        on = ["*"],
    ),
)]
pub struct ExternalDnsPolicy {
    pub policy_name_prefix: String,
    pub role_path: String,
    pub hosted_zone_arns: Vec<String>,
}

/// Provides permissions to for External Secrets to retrieve secrets from AWS SSM and AWS Secrets Manager
#[policy(
    name = "{policy_name_prefix}External_Secrets_Policy",
    path = "{role_path}",
    allow("ssm:GetParameter", on = ["{ssm_parameter_arns}"]),
    allow(
        "secretsmanager:GetResourcePolicy",
        "secretsmanager:GetSecretValue",
        "secretsmanager:DescribeSecret",
        "secretsmanager:ListSecretVersionIds",
        on = ["{secrets_manager_arns}"],
    ),
)]
pub struct ExternalSecretsPolicy {
    pub policy_name_prefix: String,
    pub role_path: String,
    pub ssm_parameter_arns: Vec<String>,
    pub secrets_manager_arns: Vec<String>,
}

//! The AWS CDK bootstrap roles (`cdk bootstrap`, template version 26), as aws/aws-cdk-cli
//! `packages/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml`
//! (commit 072accc2941d163df5d1308f4f488b9d5d634985) declares them: the publishing, lookup and
//! deploy roles that the CLI assumes with session tags, the CloudFormation execution role and
//! the example permissions boundary. The template lived in aws/aws-cdk
//! (`packages/aws-cdk/lib/api/bootstrap/`) until the CLI moved to its own repository.
//! Originals: `originals/cdk_bootstrap/`.
//!
//! The template's parameters are the fields: `Qualifier`, the account lists `TrustedAccounts`
//! and `TrustedAccountsForLookup`, `CloudFormationExecutionPolicies`,
//! `FileAssetsBucketKmsKeyId` and `InputPermissionsBoundary`. The bucket, repository and role
//! names are the template's defaults, built from the qualifier, account and region.

use role_dsl::{policy, role};

// Resources `FilePublishingRole` and `FilePublishingRoleDefaultPolicy` (its inline policy), for an
// existing KMS key (`FileAssetsBucketKmsKeyId` given).
#[role(
    name = "cdk-{qualifier}-file-publishing-role-{account_id}-{region}",
    trust(account = "{account_id}", actions = ["sts:TagSession"]),
    trust(account = "{account_id}"),
    trust(account = ["{trusted_accounts}"]),
    allow(
        "s3:GetObject*",
        "s3:GetBucket*",
        "s3:GetEncryptionConfiguration",
        "s3:List*",
        "s3:DeleteObject*",
        "s3:PutObject*",
        "s3:Abort*",
        on = [
            "arn:{partition}:s3:::cdk-{qualifier}-assets-{account_id}-{region}",
            "arn:{partition}:s3:::cdk-{qualifier}-assets-{account_id}-{region}/*",
        ],
        when(StringEquals("aws:ResourceAccount", "{account_id}")),
    ),
    allow(
        "kms:Decrypt",
        "kms:DescribeKey",
        "kms:Encrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        on = "arn:{partition}:kms:{region}:{account_id}:key/{file_assets_key_id}",
    ),
    tags("aws-cdk:bootstrap-role" = "file-publishing"),
)]
pub struct FilePublishingRole {
    pub qualifier: String,
    pub trusted_accounts: Vec<String>,
    pub file_assets_key_id: String,
}

// Resources `ImagePublishingRole` and `ImagePublishingRoleDefaultPolicy`.
#[role(
    name = "cdk-{qualifier}-image-publishing-role-{account_id}-{region}",
    trust(account = "{account_id}", actions = ["sts:TagSession"]),
    trust(account = "{account_id}"),
    trust(account = ["{trusted_accounts}"]),
    allow(
        "ecr:PutImage",
        "ecr:InitiateLayerUpload",
        "ecr:UploadLayerPart",
        "ecr:CompleteLayerUpload",
        "ecr:BatchCheckLayerAvailability",
        "ecr:DescribeRepositories",
        "ecr:DescribeImages",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
        on = "arn:{partition}:ecr:{region}:{account_id}:repository/cdk-{qualifier}-container-assets-{account_id}-{region}",
    ),
    allow("ecr:GetAuthorizationToken", on = "*"),
    tags("aws-cdk:bootstrap-role" = "image-publishing"),
)]
pub struct ImagePublishingRole {
    pub qualifier: String,
    pub trusted_accounts: Vec<String>,
}

// Resource `LookupRole`, with its inline `LookupRolePolicy`.
#[role(
    name = "cdk-{qualifier}-lookup-role-{account_id}-{region}",
    trust(account = "{account_id}", actions = ["sts:TagSession"]),
    trust(account = "{account_id}"),
    trust(account = ["{trusted_accounts_for_lookup}"]),
    trust(account = ["{trusted_accounts}"]),
    managed = ["ReadOnlyAccess"],
    deny("kms:Decrypt", on = "*", sid = "DontReadSecrets"),
    tags("aws-cdk:bootstrap-role" = "lookup"),
)]
pub struct LookupRole {
    pub qualifier: String,
    pub trusted_accounts_for_lookup: Vec<String>,
    pub trusted_accounts: Vec<String>,
}

// Resource `DeploymentActionRole`, with its inline policy `default`.
#[role(
    name = "cdk-{qualifier}-deploy-role-{account_id}-{region}",
    trust(account = "{account_id}", actions = ["sts:TagSession"]),
    trust(account = "{account_id}"),
    trust(account = ["{trusted_accounts}"]),
    allow(
        "cloudformation:CreateChangeSet",
        "cloudformation:DeleteChangeSet",
        "cloudformation:DescribeChangeSet",
        "cloudformation:DescribeStacks",
        "cloudformation:ExecuteChangeSet",
        "cloudformation:CreateStack",
        "cloudformation:UpdateStack",
        "cloudformation:RollbackStack",
        "cloudformation:ContinueUpdateRollback",
        on = "*",
        sid = "CloudFormationPermissions",
    ),
    allow(
        "s3:GetObject*",
        "s3:GetBucket*",
        "s3:List*",
        "s3:Abort*",
        "s3:DeleteObject*",
        "s3:PutObject*",
        on = "*",
        when(StringNotEquals("s3:ResourceAccount", "{account_id}")),
        sid = "PipelineCrossAccountArtifactsBucket",
    ),
    allow(
        "kms:Decrypt",
        "kms:DescribeKey",
        "kms:Encrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        on = "*",
        when(StringEquals("kms:ViaService", "s3.{region}.amazonaws.com")),
        sid = "PipelineCrossAccountArtifactsKey",
    ),
    allow(
        "iam:PassRole",
        on = "arn:{partition}:iam::{account_id}:role/cdk-{qualifier}-cfn-exec-role-{account_id}-{region}",
    ),
    allow(
        "cloudformation:DescribeStackEvents",
        "cloudformation:GetTemplate",
        "cloudformation:DeleteStack",
        "cloudformation:UpdateTerminationProtection",
        "sts:GetCallerIdentity",
        "cloudformation:GetTemplateSummary",
        on = "*",
        sid = "CliPermissions",
    ),
    allow(
        "s3:GetObject*",
        "s3:GetBucket*",
        "s3:List*",
        on = [
            "arn:{partition}:s3:::cdk-{qualifier}-assets-{account_id}-{region}",
            "arn:{partition}:s3:::cdk-{qualifier}-assets-{account_id}-{region}/*",
        ],
        sid = "CliStagingBucket",
    ),
    allow(
        "ssm:GetParameter",
        "ssm:GetParameters",
        on = ["arn:{partition}:ssm:{region}:{account_id}:parameter/cdk-bootstrap/{qualifier}/version"],
        sid = "ReadVersion",
    ),
    tags("aws-cdk:bootstrap-role" = "deploy"),
)]
pub struct DeploymentActionRole {
    pub qualifier: String,
    pub trusted_accounts: Vec<String>,
}

// Resource `CloudFormationExecutionRole`, when `CloudFormationExecutionPolicies` and
// `InputPermissionsBoundary` are given.
#[role(
    name = "cdk-{qualifier}-cfn-exec-role-{account_id}-{region}",
    trust(service = "cloudformation.amazonaws.com"),
    managed = ["{execution_policies}"],
    boundary = "arn:{partition}:iam::{account_id}:policy/{input_permissions_boundary}",
)]
pub struct CloudFormationExecutionRole {
    pub qualifier: String,
    pub execution_policies: Vec<String>,
    pub input_permissions_boundary: String,
}

/// Bootstrap Permission Boundary
// Resource `CdkBoostrapPermissionsBoundaryPolicy` (the template's spelling), created when
// `UseExamplePermissionsBoundary` is true.
#[policy(
    name = "cdk-{qualifier}-permissions-boundary-{account_id}-{region}",
    path = "/",
    allow("*", on = "*", sid = "ExplicitAllowAll"),
    deny(
        "iam:CreateUser",
        "iam:CreateRole",
        "iam:PutRolePermissionsBoundary",
        "iam:PutUserPermissionsBoundary",
        on = "*",
        when(StringNotEquals(
            "iam:PermissionsBoundary",
            "arn:{partition}:iam::{account_id}:policy/cdk-{qualifier}-permissions-boundary-{account_id}-{region}"
        )),
        sid = "DenyAccessIfRequiredPermBoundaryIsNotBeingApplied",
    ),
    deny(
        "iam:CreatePolicyVersion",
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:SetDefaultPolicyVersion",
        on = "arn:{partition}:iam::{account_id}:policy/cdk-{qualifier}-permissions-boundary-{account_id}-{region}",
        sid = "DenyPermBoundaryIAMPolicyAlteration",
    ),
    deny(
        "iam:DeleteUserPermissionsBoundary",
        "iam:DeleteRolePermissionsBoundary",
        on = "*",
        sid = "DenyRemovalOfPermBoundaryFromAnyUserOrRole",
    )
)]
pub struct CdkBoostrapPermissionsBoundaryPolicy {
    pub qualifier: String,
}

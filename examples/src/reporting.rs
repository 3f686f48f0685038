//! A parameterized role with a reusable managed policy: the reporting service's role, meant to
//! be rendered as a Terraform module (`role-cli render examples --format terraform`).

use role_dsl::{policy, role};

/// Read the shared configuration bucket.
#[policy(
    name = "read-config",
    allow("s3:GetObject", on = "arn:{partition}:s3:::{config_bucket}/*"),
    allow(
        "kms:Decrypt",
        on = "arn:{partition}:kms:{region}:{account_id}:key/*",
        when(StringEquals("kms:ViaService", "s3.{region}.amazonaws.com"))
    )
)]
pub struct ReadConfig {
    pub config_bucket: String,
}

/// Runs the nightly reports in ECS and writes them under the caller's own prefix.
#[role(
    name = "reporting-task",
    trust(
        service = "ecs-tasks.amazonaws.com",
        when(StringEquals("aws:SourceAccount", "{account_id}"))
    ),
    policies(ReadConfig),
    allow(
        "s3:PutObject",
        on = "arn:{partition}:s3:::{reports_bucket}/${aws:PrincipalTag/team}/*",
    ),
    allow(
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        on = "arn:{partition}:dynamodb:{region}:{account_id}:table/{table}",
        when(ForAllValues::StringEquals("dynamodb:Attributes", "id", "status", "report_url")),
    ),
    boundary = "arn:{partition}:iam::{account_id}:policy/reporting-boundary"
)]
pub struct ReportingTask {
    pub reports_bucket: String,
    pub table: String,
}

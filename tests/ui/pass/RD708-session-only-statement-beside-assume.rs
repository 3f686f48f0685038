use role_dsl::role;

// As the CDK bootstrap template writes its publishing roles
// (aws/aws-cdk, packages/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml): one statement lets
// the account assume the role, another only lets it tag the session.
#[role(
    name = "cdk-hnb659fds-file-publishing-role-{account_id}-{region}",
    trust(account = "{account_id}"),
    trust(account = "{account_id}", actions = ["sts:TagSession"]),
    allow("s3:GetObject*", "s3:PutObject*", on = "arn:{partition}:s3:::cdk-hnb659fds-assets-{account_id}-{region}/*"),
)]
pub struct FilePublishingRole;

fn main() {}

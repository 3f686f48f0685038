use role_dsl::role;

/// The platform's do-everything worker Lambda.
#[role(
    trust(service = "lambda.amazonaws.com"),
    managed = [
        "service-role/AWSLambdaBasicExecutionRole",
        "service-role/AWSLambdaVPCAccessExecutionRole",
        "AWSXRayDaemonWriteAccess",
        "CloudWatchLambdaInsightsExecutionRolePolicy",
        "AmazonS3ReadOnlyAccess",
        "AmazonDynamoDBReadOnlyAccess",
        "AmazonSQSReadOnlyAccess",
        "AmazonSNSReadOnlyAccess",
        "AWSKeyManagementServicePowerUser",
        "SecretsManagerReadWrite",
        "AmazonSSMReadOnlyAccess",
    ],
    quotas(managed_policies = 20),
)]
pub struct PlatformWorker;

fn main() {}

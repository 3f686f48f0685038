// Every argument of #[role] at once, in an unusual order, with trailing commas.
use role_dsl::{Env, Role, policy, role};

/// Read the shared configuration bucket.
#[policy(
    description = "Reads the shared configuration.",
    path = "/shared/",
    name = "read-config",
    deny("s3:DeleteObject", on = "arn:{partition}:s3:::{config_bucket}/*",),
    allow("s3:GetObject", on = "arn:{partition}:s3:::{config_bucket}/*",),
)]
pub struct ReadConfig {
    pub config_bucket: String,
}

/// Ignored: `description` is given.
#[role(
    tags(team = "platform", "cost-center" = "42",),
    instance_profile = true,
    boundary = "arn:{partition}:iam::{account_id}:policy/platform-boundary",
    policies(ReadConfig,),
    managed = ["service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",],
    deny(not_actions = ["s3:Get*",], on = "arn:{partition}:s3:::{bucket}/*", sid = "ReadOnly",),
    allow(
        "s3:GetObject",
        "s3:ListBucket",
        on = ["arn:{partition}:s3:::{bucket}", "arn:{partition}:s3:::{bucket}/*",],
        when(StringEquals("aws:PrincipalTag/team", "data",), Bool("aws:SecureTransport", true,),),
        sid = "ReadData1",
    ),
    trust(service = "lambda.amazonaws.com", when(StringEquals("aws:SourceAccount", "{account_id}"),),),
    max_session = "2h",
    path = "/service/",
    description = "Reads the platform's data.",
    name = "platform-reader",
)]
pub struct PlatformReader {
    pub bucket: String,
}

fn main() {
    let reader = PlatformReader { bucket: "data".into() };
    let env = Env { account_id: Some("123456789012".into()), ..Env::default() };
    let policy = reader.inline_policy(&env).unwrap().unwrap();
    assert_eq!(policy["Statement"][0]["Sid"], "ReadOnly");
    assert_eq!(PlatformReader::definition().name, "platform-reader");
    assert_eq!(PlatformReader::definition().description.as_ref().and_then(role_dsl::model::Template::as_plain).as_deref(), Some("Reads the platform's data."));
}

// ARNs of every shape: each partition, placeholders in any field, wildcards, empty region and
// account, the `aws` account of AWS managed policies, resources holding `:` and `/`.
use role_dsl::role;

/// Reaches resources of every kind.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow(
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        on = [
            "arn:aws:logs:*:*:log-group:/aws/lambda/*",
            "arn:aws:logs:{region}:{account_id}:log-group:/aws/lambda/{function}:log-stream:*",
        ],
    ),
    allow(
        "lambda:InvokeFunction",
        on = ["arn:aws:lambda:eu-west-1:123456789012:function:f:prod", "arn:{partition}:lambda:{region}:{account_id}:function:{function}:*"],
    ),
    allow(
        "dynamodb:GetItem",
        on = [
            "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/t",
            "arn:aws-us-gov:dynamodb:us-gov-west-1:123456789012:table/t",
            "arn:aws-iso:dynamodb:us-iso-east-1:123456789012:table/t",
            "arn:aws-iso-b:dynamodb:us-isob-east-1:123456789012:table/t",
            "arn:aws-eusc:dynamodb:eusc-de-east-1:123456789012:table/t",
            "arn:aws:dynamodb:ap-southeast-2:012345678901:table/t/index/*",
            "arn:aws:dynamodb:*:*:table/t",
            "arn:aws:dynamodb:us-*:123456789012:table/t",
        ],
    ),
    allow("s3:GetObject", on = ["arn:aws:s3:::b/*", "arn:aws:s3:::b/a:b/c", "arn:aws:s3:::{function}-*/${aws:username}/*"]),
    allow("iam:GetPolicy", on = "arn:aws:iam::aws:policy/service-role/*"),
    allow("sqs:SendMessage", on = "arn:{partition}:sqs:{region}:{account_id}:queue-{function}"),
    allow("ec2:DescribeInstances", on = "*"),
    managed = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:{partition}:iam::{account_id}:policy/team-{function}"],
    boundary = "arn:{partition}:iam::{account_id}:policy/boundaries/{function}",
)]
pub struct Reacher {
    pub function: String,
}

fn main() {}

// Actions as IAM reads them: wildcards anywhere in the action part, case ignored, `*` alone,
// AWS's own idioms, and `unchecked = [...]` for actions newer than the catalogue.
use role_dsl::{policy, role};

/// Actions of every shape.
#[role(
    trust(account = "111122223333"),
    allow("s3:Get*", "s3:*Object", "s3:List?ucket", "ec2:Describe*", on = "*"),
    allow("S3:getobject", "DynamoDB:PutItem", on = ["arn:aws:s3:::b/*", "arn:aws:dynamodb:eu-west-1:123456789012:table/t"]),
    allow("s3:ListAllMyBuckets", on = "arn:aws:s3:::*"),
    allow("s3:PutObject", "s3:ListBucket", on = "arn:aws:s3:::b"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "lambda.amazonaws.com"))),
    deny("*", on = "*", when(StringNotEquals("aws:RequestedRegion", "eu-west-1"))),
    allow("brandnewservice:DoTheThing", "s3:PutObjectBrandNew", on = "*"),
    unchecked = ["brandnewservice:DoTheThing", "s3:PutObjectBrandNew"],
)]
pub struct Actions;

/// A policy with its own unchecked actions.
#[policy(allow("bedrock:InvokeSomethingNew", on = "*"), unchecked = ["bedrock:InvokeSomethingNew"])]
pub struct NewThings;

fn main() {}

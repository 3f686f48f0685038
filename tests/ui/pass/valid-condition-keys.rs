// Condition keys as IAM reads them: compared ignoring case, tag keys with any `/key` (a
// `${TagKey}` part of the catalogue), service keys, and the standard claims `aud`, `sub`, `amr`
// of every OIDC provider in its own trust statement.
use role_dsl::role;

/// Keys of every kind.
#[role(
    trust(
        oidc = "token.actions.githubusercontent.com",
        when(
            StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
            StringLike("token.actions.githubusercontent.com:sub", "repo:acme/site:*"),
        ),
    ),
    trust(
        oidc = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
        when(
            StringEquals("oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub", "system:serviceaccount:jobs:runner"),
            StringEquals("oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud", "sts.amazonaws.com"),
        ),
    ),
    trust(
        oidc = "auth.example.com",
        when(StringEquals("auth.example.com:aud", "my-app"), ForAnyValue::StringLike("auth.example.com:amr", "mfa")),
    ),
    trust(service = "lambda.amazonaws.com", when(StringEquals("AWS:SourceAccount", "{account_id}"), ArnLike("aws:sourcearn", "arn:aws:lambda:*:*:function:*"))),
    allow(
        "s3:ListBucket",
        on = "arn:aws:s3:::reporting-data",
        when(
            StringLike("s3:Prefix", "reports/*"),
            StringEquals("aws:PrincipalTag/team", "data"),
            StringEquals("aws:principaltag/Cost-Center", "42"),
            StringEquals("aws:ResourceTag/eks:cluster-name", "prod"),
            StringEquals("s3:ExistingObjectTag/classification", "internal"),
            NumericLessThanEquals("s3:max-keys", 1000),
        ),
    ),
    allow(
        "ec2:RunInstances",
        on = "*",
        when(
            StringEquals("aws:RequestTag/team", "${aws:PrincipalTag/team}"),
            ForAllValues::StringEquals("aws:TagKeys", "team", "stage"),
            StringEquals("ec2:ResourceTag/stage", "prod"),
            StringEquals("ec2:InstanceType", "t3.micro", "t3.small"),
        ),
    ),
)]
pub struct Keys;

fn main() {}

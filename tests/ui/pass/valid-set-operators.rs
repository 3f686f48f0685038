// `ForAnyValue::` and `ForAllValues::` on every family they may qualify, with and without
// `IfExists`.
use role_dsl::role;

/// Lets the tagging Lambda tag resources with the allowed keys only.
#[role(
    trust(service = "lambda.amazonaws.com", when(StringEquals("aws:SourceAccount", "{account_id}"))),
    allow(
        "ec2:CreateTags",
        on = "arn:aws:ec2:*:*:instance/*",
        when(
            ForAllValues::StringEquals("aws:TagKeys", "team", "cost-center", "stage"),
            ForAnyValue::StringLike("aws:TagKeys", "team*"),
            ForAllValues::StringLikeIfExists("aws:CalledVia", "cloudformation.amazonaws.com"),
            ForAnyValue::StringEqualsIgnoreCase("aws:PrincipalServiceNamesList", "ec2.amazonaws.com"),
            ForAnyValue::StringNotEqualsIfExists("aws:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"),
            ForAllValues::ArnLike("aws:SourceArn", "arn:aws:lambda:*:*:function:*"),
            ForAnyValue::NumericLessThan("ec2:RoleDelivery", 2),
            ForAllValues::DateGreaterThanIfExists("aws:CurrentTime", "2026-01-01"),
            ForAnyValue::IpAddress("aws:SourceIp", "203.0.113.0/24"),
            ForAllValues::Bool("aws:ViaAWSService", true),
        ),
    ),
)]
pub struct Tagger;

fn main() {}

use role_dsl::{policy, role};

// AWS's public SSM parameters have an empty account field; a brand-new action is let through
// by name; codes are silenced where they apply: a statement, a policy, a role.
#[role(
    trust(service = "ec2.amazonaws.com"),
    allow("ssm:GetParameter", on = "arn:aws:s3:::not-ssm", unchecked = ["RD511"]),
    allow("s3:BrandNewAction2099", on = "*", unchecked = ["s3:BrandNewAction2099"]),
    allow("s3:PutObject", on = "arn:aws:s3:::bucket"),
    unchecked = ["resource-mismatch"],
)]
pub struct Node;

#[policy(allow("s3:PutObject", on = "arn:aws:s3:::bucket"), unchecked = ["RD511"])]
pub struct Writer;

fn main() {}

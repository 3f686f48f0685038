use role_dsl::role;

/// Lets the inventory Lambda list the account's buckets.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:ListAllMyBuckets", on = "arn:aws:s3:::inventory-reports"),
)]
pub struct BucketInventory;

fn main() {}

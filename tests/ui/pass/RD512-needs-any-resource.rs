use role_dsl::role;

/// Lets the inventory Lambda list the account's buckets.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:ListAllMyBuckets", on = "*"),
)]
pub struct BucketInventory;

fn main() {}

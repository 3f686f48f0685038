/// Lists the home folders.
#[policy(
    allow("s3:ListBucket", on = "arn:aws:s3:::home", when(StringLike("s3:prefix", "home/*"))),
)]
pub struct Homes;

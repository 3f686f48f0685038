/// Reads the home folders.
#[policy(
    allow("s3:GetObject", on = "arn:aws:s3:::home/*", when(StringLike("s3:prefix", "home/*"))),
)]
pub struct Homes;

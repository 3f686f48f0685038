/// Writes the public objects; never the secrets.
#[policy(
    allow("s3:PutObject", on = "arn:aws:s3:::public/*"),
    deny("s3:PutObject", not_on = ["arn:aws:s3:::public/*"]),
)]
pub struct PublicOnly;

/// Reads the public objects; never the secrets.
#[policy(
    allow("s3:GetObject", on = "arn:aws:s3:::public/*"),
    deny("s3:GetObject", not_on = ["arn:aws:s3:::public/*"]),
)]
pub struct PublicOnly;

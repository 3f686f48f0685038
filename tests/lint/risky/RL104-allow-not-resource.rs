/// Writes every object but the secrets.
#[policy(
    allow("s3:PutObject", not_on = ["arn:aws:s3:::secrets/*"]),
)]
pub struct AllButSecrets;

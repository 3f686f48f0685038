use role_dsl::role;

/// Lets each developer read their own home prefix.
#[role(
    trust(account = "111122223333"),
    allow("s3:GetObject", on = "arn:aws:s3:::dev-homes/${aws:username/*"),
)]
pub struct DevHome;

fn main() {}

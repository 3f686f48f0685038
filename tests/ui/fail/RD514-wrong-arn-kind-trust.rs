use role_dsl::role;

/// A group cannot be a principal.
#[role(
    trust(arn = "arn:aws:iam::123456789012:group/admins"),
    allow("s3:GetObject", on = "*"),
)]
pub struct Trusting;

fn main() {}

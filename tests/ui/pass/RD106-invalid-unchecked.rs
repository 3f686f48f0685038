use role_dsl::role;

/// A statement silences the one finding it means to, by its code.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:aws:s3:::bucket", unchecked = ["RD511"]),
)]
pub struct Writer;

fn main() {}

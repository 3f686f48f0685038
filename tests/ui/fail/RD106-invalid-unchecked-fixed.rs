use role_dsl::role;

/// An unknown placeholder cannot be silenced: the role could not be built.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::{bucket}/*"),
    unchecked = ["RD401"],
)]
pub struct Reader;

fn main() {}

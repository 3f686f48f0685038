use role_dsl::role;

// A code that silences nothing is a warning of `role-cli check`, never an error.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::bucket/*", unchecked = ["RD511"]),
)]
pub struct Reader;

fn main() {}

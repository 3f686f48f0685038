use role_dsl::role;

/// A name is one value.
#[role(
    name = "{names}",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "{names}"),
)]
pub struct Reader {
    pub names: Vec<String>,
}

fn main() {}

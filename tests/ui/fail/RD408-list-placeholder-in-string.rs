use role_dsl::role;

/// A list field inside a longer string: each element would need the prefix.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::{buckets}/*"),
)]
pub struct Reader {
    pub buckets: Vec<String>,
}

fn main() {}

use role_dsl::role;

/// Lets the jobs Lambda write to its table.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("dynamodb:PutItem", on = "arn:aws:s3:::jobs"),
)]
pub struct JobsWriter;

fn main() {}

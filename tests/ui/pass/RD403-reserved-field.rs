use role_dsl::role;

/// Lets the jobs Lambda write to its table.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("dynamodb:PutItem", on = "arn:aws:dynamodb:{region}:{account_id}:table/{table}"),
)]
pub struct JobsWriter {
    pub table: String,
}

fn main() {}

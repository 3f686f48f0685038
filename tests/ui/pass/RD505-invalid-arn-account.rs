use role_dsl::role;

/// Lets the jobs Lambda write to its table.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("dynamodb:PutItem", on = "arn:aws:dynamodb:eu-west-1:012345678901:table/jobs"),
)]
pub struct JobsWriter;

fn main() {}

use role_dsl::role;

/// Lets the jobs Lambda write to its table.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("dynamodb:PutItem", on = "arn:{partition}:dynamodb:{region}:{acount_id}:table/jobs"),
)]
pub struct JobsWriter;

fn main() {}

use role_dsl::role;

/// Lets the processor Lambda and the operators' account run the reprocessing.
#[role(
    trust(service = "lambda.amazonaws.com", account = "111122223333"),
    allow("sqs:SendMessage", on = "arn:aws:sqs:eu-west-1:123456789012:reprocess"),
)]
pub struct Reprocessor;

fn main() {}

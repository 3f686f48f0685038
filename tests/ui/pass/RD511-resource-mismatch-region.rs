use role_dsl::role;

/// Lets the jobs Lambda queue its follow-up work.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("sqs:SendMessage", on = "arn:aws:sqs:{region}:{account_id}:follow-up-jobs"),
)]
pub struct JobsQueuer;

fn main() {}

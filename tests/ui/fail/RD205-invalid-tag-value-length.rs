use role_dsl::role;

/// Lets the log shipper Lambda write its logs to S3.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:aws:s3:::my-log-bucket/*"),
    tags(team = "platform", notes = "Owned by the platform team. Page the on-call engineer through the incident tool before changing this role and record the change in the runbook of the logging pipeline which lists every consumer of the log bucket and the retention that each of them expects from it."),
)]
pub struct LogWriter;

fn main() {}

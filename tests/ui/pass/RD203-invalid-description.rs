use role_dsl::role;

#[role(
    description = "Lets the log shipper Lambda function write the compressed log archives it collects from every service of the platform into the central log bucket, under the prefix of the service that produced them, so that the security team can search them.",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:aws:s3:::my-log-bucket/*"),
)]
pub struct LogWriter;

fn main() {}

use role_dsl::role;

/// Lets the log shipper Lambda write its own logs.
#[role(
    trust(service = "lambda.amazonaws.com"),
    managed("service-role/AWSLambdaBasicExecutionRole"),
)]
pub struct LogShipper;

fn main() {}

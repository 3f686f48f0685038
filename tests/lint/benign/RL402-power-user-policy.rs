/// The function's own role.
#[role(
    trust(service = "lambda.amazonaws.com"),
    managed = ["service-role/AWSLambdaBasicExecutionRole"],
)]
pub struct Function;

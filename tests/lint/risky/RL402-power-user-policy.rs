/// The developers' sandbox role.
#[role(
    trust(service = "lambda.amazonaws.com"),
    managed = ["PowerUserAccess"],
)]
pub struct Sandbox;

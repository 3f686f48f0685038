use role_dsl::role;

/// IAM takes spaces in tags, not tabs.
#[role(trust(service = "lambda.amazonaws.com"), tags(team = "data\tplatform"))]
pub struct Tagged;

fn main() {}

// A service-wide wildcard warns at the action, with the fix and how to accept it.
#![deny(deprecated)]

use role_dsl::role;

#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("dynamodb:*", on = "arn:aws:dynamodb:us-east-1:123456789012:table/orders"),
)]
pub struct OrdersTable;

fn main() {}

/// The auditor.
#[role(
    trust(service = "lambda.amazonaws.com"),
    managed = ["ReadOnlyAccess"],
)]
pub struct Auditor;

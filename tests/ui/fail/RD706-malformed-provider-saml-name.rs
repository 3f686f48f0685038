use role_dsl::role;

/// Lets the Okta users read the console.
#[role(
    trust(saml = "okta"),
    managed = ["ReadOnlyAccess"],
)]
pub struct OktaReadOnly;

fn main() {}

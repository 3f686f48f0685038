use role_dsl::role;

/// Lets the Okta users read the console.
#[role(
    trust(
        saml = "arn:aws:iam::123456789012:saml-provider/okta",
        actions = ["sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"],
    ),
    managed = ["ReadOnlyAccess"],
)]
pub struct OktaReadOnly;

fn main() {}

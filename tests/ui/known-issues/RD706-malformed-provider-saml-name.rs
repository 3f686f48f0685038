// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: RD706 malformed-provider at `"okta"`: a SAML provider is its ARN,
// `arn:aws:iam::123456789012:saml-provider/okta`
// Got: RD501 malformed-arn `okta` is not an ARN: expected an ARN`, with the help example
// `arn:aws:s3:::my-bucket/*` (an S3 ARN, no hint that a saml-provider ARN is wanted)
use role_dsl::role;

/// Lets the Okta users read the console.
#[role(
    trust(saml = "okta"),
    managed = ["ReadOnlyAccess"],
)]
pub struct OktaReadOnly;

fn main() {}

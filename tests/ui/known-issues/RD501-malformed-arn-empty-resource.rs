// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: RD501 at the literal: ARN `arn:aws:sns:eu-west-1:123456789012:` has an empty resource
// field (reported before commit 744359a)
// Got: RD511 `sns:Publish` cannot act on any resource of this statement` at the action: the
// empty-resource check was removed from arn.rs (`let _ = resource;`), so in a deny(...), or for an
// action the catalogue lacks, the empty resource is not caught at all
use role_dsl::role;

/// Lets the alerting Lambda publish alerts.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("sns:Publish", on = "arn:aws:sns:eu-west-1:123456789012:"),
)]
pub struct AlertPublisher;

fn main() {}

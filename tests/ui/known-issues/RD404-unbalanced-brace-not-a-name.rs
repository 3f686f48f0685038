// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: one error, RD404 at the literal: `{commit-sha}` is not a placeholder (write `{{`)
// Got: RD404 as expected AND RD401 `placeholder `{commit-sha}` names no field of the struct` at
// the same literal (template.rs records the non-identifier as a field placeholder after reporting
// it)
use role_dsl::role;

/// Lets the build Lambda read the artifacts of any commit.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow(
        "s3:ListBucket",
        on = "arn:aws:s3:::build-artifacts",
        when(StringLike("s3:prefix", "builds/{commit-sha}/*")),
    ),
)]
pub struct ArtifactReader;

fn main() {}

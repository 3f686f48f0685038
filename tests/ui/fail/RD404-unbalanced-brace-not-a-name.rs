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

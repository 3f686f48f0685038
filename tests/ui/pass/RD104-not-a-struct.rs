use role_dsl::role;

/// Lets the deploy pipeline update the site.
#[role(
    trust(service = "codebuild.amazonaws.com"),
    allow("s3:PutObject", on = "arn:aws:s3:::{bucket}/*"),
)]
pub struct SiteDeployer {
    pub bucket: String,
}

fn main() {}

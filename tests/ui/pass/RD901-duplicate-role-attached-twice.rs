use role_dsl::role;

mod shared {
    use role_dsl::policy;

    /// Read the configuration.
    #[policy(allow("s3:GetObject", on = "arn:aws:s3:::config/*"))]
    pub struct ReadConfig;
}

/// Each policy once.
#[role(trust(service = "lambda.amazonaws.com"), policies(shared::ReadConfig))]
pub struct App;

fn main() {}

use role_dsl::role;

/// Lets the reporting hosts read and write their data.
#[role(
    trust(service = "ec2.amazonaws.com"),
    allow("s3:GetObject s3:PutObject", on = "arn:aws:s3:::reporting-data/*"),
)]
pub struct ReportingHost;

fn main() {}

use role_dsl::role;

/// Lets the reporting hosts read their input data.
#[role(
    trust(service = "ec2.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::reporting-input/*", sid = "read-input"),
)]
pub struct ReportingHost;

fn main() {}

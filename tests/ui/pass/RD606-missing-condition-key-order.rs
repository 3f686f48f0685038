use role_dsl::role;

/// Lets the reporting hosts read the reports over TLS only.
#[role(
    trust(service = "ec2.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::reporting-data/*", when(Bool("aws:SecureTransport", true))),
)]
pub struct ReportingHost;

fn main() {}

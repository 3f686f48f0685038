use role_dsl::role;

/// Lets the reporting hosts list the reports folder.
#[role(
    trust(service = "ec2.amazonaws.com"),
    allow(
        "s3:ListBucket",
        on = "arn:aws:s3:::reporting-data",
        when(StringLike("s3:prefix", "reports/*")),
    ),
)]
pub struct ReportingHost;

fn main() {}

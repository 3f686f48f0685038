use role_dsl::role;

const REPORTING_VPC: &str = "vpc-0a1b2c3d4e5f67890";

/// Lets the reporting hosts read the reports, from their VPC only.
#[role(
    trust(service = "ec2.amazonaws.com"),
    allow(
        "s3:GetObject",
        on = "arn:aws:s3:::reporting-data/*",
        when(StringEquals("aws:SourceVpc", REPORTING_VPC)),
    ),
)]
pub struct ReportingHost;

fn main() {
    let _ = REPORTING_VPC;
}

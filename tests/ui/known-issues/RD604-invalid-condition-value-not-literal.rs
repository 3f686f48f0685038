// KNOWN ISSUE (not run; move back to ui/fail/ once fixed).
// Expected: one error at `REPORTING_VPC`: a condition value is a string, integer or boolean
// literal
// Got: that error (RD604) AND a follow-on RD606 `StringEquals` needs at least one value after its
// key` at `StringEquals`
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

use role_dsl::role;

/// Lets the reporting users read the reports.
#[role(
    trust(account = "111122223333"),
    allow(
        "s3:GetObject",
        on = "arn:aws:s3:::reporting-data/*",
        when(IpAddress("aws:SourceIp", "203.0.113.0/24")),
    ),
)]
pub struct ReportReader;

fn main() {}

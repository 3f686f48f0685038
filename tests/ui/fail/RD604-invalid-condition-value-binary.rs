use role_dsl::role;

/// Lets the reporting users read the reports.
#[role(
    trust(account = "111122223333"),
    allow(
        "s3:GetObject",
        on = "arn:aws:s3:::reporting-data/*",
        when(BinaryEquals("aws:RequestTag/checksum", "sha256:9f86d08")),
    ),
)]
pub struct ReportReader;

fn main() {}

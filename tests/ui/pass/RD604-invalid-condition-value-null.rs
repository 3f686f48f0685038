use role_dsl::role;

/// Lets the reporting users read the reports.
#[role(
    trust(account = "111122223333"),
    allow(
        "s3:GetObject",
        on = "arn:aws:s3:::reporting-data/*",
        when(Null("aws:MultiFactorAuthAge", false)),
    ),
)]
pub struct ReportReader;

fn main() {}

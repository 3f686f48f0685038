/// Reads the reports it is sent: a Deny leaves it only the reports bucket.
#[policy(
    allow("s3:GetObject*", on = "arn:{partition}:s3:::*/*"),
    deny("s3:*", not_on = ["arn:{partition}:s3:::reports/*"]),
)]
pub struct ReportReader;

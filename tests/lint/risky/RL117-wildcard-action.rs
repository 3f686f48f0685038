/// Reads the reports it is sent: every object of every bucket, through `s3:GetObject*`.
#[policy(
    allow("s3:GetObject*", on = "arn:{partition}:s3:::*/*"),
)]
pub struct ReportReader;

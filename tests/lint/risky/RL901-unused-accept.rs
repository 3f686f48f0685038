/// Reads one bucket.
#[policy(
    allow("s3:GetObject", on = "arn:aws:s3:::data/*", accept("RL103", "reads every bucket on purpose")),
)]
pub struct Reader;

/// Reads every bucket, on purpose.
#[policy(
    allow("s3:GetObject", on = "*",
          accept("RL103", "the backup job reads every bucket"),
          accept("RL117", "the backup job reads every bucket")),
)]
pub struct Reader;

use role_dsl::policy;

/// Read the shared configuration bucket.
#[policy(name = "read-config")]
pub struct ReadConfig;

fn main() {}

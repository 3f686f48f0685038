use role_dsl::policy;

/// A policy's path allows fewer characters than a role's: no `:`.
#[policy(path = "/team:a/", allow("s3:GetObject", on = "*"))]
pub struct ReadAll;

fn main() {}

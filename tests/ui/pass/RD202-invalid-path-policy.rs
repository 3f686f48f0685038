use role_dsl::{policy, role};

/// The same path is fine on a role.
#[role(path = "/team:a/", trust(service = "lambda.amazonaws.com"), allow("s3:GetObject", on = "*"))]
pub struct Reader;

/// And a policy's path of names.
#[policy(path = "/team-a/{env}/", allow("s3:GetObject", on = "*"))]
pub struct ReadAll {
    pub env: String,
}

fn main() {}

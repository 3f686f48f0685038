use role_dsl::role;

/// Boundaries and managed policies name policies; trust ARNs name principals.
#[role(
    trust(arn = ["arn:aws:iam::123456789012:role/ci", "arn:aws:sts::123456789012:assumed-role/ci/build", "arn:aws:iam::123456789012:user/alice", "{ci_role_arn}"]),
    allow("s3:GetObject", on = "*"),
    managed = ["arn:{partition}:iam::{account_id}:policy/team/read", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
    boundary = "arn:{partition}:iam::{account_id}:policy/boundary",
)]
pub struct Bounded {
    pub ci_role_arn: String,
}

fn main() {}

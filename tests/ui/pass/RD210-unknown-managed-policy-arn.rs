use role_dsl::role;

/// Read-only access for the auditors.
#[role(
    trust(account = "111122223333"),
    managed = ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
)]
pub struct Auditor;

fn main() {}

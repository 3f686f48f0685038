use role_dsl::role;

/// Read-only access to the storage services.
#[role(
    trust(account = "111122223333"),
    allow("s*:Get*", on = "*"),
)]
pub struct StorageReader;

fn main() {}

/// Assumed from the tooling account.
#[role(
    trust(account = "111122223333"),
)]
pub struct Tooling;

use role_dsl::role;

/// Sessions for the support engineers.
#[role(
    max_session = 3600,
    trust(account = "111122223333"),
    allow("support:DescribeCases", on = "*"),
)]
pub struct SupportEngineer;

fn main() {}

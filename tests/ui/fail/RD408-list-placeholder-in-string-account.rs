use role_dsl::role;

/// `account` wraps each account into an ARN, which a list's elements cannot be.
#[role(
    trust(account = "{accounts}"),
    allow("s3:GetObject", on = "*"),
)]
pub struct Reader {
    pub accounts: Vec<String>,
}

fn main() {}

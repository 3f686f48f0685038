use role_dsl::role;

/// Lets the partner's account read the shared exports.
#[role(
    trust(account = "111122223333", external_id = "acme corp"),
    allow("s3:GetObject", on = "arn:aws:s3:::acme-exports/*"),
)]
pub struct PartnerExportReader;

fn main() {}

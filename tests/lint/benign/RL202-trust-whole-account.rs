/// Assumed by a third party, with its external id.
#[role(
    trust(account = "111122223333", external_id = "acme-7f3a9"),
)]
pub struct ThirdParty;

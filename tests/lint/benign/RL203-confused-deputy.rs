/// Bedrock's model customization role, for this account's jobs only.
#[role(
    trust(service = "bedrock.amazonaws.com", when(StringEquals("aws:SourceAccount", "{account_id}"))),
)]
pub struct Customizer;

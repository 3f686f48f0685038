/// Bedrock's model customization role.
#[role(
    trust(service = "bedrock.amazonaws.com"),
)]
pub struct Customizer;

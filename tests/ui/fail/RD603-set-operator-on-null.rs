use role_dsl::role;

/// Lets the tagging Lambda create volumes, always tagged.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("ec2:CreateVolume", on = "*", when(ForAnyValue::Null("aws:TagKeys", false))),
)]
pub struct VolumeCreator;

fn main() {}

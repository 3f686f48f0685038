use role_dsl::role;

/// Lets the batch hosts read their input data.
#[role(
    trust(service = "ec2.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::batch-input/*"),
    instance_profile = "false",
)]
pub struct BatchHost;

fn main() {}

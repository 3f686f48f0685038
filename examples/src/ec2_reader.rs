//! An EC2 role with its instance profile: reads one bucket over TLS only, and may never
//! delete.

use role_dsl::role;

/// Lets the reporting hosts read their input data.
#[role(
    name = "ec2-data-reader",
    path = "/compute/",
    max_session = "2h",
    trust(service = "ec2.amazonaws.com"),
    allow(
        "s3:GetObject",
        "s3:ListBucket",
        on = ["arn:{partition}:s3:::{data_bucket}", "arn:{partition}:s3:::{data_bucket}/*"],
        when(Bool("aws:SecureTransport", true)),
        sid = "ReadData",
    ),
    allow(
        "ssm:GetParameter",
        "ssm:GetParametersByPath",
        on = "arn:{partition}:ssm:{region}:{account_id}:parameter/reporting/*",
    ),
    deny("s3:DeleteObject", "s3:DeleteBucket", on = "*", sid = "NeverDelete"),
)]
pub struct Ec2DataReader {
    pub data_bucket: String,
}

use role_dsl::role;

/// Lets the node provisioner look up the EKS-optimised AMI, a public SSM parameter.
#[role(
    trust(service = "ec2.amazonaws.com"),
    allow(
        "ssm:GetParameter",
        on = "arn:{partition}:ssm:{region}::parameter/service/eks/optimized-ami/*"
    ),
)]
pub struct NodeProvisioner;

fn main() {}

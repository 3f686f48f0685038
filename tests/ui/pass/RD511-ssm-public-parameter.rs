use role_dsl::role;

/// Lets the node provisioner look up the EKS-optimised AMI, a public SSM parameter: AWS owns it,
/// and its ARN has no account (Karpenter's getting-started template writes the same).
#[role(
    trust(service = "ec2.amazonaws.com"),
    allow(
        "ssm:GetParameter",
        on = "arn:{partition}:ssm:{region}::parameter/aws/service/eks/optimized-ami/*"
    ),
)]
pub struct NodeProvisioner;

fn main() {}

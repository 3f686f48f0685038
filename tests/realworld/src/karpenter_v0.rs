//! Karpenter before v1: the node role with the instance profile the template named after the
//! cluster, and the controller's single managed policy, from
//! aws/karpenter-provider-aws `website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml`
//! (commit 252b5eb58cb209c331eed9f2456b7549e418d29c). Originals: `originals/karpenter_v0/`.

use role_dsl::{policy, role};

// cloudformation.yaml, resources `KarpenterNodeRole` and `KarpenterNodeInstanceProfile`.
#[role(
    name = "KarpenterNodeRole-{cluster}",
    path = "/",
    trust(service = "ec2.amazonaws.com"),
    managed = [
        "AmazonEKS_CNI_Policy",
        "AmazonEKSWorkerNodePolicy",
        "AmazonEC2ContainerRegistryReadOnly",
        "AmazonSSMManagedInstanceCore",
    ],
    instance_profile = "KarpenterNodeInstanceProfile-{cluster}",
)]
pub struct KarpenterNodeRole {
    pub cluster: String,
}

// cloudformation.yaml, resource `KarpenterControllerPolicy`; `KarpenterInterruptionQueue.Arn` is
// the template's queue, named after the cluster.
#[policy(
    name = "KarpenterControllerPolicy-{cluster}",
    allow(
        "ec2:CreateFleet",
        "ec2:CreateLaunchTemplate",
        "ec2:CreateTags",
        "ec2:DeleteLaunchTemplate",
        "ec2:RunInstances",
        "ec2:TerminateInstances",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeImages",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceTypeOfferings",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSpotPriceHistory",
        "ec2:DescribeSubnets",
        "pricing:GetProducts",
        "ssm:GetParameter",
        on = "*",
    ),
    allow(
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ReceiveMessage",
        on = "arn:{partition}:sqs:{region}:{account_id}:{cluster}",
    ),
    allow(
        "iam:PassRole",
        on = "arn:{partition}:iam::{account_id}:role/KarpenterNodeRole-{cluster}",
    ),
    allow(
        "eks:DescribeCluster",
        on = "arn:{partition}:eks:{region}:{account_id}:cluster/{cluster}",
    )
)]
pub struct KarpenterControllerPolicy {
    pub cluster: String,
}

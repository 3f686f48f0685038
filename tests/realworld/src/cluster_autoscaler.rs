//! The Kubernetes cluster-autoscaler on AWS: the IAM policy of kubernetes/autoscaler
//! `cluster-autoscaler/cloudprovider/aws/README.md` (commit 604ab4523699128ca9bcb8288d087d49988540f8).
//! Originals: `originals/cluster_autoscaler/`.

use role_dsl::policy;

// README.md, "IAM Policy"; the README leaves its name to the reader.
#[policy(
    name = "AmazonEKSClusterAutoscalerPolicy",
    allow(
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:SetDesiredCapacity",
        "autoscaling:TerminateInstanceInAutoScalingGroup",
        on = ["*"],
    ),
)]
pub struct ClusterAutoscalerPolicy;

//! Karpenter, the EKS node autoscaler, as its getting-started guide deploys it: the node role and
//! the controller's five managed policies of
//! aws/karpenter-provider-aws `website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml`
//! (commit 8b5313cae4b8d2f594a13ec8968f5595bd5c74f2), and the controller role of the guide for
//! migrating from cluster-autoscaler,
//! `website/content/en/docs/getting-started/migrating-from-cas/scripts/step04-controller-iam.sh`
//! (commit 5e0c3229b4afb6574444367092fbf96cc0ee0f9b). Originals: `originals/karpenter/`.

use role_dsl::{policy, role};

// cloudformation.yaml, resource `KarpenterNodeRole`. The template creates no instance profile:
// Karpenter creates its own from the EC2NodeClass.
#[role(
    name = "KarpenterNodeRole-{cluster}",
    path = "/",
    trust(service = "ec2.amazonaws.com"),
    managed = [
        "AmazonEKS_CNI_Policy",
        "AmazonEKSWorkerNodePolicy",
        "AmazonEC2ContainerRegistryPullOnly",
        "AmazonSSMManagedInstanceCore",
    ],
    instance_profile = false,
)]
pub struct KarpenterNodeRole {
    pub cluster: String,
}

// cloudformation.yaml, resource `NodeLifecyclePolicy`.
#[policy(
    name = "KarpenterControllerNodeLifecyclePolicy-{cluster}",
    path = "/",
    allow(
        "ec2:RunInstances",
        "ec2:CreateFleet",
        on = [
            "arn:{partition}:ec2:{region}::image/*",
            "arn:{partition}:ec2:{region}::snapshot/*",
            "arn:{partition}:ec2:{region}:*:security-group/*",
            "arn:{partition}:ec2:{region}:*:subnet/*",
            "arn:{partition}:ec2:{region}:*:capacity-reservation/*",
        ],
        sid = "AllowScopedEC2InstanceAccessActions",
    ),
    allow(
        "ec2:RunInstances",
        "ec2:CreateFleet",
        on = "arn:{partition}:ec2:{region}:*:launch-template/*",
        when(
            StringEquals("aws:ResourceTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringLike("aws:ResourceTag/karpenter.sh/nodepool", "*"),
        ),
        sid = "AllowScopedEC2LaunchTemplateAccessActions",
    ),
    allow(
        "ec2:RunInstances",
        "ec2:CreateFleet",
        "ec2:CreateLaunchTemplate",
        on = [
            "arn:{partition}:ec2:{region}:*:fleet/*",
            "arn:{partition}:ec2:{region}:*:instance/*",
            "arn:{partition}:ec2:{region}:*:volume/*",
            "arn:{partition}:ec2:{region}:*:network-interface/*",
            "arn:{partition}:ec2:{region}:*:launch-template/*",
            "arn:{partition}:ec2:{region}:*:spot-instances-request/*",
        ],
        when(
            StringEquals("aws:RequestTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringEquals("aws:RequestTag/eks:eks-cluster-name", "{cluster}"),
            StringLike("aws:RequestTag/karpenter.sh/nodepool", "*"),
        ),
        sid = "AllowScopedEC2InstanceActionsWithTags",
    ),
    allow(
        "ec2:CreateTags",
        on = [
            "arn:{partition}:ec2:{region}:*:fleet/*",
            "arn:{partition}:ec2:{region}:*:instance/*",
            "arn:{partition}:ec2:{region}:*:volume/*",
            "arn:{partition}:ec2:{region}:*:network-interface/*",
            "arn:{partition}:ec2:{region}:*:launch-template/*",
            "arn:{partition}:ec2:{region}:*:spot-instances-request/*",
        ],
        when(
            StringEquals("aws:RequestTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringEquals("aws:RequestTag/eks:eks-cluster-name", "{cluster}"),
            StringEquals(
                "ec2:CreateAction",
                ["RunInstances", "CreateFleet", "CreateLaunchTemplate"]
            ),
            StringLike("aws:RequestTag/karpenter.sh/nodepool", "*"),
        ),
        sid = "AllowScopedResourceCreationTagging",
    ),
    allow(
        "ec2:CreateTags",
        on = "arn:{partition}:ec2:{region}:*:instance/*",
        when(
            StringEquals("aws:ResourceTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringLike("aws:ResourceTag/karpenter.sh/nodepool", "*"),
            StringEqualsIfExists("aws:RequestTag/eks:eks-cluster-name", "{cluster}"),
            ForAllValues::StringEquals(
                "aws:TagKeys",
                ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"]
            ),
        ),
        sid = "AllowScopedResourceTagging",
    ),
    allow(
        "ec2:TerminateInstances",
        "ec2:DeleteLaunchTemplate",
        on = [
            "arn:{partition}:ec2:{region}:*:instance/*",
            "arn:{partition}:ec2:{region}:*:launch-template/*",
        ],
        when(
            StringEquals("aws:ResourceTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringLike("aws:ResourceTag/karpenter.sh/nodepool", "*"),
        ),
        sid = "AllowScopedDeletion",
    ),
)]
pub struct KarpenterControllerNodeLifecyclePolicy {
    pub cluster: String,
}

// cloudformation.yaml, resource `IAMIntegrationPolicy`; `${KarpenterNodeRole.Arn}` is the node
// role above, whose path is `/`.
#[policy(
    name = "KarpenterControllerIAMIntegrationPolicy-{cluster}",
    path = "/",
    allow(
        "iam:PassRole",
        on = "arn:{partition}:iam::{account_id}:role/KarpenterNodeRole-{cluster}",
        when(StringEquals(
            "iam:PassedToService",
            ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"]
        )),
        sid = "AllowPassingInstanceRole",
    ),
    allow(
        "iam:CreateInstanceProfile",
        on = "arn:{partition}:iam::{account_id}:instance-profile/*",
        when(
            StringEquals("aws:RequestTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringEquals("aws:RequestTag/eks:eks-cluster-name", "{cluster}"),
            StringEquals("aws:RequestTag/topology.kubernetes.io/region", "{region}"),
            StringLike("aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", "*"),
        ),
        sid = "AllowScopedInstanceProfileCreationActions",
    ),
    allow(
        "iam:TagInstanceProfile",
        on = "arn:{partition}:iam::{account_id}:instance-profile/*",
        when(
            StringEquals("aws:ResourceTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringEquals("aws:ResourceTag/topology.kubernetes.io/region", "{region}"),
            StringEquals("aws:RequestTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringEquals("aws:RequestTag/eks:eks-cluster-name", "{cluster}"),
            StringEquals("aws:RequestTag/topology.kubernetes.io/region", "{region}"),
            StringLike("aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass", "*"),
            StringLike("aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", "*"),
        ),
        sid = "AllowScopedInstanceProfileTagActions",
    ),
    allow(
        "iam:AddRoleToInstanceProfile",
        "iam:RemoveRoleFromInstanceProfile",
        "iam:DeleteInstanceProfile",
        on = "arn:{partition}:iam::{account_id}:instance-profile/*",
        when(
            StringEquals("aws:ResourceTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringEquals("aws:ResourceTag/topology.kubernetes.io/region", "{region}"),
            StringLike("aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass", "*"),
        ),
        sid = "AllowScopedInstanceProfileActions",
    ),
)]
pub struct KarpenterControllerIAMIntegrationPolicy {
    pub cluster: String,
}

// cloudformation.yaml, resource `EKSIntegrationPolicy`.
#[policy(
    name = "KarpenterControllerEKSIntegrationPolicy-{cluster}",
    path = "/",
    allow(
        "eks:DescribeCluster",
        on = "arn:{partition}:eks:{region}:{account_id}:cluster/{cluster}",
        sid = "AllowAPIServerEndpointDiscovery",
    )
)]
pub struct KarpenterControllerEKSIntegrationPolicy {
    pub cluster: String,
}

// cloudformation.yaml, resource `InterruptionPolicy`; `${KarpenterInterruptionQueue.Arn}` is the
// template's queue, named after the cluster.
#[policy(
    name = "KarpenterControllerInterruptionPolicy-{cluster}",
    path = "/",
    allow(
        "sqs:DeleteMessage",
        "sqs:GetQueueUrl",
        "sqs:ReceiveMessage",
        on = "arn:{partition}:sqs:{region}:{account_id}:{cluster}",
        sid = "AllowInterruptionQueueActions",
    )
)]
pub struct KarpenterControllerInterruptionPolicy {
    pub cluster: String,
}

// cloudformation.yaml, resource `ResourceDiscoveryPolicy`.
#[policy(
    name = "KarpenterControllerResourceDiscoveryPolicy-{cluster}",
    path = "/",
    allow(
        "ec2:DescribeCapacityReservations",
        "ec2:DescribeImages",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceTypeOfferings",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSpotPriceHistory",
        "ec2:DescribeSubnets",
        on = "*",
        when(StringEquals("aws:RequestedRegion", "{region}")),
        sid = "AllowRegionalReadActions",
    ),
    allow(
        "ssm:GetParameter",
        on = "arn:{partition}:ssm:{region}::parameter/aws/service/*",
        sid = "AllowSSMReadActions",
    ),
    allow("pricing:GetProducts", on = "*", sid = "AllowPricingReadActions"),
    allow(
        "iam:ListInstanceProfiles",
        on = "*",
        sid = "AllowUnscopedInstanceProfileListAction",
    ),
    allow(
        "iam:GetInstanceProfile",
        on = "arn:{partition}:iam::{account_id}:instance-profile/*",
        sid = "AllowInstanceProfileReadActions",
    )
)]
pub struct KarpenterControllerResourceDiscoveryPolicy {
    pub cluster: String,
}

// step04-controller-iam.sh: the IRSA role of the controller and its inline policy. The script
// strips the scheme from the cluster's OIDC issuer URL (`${OIDC_ENDPOINT#*//}`): the provider host.
#[role(
    name = "KarpenterControllerRole-{cluster}",
    trust(
        oidc = "{oidc_provider}",
        when(
            StringEquals("{oidc_provider}:aud", "sts.amazonaws.com"),
            StringEquals("{oidc_provider}:sub", "system:serviceaccount:karpenter:karpenter"),
        ),
    ),
    allow(
        "ssm:GetParameter",
        "ec2:DescribeImages",
        "ec2:RunInstances",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeInstanceTypeOfferings",
        "ec2:DescribeAvailabilityZones",
        "ec2:DeleteLaunchTemplate",
        "ec2:CreateTags",
        "ec2:CreateLaunchTemplate",
        "ec2:CreateFleet",
        "ec2:DescribeSpotPriceHistory",
        "pricing:GetProducts",
        on = "*",
        sid = "Karpenter",
    ),
    allow(
        "ec2:TerminateInstances",
        on = "*",
        when(StringLike("ec2:ResourceTag/karpenter.sh/provisioner-name", "*")),
        sid = "ConditionalEC2Termination",
    ),
    allow(
        "iam:PassRole",
        on = "arn:{partition}:iam::{account_id}:role/KarpenterNodeRole-{cluster}",
        sid = "PassNodeIAMRole",
    ),
    allow(
        "eks:DescribeCluster",
        on = "arn:{partition}:eks:{region}:{account_id}:cluster/{cluster}",
        sid = "EKSClusterEndpointLookup",
    ),
    allow(
        "iam:CreateInstanceProfile",
        on = "*",
        when(
            StringEquals("aws:RequestTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringEquals("aws:RequestTag/topology.kubernetes.io/region", "{region}"),
            StringLike("aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", "*"),
        ),
        sid = "AllowScopedInstanceProfileCreationActions",
    ),
    allow(
        "iam:TagInstanceProfile",
        on = "*",
        when(
            StringEquals("aws:ResourceTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringEquals("aws:ResourceTag/topology.kubernetes.io/region", "{region}"),
            StringEquals("aws:RequestTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringEquals("aws:RequestTag/topology.kubernetes.io/region", "{region}"),
            StringLike("aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass", "*"),
            StringLike("aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", "*"),
        ),
        sid = "AllowScopedInstanceProfileTagActions",
    ),
    allow(
        "iam:AddRoleToInstanceProfile",
        "iam:RemoveRoleFromInstanceProfile",
        "iam:DeleteInstanceProfile",
        on = "*",
        when(
            StringEquals("aws:ResourceTag/kubernetes.io/cluster/{cluster}", "owned"),
            StringEquals("aws:ResourceTag/topology.kubernetes.io/region", "{region}"),
            StringLike("aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass", "*"),
        ),
        sid = "AllowScopedInstanceProfileActions",
    ),
    allow(
        "iam:GetInstanceProfile",
        on = "*",
        sid = "AllowInstanceProfileReadActions",
    )
)]
pub struct KarpenterControllerRole {
    pub cluster: String,
    pub oidc_provider: String,
}

//! The Amazon VPC CNI plugin (`aws-node`) with its own IRSA role, as the EKS user guide sets it
//! up: awsdocs/amazon-eks-user-guide `latest/ug/networking/cni-iam-role.adoc`
//! (commit 0cc5a7608f9d1162d052bf2a61eddebc3352139f). Originals: `originals/vpc_cni/`.

use role_dsl::{policy, role};

// cni-iam-role.adoc, kubectl and the AWS CLI: vpc-cni-trust-policy.json, and the IPv4 cluster's
// attachment of the AWS managed policy.
#[role(
    name = "AmazonEKSVPCCNIRole",
    trust(
        oidc = "oidc.eks.{region}.amazonaws.com/id/{oidc_id}",
        when(
            StringEquals("oidc.eks.{region}.amazonaws.com/id/{oidc_id}:aud", "sts.amazonaws.com"),
            StringEquals(
                "oidc.eks.{region}.amazonaws.com/id/{oidc_id}:sub",
                "system:serviceaccount:kube-system:aws-node"
            ),
        ),
    ),
    managed = ["AmazonEKS_CNI_Policy"],
)]
pub struct AmazonEKSVPCCNIRole {
    pub oidc_id: String,
}

// cni-iam-role.adoc, "Create IAM policy for clusters that use the IPv6 family":
// vpc-cni-ipv6-policy.json.
#[policy(
    name = "AmazonEKS_CNI_IPv6_Policy",
    allow(
        "ec2:AssignIpv6Addresses",
        "ec2:DescribeInstances",
        "ec2:DescribeTags",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeInstanceTypes",
        on = "*",
    ),
    allow("ec2:CreateTags", on = ["arn:{partition}:ec2:*:*:network-interface/*"]),
)]
pub struct AmazonEksCniIpv6Policy;

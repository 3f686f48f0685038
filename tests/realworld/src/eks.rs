//! The most common EKS roles, as the EKS user guide (awsdocs/amazon-eks-user-guide) writes them:
//! a service account's IRSA role (`latest/ug/manage-access/aws-access/associate-service-account-role.adoc`,
//! commit 14550e8384f8b063a4b66392a9a208da260cf4dd), a Pod Identity role restricted to one
//! service account (`latest/ug/manage-access/aws-access/pod-id-role.adoc`, commit
//! 2edffcb14bca54edc61e5a925eb6b3c97fde11f0), and the cluster role with the minimal policy it
//! may take instead of the managed one (`latest/ug/security/iam-reference/cluster-iam-role.adoc`,
//! commit 1fe584bb85015901f37598d1e033b00164b5cead). Originals: `originals/eks/`.

use role_dsl::{policy, role};

// associate-service-account-role.adoc, "Create and associate role (AWS CLI)": the trust policy
// of trust-relationship.json, `create-role --description`, and `attach-role-policy`.
#[role(
    name = "{role_name}",
    description = "{role_description}",
    trust(
        oidc = "{oidc_provider}",
        when(
            StringEquals("{oidc_provider}:aud", "sts.amazonaws.com"),
            StringEquals(
                "{oidc_provider}:sub",
                "system:serviceaccount:{namespace}:{service_account}"
            ),
        ),
    ),
    managed = ["arn:{partition}:iam::{account_id}:policy/{policy_name}"],
)]
pub struct ServiceAccountRole {
    pub role_name: String,
    pub role_description: String,
    pub oidc_provider: String,
    pub namespace: String,
    pub service_account: String,
    pub policy_name: String,
}

// pod-id-role.adoc: the trust policy that restricts a Pod Identity role to one namespace and
// service account, with the session tags EKS Pod Identity sets.
#[role(
    name = "EksPodIdentityRole",
    trust(
        service = "pods.eks.amazonaws.com",
        actions = ["sts:AssumeRole", "sts:TagSession"],
        when(
            StringEquals("aws:RequestTag/kubernetes-namespace", "{namespace}"),
            StringEquals("aws:RequestTag/kubernetes-service-account", "{service_account}"),
        ),
        sid = "AllowEksAuthToAssumeRoleForPodIdentity",
    ),
)]
pub struct EksPodIdentityRole {
    pub namespace: String,
    pub service_account: String,
}

// cluster-iam-role.adoc, "Creating the Amazon EKS cluster role", AWS CLI.
#[role(
    name = "eksClusterRole",
    trust(service = "eks.amazonaws.com"),
    managed = ["AmazonEKSClusterPolicy"],
)]
pub struct EksClusterRole;

// cluster-iam-role.adoc: the minimal custom policy a cluster role may have instead of
// AmazonEKSClusterPolicy. The guide leaves its name to the reader.
#[policy(
    name = "AmazonEKSClusterMinimalPolicy",
    allow(
        "ec2:CreateTags",
        on = "arn:{partition}:ec2:*:*:instance/*",
        when(ForAnyValue::StringLike("aws:TagKeys", "kubernetes.io/cluster/*")),
    ),
    allow(
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeVpcs",
        "ec2:DescribeDhcpOptions",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInstanceTopology",
        "kms:DescribeKey",
        on = "*",
    )
)]
pub struct EksClusterMinimalPolicy;

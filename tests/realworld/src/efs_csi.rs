//! The Amazon EFS CSI driver: its example IAM policy, from kubernetes-sigs/aws-efs-csi-driver
//! `docs/iam-policy-example.json` (commit 12ddb90ecd8c5ac30e4051bd6d1e79eb9b2842fe), and the IRSA
//! role the EKS user guide creates for it, awsdocs/amazon-eks-user-guide
//! `latest/ug/storage/efs-csi.adoc` (commit 0ce90ef1ec408ad793cccdc8b8b5819961477101).
//! Originals: `originals/efs_csi/`.

use role_dsl::{policy, role};

// iam-policy-example.json; the document leaves its name to the reader.
#[policy(
    name = "AmazonEKS_EFS_CSI_Driver_Policy",
    allow(
        "elasticfilesystem:DescribeAccessPoints",
        "elasticfilesystem:DescribeFileSystems",
        on = "*",
    ),
    allow(
        "elasticfilesystem:CreateAccessPoint",
        on = "*",
        when(StringLike("aws:RequestTag/efs.csi.aws.com/cluster", "true")),
    ),
    allow(
        "elasticfilesystem:DeleteAccessPoint",
        on = "*",
        when(StringEquals("aws:ResourceTag/efs.csi.aws.com/cluster", "true")),
    )
)]
pub struct AmazonEksEfsCsiDriverPolicy;

// efs-csi.adoc, "If using IAM roles for service accounts" (AWS CLI): the trust policy lets every
// service account of the driver (`efs-csi-*`) in, and the role gets the AWS managed policy.
#[role(
    name = "AmazonEKS_EFS_CSI_DriverRole",
    trust(
        oidc = "oidc.eks.{region}.amazonaws.com/id/{oidc_id}",
        when(
            StringLike(
                "oidc.eks.{region}.amazonaws.com/id/{oidc_id}:sub",
                "system:serviceaccount:kube-system:efs-csi-*"
            ),
            StringLike("oidc.eks.{region}.amazonaws.com/id/{oidc_id}:aud", "sts.amazonaws.com"),
        ),
    ),
    managed = ["service-role/AmazonEFSCSIDriverPolicy"],
)]
pub struct AmazonEksEfsCsiDriverRole {
    pub oidc_id: String,
}

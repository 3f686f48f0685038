//! The Amazon EBS CSI driver's example IAM policy, from kubernetes-sigs/aws-ebs-csi-driver
//! `docs/example-iam-policy.json` (commit 050d130f5814d2e366158058c557a7c25f536441).
//! Originals: `originals/ebs_csi/`.

use role_dsl::policy;

// example-iam-policy.json; the driver's docs leave its name to the reader.
#[policy(
    name = "AmazonEKS_EBS_CSI_Driver_Policy",
    allow(
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInstances",
        "ec2:DescribeSnapshots",
        "ec2:DescribeTags",
        "ec2:DescribeVolumes",
        "ec2:DescribeVolumesModifications",
        "ec2:DescribeVolumeStatus",
        on = "*",
    ),
    allow(
        "ec2:CreateSnapshot",
        "ec2:ModifyVolume",
        on = "arn:aws:ec2:*:*:volume/*",
    ),
    allow("ec2:CopyVolumes", on = ["arn:aws:ec2:*:*:volume/vol-*"]),
    allow(
        "ec2:AttachVolume",
        "ec2:DetachVolume",
        on = ["arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:instance/*"],
    ),
    allow(
        "ec2:CreateVolume",
        "ec2:EnableFastSnapshotRestores",
        on = "arn:aws:ec2:*:*:snapshot/*",
    ),
    allow(
        "ec2:CreateTags",
        on = ["arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:snapshot/*"],
        when(StringEquals(
            "ec2:CreateAction",
            ["CreateVolume", "CreateSnapshot", "CopyVolumes"]
        )),
    ),
    allow(
        "ec2:DeleteTags",
        on = ["arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:snapshot/*"],
    ),
    allow(
        "ec2:CreateVolume",
        "ec2:CopyVolumes",
        on = "arn:aws:ec2:*:*:volume/*",
        when(StringLike("aws:RequestTag/ebs.csi.aws.com/cluster", "true")),
    ),
    allow(
        "ec2:CreateVolume",
        "ec2:CopyVolumes",
        on = "arn:aws:ec2:*:*:volume/*",
        when(StringLike("aws:RequestTag/CSIVolumeName", "*")),
    ),
    allow(
        "ec2:DeleteVolume",
        on = "arn:aws:ec2:*:*:volume/*",
        when(StringLike("ec2:ResourceTag/ebs.csi.aws.com/cluster", "true")),
    ),
    allow(
        "ec2:DeleteVolume",
        on = "arn:aws:ec2:*:*:volume/*",
        when(StringLike("ec2:ResourceTag/CSIVolumeName", "*")),
    ),
    allow(
        "ec2:DeleteVolume",
        on = "arn:aws:ec2:*:*:volume/*",
        when(StringLike("ec2:ResourceTag/kubernetes.io/created-for/pvc/name", "*")),
    ),
    allow(
        "ec2:CreateSnapshot",
        on = "arn:aws:ec2:*:*:snapshot/*",
        when(StringLike("aws:RequestTag/CSIVolumeSnapshotName", "*")),
    ),
    allow(
        "ec2:CreateSnapshot",
        on = "arn:aws:ec2:*:*:snapshot/*",
        when(StringLike("aws:RequestTag/ebs.csi.aws.com/cluster", "true")),
    ),
    allow(
        "ec2:DeleteSnapshot",
        on = "arn:aws:ec2:*:*:snapshot/*",
        when(StringLike("ec2:ResourceTag/CSIVolumeSnapshotName", "*")),
    ),
    allow(
        "ec2:DeleteSnapshot",
        on = "arn:aws:ec2:*:*:snapshot/*",
        when(StringLike("ec2:ResourceTag/ebs.csi.aws.com/cluster", "true")),
    ),
)]
pub struct AmazonEbsCsiDriverPolicy;

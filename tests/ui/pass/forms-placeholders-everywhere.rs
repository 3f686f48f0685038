use role_dsl::{policy, role};

/// The service account role of an EKS cluster (IRSA): the cluster's OIDC host stands in the
/// condition keys, the cluster's name in the role's name, path, description and tags.
#[role(
    name = "{cluster}-ebs-csi-driver",
    description = "EBS CSI driver of cluster {cluster}",
    path = "/eks/{cluster}/",
    trust(
        oidc = "oidc.eks.{region}.amazonaws.com/id/{oidc_id}",
        when(
            StringEquals("oidc.eks.{region}.amazonaws.com/id/{oidc_id}:aud", "sts.amazonaws.com"),
            StringEquals("oidc.eks.{region}.amazonaws.com/id/{oidc_id}:sub", "system:serviceaccount:kube-system:ebs-csi-controller-sa"),
        ),
    ),
    allow(
        "ec2:CreateTags",
        on = "arn:{partition}:ec2:*:*:volume/*",
        when(StringEquals("aws:ResourceTag/kubernetes.io/cluster/{cluster}", "owned")),
    ),
    tags(cluster = "{cluster}", "managed-by" = "role-dsl"),
    instance_profile = "{cluster}-nodes",
)]
pub struct EbsCsiDriver {
    pub cluster: String,
    pub oidc_id: String,
}

/// A whole principal given by a parameter: the provider's ARN, a CI role's ARN.
#[role(
    trust(oidc = "{provider_arn}", when(StringEquals("{provider_host}:aud", "sts.amazonaws.com"))),
    trust(arn = "{ci_role_arn}"),
    allow("s3:GetObject", on = "*"),
)]
pub struct Deployer {
    pub provider_arn: String,
    pub provider_host: String,
    pub ci_role_arn: String,
}

/// A managed policy named after its cluster, tagged.
#[policy(
    name = "KarpenterControllerPolicy-{cluster}",
    path = "/karpenter/",
    allow(
        "ec2:TerminateInstances",
        on = "arn:{partition}:ec2:{region}:*:instance/*",
        when(StringLike("aws:ResourceTag/karpenter.sh/nodepool", "*"), StringEquals("aws:ResourceTag/kubernetes.io/cluster/{cluster}", "owned")),
    ),
    tags(cluster = "{cluster}"),
)]
pub struct KarpenterControllerPolicy {
    pub cluster: String,
}

fn main() {
    use role_dsl::{Env, Policy, Role};
    let env = Env {
        region: Some("eu-west-1".into()),
        account_id: Some("123456789012".into()),
        ..Env::default()
    };
    let role = EbsCsiDriver {
        cluster: "prod".into(),
        oidc_id: "ABC".into(),
    };
    assert_eq!(role.name(&env).unwrap(), "prod-ebs-csi-driver");
    let trust = role.trust_policy(&env).unwrap();
    assert_eq!(
        trust["Statement"][0]["Condition"]["StringEquals"]["oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"],
        "system:serviceaccount:kube-system:ebs-csi-controller-sa"
    );
    let policy = KarpenterControllerPolicy { cluster: "prod".into() };
    assert_eq!(policy.name(&env).unwrap(), "KarpenterControllerPolicy-prod");
    // A value that makes the name too long is refused where it is resolved.
    let long = EbsCsiDriver { cluster: "x".repeat(60), oidc_id: "ABC".into() };
    assert!(long.name(&env).is_err());
    // The traits are object-safe.
    let roles: Vec<Box<dyn Role>> = vec![Box::new(role), Box::new(long)];
    assert_eq!(roles.len(), 2);
}

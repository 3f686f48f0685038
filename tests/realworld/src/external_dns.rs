//! ExternalDNS on AWS: the `AllowExternalDNSUpdates` policy and the IRSA role of
//! kubernetes-sigs/external-dns `docs/tutorials/aws.md` (commit 76f7a66333833fdbad0d2f927430d96a27561c4c).
//! Originals: `originals/external_dns/`.

use role_dsl::{policy, role};

// aws.md, "IAM Policy".
#[policy(
    name = "AllowExternalDNSUpdates",
    allow(
        "route53:ChangeResourceRecordSets",
        on = ["arn:aws:route53:::hostedzone/*"],
    ),
    allow(
        "route53:ListHostedZones",
        "route53:ListResourceRecordSets",
        on = ["*"],
    ),
)]
pub struct AllowExternalDnsUpdates;

// aws.md, "Use aws cli with any EKS cluster": trust.json, and the policy above attached.
#[role(
    name = "external-dns-irsa-role",
    trust(
        oidc = "{oidc_provider}",
        when(
            StringEquals(
                "{oidc_provider}:sub",
                "system:serviceaccount:{namespace}:external-dns"
            ),
            StringEquals("{oidc_provider}:aud", "sts.amazonaws.com"),
        ),
    ),
    policies(AllowExternalDnsUpdates)
)]
pub struct ExternalDnsIrsaRole {
    pub oidc_provider: String,
    pub namespace: String,
}

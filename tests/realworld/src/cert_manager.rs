//! cert-manager solving ACME DNS-01 challenges with Route53, as cert-manager/website
//! `content/docs/configuration/acme/dns01/route53.md` (commit ccfe3ad939567d352f5c8b5a7c9f28378048fc0d)
//! sets it up: the Route53 policy, the cross-account pair of roles (`dns-manager` in the DNS
//! account, `cert-manager` in the cluster's), and the IRSA role an Issuer references.
//! Originals: `originals/cert_manager/`.

use role_dsl::{policy, role};

// route53.md, "Set up an IAM Policy"; the page names no policy.
#[policy(
    name = "cert-manager-route53",
    allow("route53:GetChange", on = "arn:aws:route53:::change/*"),
    allow(
        "route53:ChangeResourceRecordSets",
        "route53:ListResourceRecordSets",
        on = "arn:aws:route53:::hostedzone/*",
    ),
    allow("route53:ListHostedZonesByName", on = "*")
)]
pub struct CertManagerRoute53;

// route53.md, "Cross Account Access": the role in the account that holds the zones, trusted by
// the cert-manager role of the cluster's account.
#[role(
    name = "dns-manager",
    trust(arn = "{cert_manager_role_arn}"),
    policies(CertManagerRoute53)
)]
pub struct DnsManager {
    pub cert_manager_role_arn: String,
}

// route53.md, "Cross Account Access": the cert-manager role in the cluster's account, a
// credentials source on the nodes that may assume `dns-manager`.
#[role(
    name = "cert-manager",
    trust(service = "ec2.amazonaws.com"),
    allow(
        "sts:AssumeRole",
        on = "arn:{partition}:iam::{dns_account_id}:role/dns-manager",
    )
)]
pub struct CertManager {
    pub dns_account_id: String,
}

// route53.md, "Referencing your own ServiceAccount within Issuer/ClusterIssuer config": the
// trust policy for a ServiceAccount an Issuer names, with the permissions policy above.
#[role(
    name = "{role_name}",
    trust(
        oidc = "oidc.eks.{region}.amazonaws.com/id/{eks_hash}",
        when(StringEquals(
            "oidc.eks.{region}.amazonaws.com/id/{eks_hash}:sub",
            "system:serviceaccount:{namespace}:{service_account}"
        )),
    ),
    policies(CertManagerRoute53)
)]
pub struct IssuerServiceAccountRole {
    pub role_name: String,
    pub eks_hash: String,
    pub namespace: String,
    pub service_account: String,
}

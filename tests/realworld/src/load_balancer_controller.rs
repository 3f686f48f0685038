//! The AWS Load Balancer Controller: its IAM policy, from kubernetes-sigs/aws-load-balancer-controller
//! `docs/install/iam_policy.json` (commit 2b150b977b79dcad119243f2e8f3625ea5bb7e81), and the IRSA
//! role the EKS user guide creates for it, awsdocs/amazon-eks-user-guide
//! `latest/ug/networking/lbc-manifest.adoc` (commit 0cc5a7608f9d1162d052bf2a61eddebc3352139f).
//! Originals: `originals/load_balancer_controller/`.

use role_dsl::{policy, role};

// iam_policy.json, created as `AWSLoadBalancerControllerIAMPolicy` by the install guide.
#[policy(
    name = "AWSLoadBalancerControllerIAMPolicy",
    allow(
        "iam:CreateServiceLinkedRole",
        on = "*",
        when(StringEquals("iam:AWSServiceName", "elasticloadbalancing.amazonaws.com")),
    ),
    allow(
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:GetCoipPoolUsage",
        "ec2:DescribeCoipPools",
        "ec2:GetSecurityGroupsForVpc",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
        on = "*",
    ),
    allow(
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
        "shield:CreateProtection",
        "shield:DeleteProtection",
        on = "*",
    ),
    allow(
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupIngress",
        on = "*",
    ),
    allow("ec2:CreateSecurityGroup", on = "*"),
    allow(
        "ec2:CreateTags",
        on = "arn:aws:ec2:*:*:security-group/*",
        when(
            StringEquals("ec2:CreateAction", "CreateSecurityGroup"),
            Null("aws:RequestTag/elbv2.k8s.aws/cluster", false),
        ),
    ),
    allow(
        "ec2:CreateTags",
        "ec2:DeleteTags",
        on = "arn:aws:ec2:*:*:security-group/*",
        when(
            Null("aws:RequestTag/elbv2.k8s.aws/cluster", true),
            Null("aws:ResourceTag/elbv2.k8s.aws/cluster", false),
        ),
    ),
    allow(
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:DeleteSecurityGroup",
        on = "*",
        when(Null("aws:ResourceTag/elbv2.k8s.aws/cluster", false)),
    ),
    allow(
        "elasticloadbalancing:CreateLoadBalancer",
        "elasticloadbalancing:CreateTargetGroup",
        on = "*",
        when(Null("aws:RequestTag/elbv2.k8s.aws/cluster", false)),
    ),
    allow(
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
        on = "*",
    ),
    allow(
        "elasticloadbalancing:AddTags",
        "elasticloadbalancing:RemoveTags",
        on = [
            "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
            "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
            "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
        ],
        when(
            Null("aws:RequestTag/elbv2.k8s.aws/cluster", true),
            Null("aws:ResourceTag/elbv2.k8s.aws/cluster", false),
        ),
    ),
    allow(
        "elasticloadbalancing:AddTags",
        "elasticloadbalancing:RemoveTags",
        on = [
            "arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*",
            "arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*",
            "arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*",
            "arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*",
        ],
    ),
    allow(
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:ModifyCapacityReservation",
        on = "*",
        when(Null("aws:ResourceTag/elbv2.k8s.aws/cluster", false)),
    ),
    allow(
        "elasticloadbalancing:AddTags",
        on = [
            "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
            "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
            "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
        ],
        when(
            StringEquals(
                "elasticloadbalancing:CreateAction",
                ["CreateTargetGroup", "CreateLoadBalancer"]
            ),
            Null("aws:RequestTag/elbv2.k8s.aws/cluster", false),
        ),
    ),
    allow(
        "elasticloadbalancing:RegisterTargets",
        "elasticloadbalancing:DeregisterTargets",
        on = "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
    ),
    allow(
        "elasticloadbalancing:SetWebAcl",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        on = "*",
    ),
)]
pub struct AWSLoadBalancerControllerIAMPolicy;

// lbc-manifest.adoc, "Step 1: Configure IAM", AWS CLI: load-balancer-role-trust-policy.json and
// the attachment of the policy above.
#[role(
    name = "AmazonEKSLoadBalancerControllerRole",
    trust(
        oidc = "oidc.eks.{region}.amazonaws.com/id/{oidc_id}",
        when(
            StringEquals(
                "oidc.eks.{region}.amazonaws.com/id/{oidc_id}:aud",
                "sts.amazonaws.com"
            ),
            StringEquals(
                "oidc.eks.{region}.amazonaws.com/id/{oidc_id}:sub",
                "system:serviceaccount:kube-system:aws-load-balancer-controller"
            ),
        ),
    ),
    policies(AWSLoadBalancerControllerIAMPolicy)
)]
pub struct AmazonEKSLoadBalancerControllerRole {
    pub oidc_id: String,
}

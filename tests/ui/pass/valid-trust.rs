// Every principal kind, several trust statements on one role, lists of principals, `arn = "*"`,
// provider ARNs, external ids and explicit actions.
use role_dsl::{Env, Role, role};

/// Assumed from everywhere the platform runs.
#[role(
    trust(service = ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com"]),
    trust(service = "ec2.amazonaws.com", actions = ["sts:AssumeRole", "sts:TagSession"]),
    trust(account = ["111122223333", "{account_id}"], external_id = "platform-7f3a9c"),
    trust(arn = ["arn:aws:iam::111122223333:role/ci", "arn:{partition}:iam::{account_id}:user/${aws:username}"]),
    trust(
        arn = "*",
        when(StringEquals("aws:PrincipalOrgID", "o-a1b2c3d4e5"), StringEquals("aws:PrincipalTag/team", "platform")),
    ),
    trust(
        oidc = "token.actions.githubusercontent.com",
        actions = ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
        when(
            StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
            StringLike("token.actions.githubusercontent.com:sub", "repo:acme/site:*"),
        ),
    ),
    trust(oidc = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"),
    trust(
        saml = "arn:aws:iam::123456789012:saml-provider/okta",
        actions = ["sts:AssumeRoleWithSAML", "sts:SetSourceIdentity"],
        when(StringEquals("SAML:aud", "https://signin.aws.amazon.com/saml")),
    ),
    trust(account = "{partner_account}", external_id = "{external_id}"),
    trust(service = "lambda.amazonaws.com", actions = ["sts:*"]),
    managed = ["ReadOnlyAccess"],
)]
pub struct PlatformRole {
    pub partner_account: String,
    pub external_id: String,
}

fn main() {
    let role = PlatformRole { partner_account: "444455556666".into(), external_id: "x-42".into() };
    let env = Env { account_id: Some("123456789012".into()), ..Env::default() };
    let trust = role.trust_policy(&env).unwrap();
    assert_eq!(trust["Statement"].as_array().unwrap().len(), 10);
    assert_eq!(trust["Statement"][4]["Principal"]["AWS"], "*");
    assert_eq!(trust["Statement"][0]["Action"], "sts:AssumeRole");
    assert_eq!(trust["Statement"][5]["Principal"]["Federated"], "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com");
}

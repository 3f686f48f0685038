use role_dsl::role;

/// Signed-in users of a Cognito identity pool, as the Amplify CLI's auth role trusts them
/// (aws-amplify/amplify-cli, the `AuthRole` of its root stack template). Cognito, Google,
/// Facebook and Login with Amazon are providers IAM knows by name: the principal is the host.
#[role(
    trust(
        oidc = "cognito-identity.amazonaws.com",
        when(
            StringEquals("cognito-identity.amazonaws.com:aud", "us-east-1:12345678-1234-1234-1234-123456789012"),
            ForAnyValue::StringLike("cognito-identity.amazonaws.com:amr", "authenticated"),
        ),
    ),
    trust(oidc = "graph.facebook.com", when(StringEquals("graph.facebook.com:app_id", "1234567890"))),
    allow("cognito-sync:ListRecords", on = "*"),
)]
pub struct AmplifyAuthRole;

fn main() {
    use role_dsl::{Env, Role};
    let trust = AmplifyAuthRole.trust_policy(&Env::default()).unwrap();
    assert_eq!(trust["Statement"][0]["Principal"]["Federated"], "cognito-identity.amazonaws.com");
}

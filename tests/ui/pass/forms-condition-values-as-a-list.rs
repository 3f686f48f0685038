use role_dsl::role;

// Karpenter's controller policy lets it tag what it creates, by creating action.
#[role(
    trust(service = "ec2.amazonaws.com"),
    allow(
        "ec2:CreateTags",
        on = "arn:aws:ec2:*:*:fleet/*",
        when(StringEquals("ec2:CreateAction", ["RunInstances", "CreateFleet", "CreateLaunchTemplate"])),
    ),
)]
pub struct Tagger;

fn main() {
    use role_dsl::{Env, Role};
    let policy = Tagger.inline_policy(&Env::default()).unwrap().unwrap();
    assert_eq!(
        policy["Statement"][0]["Condition"]["StringEquals"]["ec2:CreateAction"],
        serde_json::json!(["RunInstances", "CreateFleet", "CreateLaunchTemplate"])
    );
}

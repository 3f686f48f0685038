// `{{` and `}}` are literal braces, beside placeholders and policy variables.
use role_dsl::{Env, Role, role};

/// Lets the config Lambda tag its own configuration objects.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow(
        "s3:PutObjectTagging",
        on = "arn:aws:s3:::{bucket}/{{templates}}/*",
        when(
            StringEquals("s3:RequestObjectTag/schema", "{{\"version\":2}}"),
            StringLike("s3:RequestObjectTag/owner", "{{${aws:username}}}", "}}{{"),
        ),
    ),
)]
pub struct ConfigTagger {
    pub bucket: String,
}

fn main() {
    let tagger = ConfigTagger { bucket: "configs".into() };
    let policy = tagger.inline_policy(&Env::default()).unwrap().unwrap();
    let statement = &policy["Statement"][0];
    assert_eq!(statement["Resource"], "arn:aws:s3:::configs/{templates}/*");
    assert_eq!(statement["Condition"]["StringEquals"]["s3:RequestObjectTag/schema"], "{\"version\":2}");
    assert_eq!(statement["Condition"]["StringLike"]["s3:RequestObjectTag/owner"][0], "{${aws:username}}");
    assert_eq!(statement["Condition"]["StringLike"]["s3:RequestObjectTag/owner"][1], "}{");
}

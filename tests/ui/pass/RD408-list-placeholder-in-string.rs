use role_dsl::role;

/// A list field as whole elements of lists, beside written elements.
#[role(
    trust(service = "lambda.amazonaws.com"),
    trust(arn = ["{admin_arns}", "arn:aws:iam::123456789012:role/ops"]),
    allow("s3:GetObject", on = ["{object_arns}", "arn:aws:s3:::fixed/*"]),
    allow("s3:ListBucket", on = "*", when(StringLike("s3:prefix", ["home/", "{prefixes}"]))),
    managed = ["{extra_policy_arns}", "ReadOnlyAccess"],
)]
pub struct Reader {
    pub admin_arns: Vec<String>,
    pub object_arns: &'static [&'static str],
    pub prefixes: Vec<&'static str>,
    pub extra_policy_arns: Vec<String>,
}

fn main() {
    use role_dsl::{Env, Role};
    let reader = Reader {
        admin_arns: vec!["arn:aws:iam::123456789012:role/admin".into()],
        object_arns: &["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"],
        prefixes: vec!["tmp/"],
        extra_policy_arns: vec![],
    };
    let policy = reader.inline_policy(&Env::default()).unwrap().unwrap();
    assert_eq!(
        policy["Statement"][0]["Resource"],
        serde_json::json!(["arn:aws:s3:::a/*", "arn:aws:s3:::b/*", "arn:aws:s3:::fixed/*"])
    );
}

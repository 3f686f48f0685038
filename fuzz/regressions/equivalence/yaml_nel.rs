// FUZZ-3, minimised from an equivalence crash: U+0085 (NEL) in a condition value. The YAML
// writer leaves it raw inside double quotes, where YAML reads it as a line break and folds it
// to a space: the template says "repo: x" where the JSON template says "repo:\u{85}x".
use role_dsl::role;

#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "*", when(StringLike("aws:userid", "repo:\u{85}x"))),
)]
pub struct LogWriter;

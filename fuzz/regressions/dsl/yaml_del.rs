// FUZZ-3, minimised from an equivalence crash: U+007F (DEL) in a resource. The YAML writer
// (render/encode.rs, yaml_string) escapes as JSON does, which leaves DEL raw; YAML allows no
// raw control character, so the template is not YAML ("control characters are not allowed").
use role_dsl::role;

#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "arn:aws:s3:::b/\u{7f}"),
)]
pub struct LogWriter;

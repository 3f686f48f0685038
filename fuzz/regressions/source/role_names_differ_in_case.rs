// FUZZ-2, minimised from an equivalence crash: two roles whose names differ in case only. IAM
// role names are unique ignoring case and the renderers refuse this bundle ("two role names are
// `LOGWriter`"), but Project::check_across compares names as written: `role-cli check` passes.
use role_dsl::role;

#[role(trust(service = "lambda.amazonaws.com"))]
pub struct LogWriter;

#[role(trust(service = "lambda.amazonaws.com"))]
pub struct LOGWriter;

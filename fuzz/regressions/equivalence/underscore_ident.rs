// FUZZ-1, minimised from an equivalence crash: a struct identifier with an underscore. The
// CloudFormation logical id is `LogWriter` (names::logical_id), but render::equivalence looks for
// Resources["log_writer"] and finds nothing.
use role_dsl::role;

#[role(trust(service = "lambda.amazonaws.com"))]
pub struct log_writer;

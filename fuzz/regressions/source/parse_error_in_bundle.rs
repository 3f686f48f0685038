// FUZZ-8, minimised from a long run of the source target: a condition with a key and no value.
// The parser reports RD606 (an error), but check::decl counts only the findings it adds itself,
// so it returns the model: Found::checked ("the model, when the declaration had no error") is
// set and Project::bundle() ("every valid role") renders it with `"aws:PrincipalTag/team": []`.
// role-cli render refuses the project on the error, so the CLI shows nothing of it.
use role_dsl::role;

#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:GetObject", on = "*", when(StringEquals("aws:PrincipalTag/team"))),
)]
pub struct LogWriter;

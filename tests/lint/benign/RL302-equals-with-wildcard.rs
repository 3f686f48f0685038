/// Reads the data teams' objects.
#[policy(
    allow("s3:GetObject", on = "arn:aws:s3:::data/*", when(StringLike("aws:PrincipalTag/team", "data-*"))),
)]
pub struct DataTeams;

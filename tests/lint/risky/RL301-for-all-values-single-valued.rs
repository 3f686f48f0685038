/// Reads the team's data.
#[policy(
    allow("s3:GetObject", on = "arn:aws:s3:::data/*", when(ForAllValues::StringEquals("aws:PrincipalTag/team", ["data", "ml"]))),
)]
pub struct TeamData;

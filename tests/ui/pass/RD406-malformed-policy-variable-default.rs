use role_dsl::role;

/// Lets each team tag its own resources.
#[role(
    trust(account = "111122223333"),
    allow(
        "ec2:CreateTags",
        on = "*",
        when(StringEquals("aws:RequestTag/team", "${aws:PrincipalTag/team, 'unassigned'}")),
    ),
)]
pub struct TeamTagger;

fn main() {}

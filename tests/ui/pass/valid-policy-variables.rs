// Policy variables are kept as policy variables: plain, with a default, and the three special
// characters `${*}`, `${?}`, `${$}`.
use role_dsl::{Env, Role, role};

/// Lets each developer use their own home prefix.
#[role(
    trust(account = "111122223333"),
    allow(
        "s3:GetObject",
        "s3:PutObject",
        on = [
            "arn:aws:s3:::dev-homes/${aws:username}/*",
            "arn:aws:s3:::dev-teams/${aws:PrincipalTag/team, 'none'}/*",
            "arn:aws:s3:::dev-teams/${aws:PrincipalTag/team,'none'}/shared/*",
            "arn:aws:s3:::dev-literal/${*}${?}${$}/*",
        ],
    ),
    allow(
        "s3:ListBucket",
        on = "arn:aws:s3:::dev-homes",
        when(StringLike("s3:prefix", "${aws:username}/*", "home/${aws:userid}/*", "${*}starred")),
    ),
    allow(
        "ec2:StartInstances",
        on = "*",
        when(StringEquals("aws:ResourceTag/owner", "${aws:PrincipalTag/owner, 'nobody'}")),
    ),
    allow("ssm:StartSession", on = "${aws:SourceArn}"),
)]
pub struct DevHome;

fn main() {
    let policy = DevHome.inline_policy(&Env::default()).unwrap().unwrap();
    assert_eq!(policy["Statement"][0]["Resource"][0], "arn:aws:s3:::dev-homes/${aws:username}/*");
    assert_eq!(policy["Statement"][0]["Resource"][3], "arn:aws:s3:::dev-literal/${*}${?}${$}/*");
}

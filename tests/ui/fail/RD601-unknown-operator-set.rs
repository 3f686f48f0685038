use role_dsl::role;

/// Lets the tagging Lambda tag resources with the allowed keys only.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow(
        "ec2:CreateTags",
        on = "*",
        when(ForAllValue::StringEquals("aws:TagKeys", "team", "cost-center")),
    ),
)]
pub struct Tagger;

fn main() {}

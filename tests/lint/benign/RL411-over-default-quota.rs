/// A role within the default quota.
#[role(
    trust(service = "lambda.amazonaws.com"),
    managed = ["arn:aws:iam::123456789012:policy/p1", "arn:aws:iam::123456789012:policy/p2", "arn:aws:iam::123456789012:policy/p3", "arn:aws:iam::123456789012:policy/p4", "arn:aws:iam::123456789012:policy/p5", "arn:aws:iam::123456789012:policy/p6", "arn:aws:iam::123456789012:policy/p7", "arn:aws:iam::123456789012:policy/p8", "arn:aws:iam::123456789012:policy/p9", "arn:aws:iam::123456789012:policy/p10"],
)]
pub struct Ten;

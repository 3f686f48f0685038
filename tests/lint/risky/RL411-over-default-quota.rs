/// A role with many policies, where the quota is raised.
#[role(
    trust(service = "lambda.amazonaws.com"),
    managed = ["arn:aws:iam::123456789012:policy/p1", "arn:aws:iam::123456789012:policy/p2", "arn:aws:iam::123456789012:policy/p3", "arn:aws:iam::123456789012:policy/p4", "arn:aws:iam::123456789012:policy/p5", "arn:aws:iam::123456789012:policy/p6", "arn:aws:iam::123456789012:policy/p7", "arn:aws:iam::123456789012:policy/p8", "arn:aws:iam::123456789012:policy/p9", "arn:aws:iam::123456789012:policy/p10", "arn:aws:iam::123456789012:policy/p11"],
    quotas(managed_policies = 20),
)]
pub struct Many;

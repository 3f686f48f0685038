// FUZZ-4, minimised from a proptest failure: role `A` and role `APolicy`. render::equivalence
// takes every aws_iam_role_policy_attachment whose name starts with `a_` as role A's, so role
// APolicy's `a_policy_read_only_access` counts for A too. The renders are right; the check is not.
use role_dsl::role;

#[role(trust(account = "123456789012"))]
pub struct A;

#[role(trust(account = "123456789012"), managed = ["ReadOnlyAccess"])]
pub struct APolicy;

//! A `#[role]` of the model as the principal of a [`crate::Simulation`]: its inline policy, the
//! `#[policy]`s and AWS managed policies it attaches, its boundary, resolved in an environment.

//! Real roles and managed policies of widely used public projects, written in the DSL as a
//! platform engineer porting each project would write them: one module a project (or a
//! Terraform module), each naming the repository, path and commit it ports. The documents the
//! projects publish are in `originals/<module>/`, and `tests/tests/realworld.rs` renders these
//! declarations and compares them with those documents.
//!
//! The roles are as their projects wrote them, broad statements included: with role-dsl's
//! `lint-warnings` (on in this workspace's tests) they would warn, and what the lints say of
//! them is `role-cli lint`'s to report, not this crate's build.
#![allow(deprecated)]

pub mod cdk_bootstrap;
pub mod cert_manager;
pub mod cluster_autoscaler;
pub mod ebs_csi;
pub mod efs_csi;
pub mod eks;
pub mod external_dns;
pub mod github_actions;
pub mod karpenter;
pub mod karpenter_v0;
pub mod load_balancer_controller;
pub mod terraform_assumable_oidc;
pub mod terraform_github_oidc;
pub mod terraform_irsa;
pub mod vpc_cni;

//! Example roles, one use of the DSL a module. `role-cli render examples --format ...` reads
//! these files; the `print-roles` binary embeds them and renders them at run time.

pub mod auditor;
pub mod ec2_reader;
pub mod github_deploy;
pub mod log_writer;
pub mod reporting;

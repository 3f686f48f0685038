//! Privilege escalation. RL113 reads single actions on any target; RL114 and RL115 ask the
//! evaluator, across all the project's roles, whether a role can grant itself anything or
//! obtain another role's permissions (pass it to a service, assume it, rewrite its trust or
//! its policies, take over a resource that may run with it), with the methods of
//! `role-core/data/escalation-methods.txt`.

mod action;
mod edges;
mod methods;
mod path;
mod power;
mod principal;

#[cfg(test)]
mod tests;

pub use action::ESCALATION_ACTION;
pub(super) use action::{check, reports};
pub(super) use path::{Found, across};

use super::{Level, Lint};

pub static SELF_ESCALATION: Lint = Lint {
    code: "RL114",
    name: "self-escalation",
    level: Level::Error,
    why: "the role may rewrite its own permissions (an inline policy, an attached policy, a new version of a policy it attaches), or make a role, user or group it controls an administrator, so whatever else it allows, it is an administrator",
    fix: "leave the role's own ARN and its policies out of the statement's resources, or require a permissions boundary (`StringEquals(\"iam:PermissionsBoundary\", ...)`) or name the policies (`ArnEquals(\"iam:PolicyARN\", ...)`)",
    doc: "A role that role-eval allows `iam:PutRolePolicy` or `iam:AttachRolePolicy` (of `AdministratorAccess`) on its own ARN, or `iam:CreatePolicyVersion` on a #[policy] it attaches; or to create a role it may assume, or a user it may make keys for (alone or in a group it creates), and grant it anything; conditions and denies included. With `iam:AttachUserPolicy` or `iam:PutUserPolicy` and `iam:CreateAccessKey` on existing users only, the finding says it holds if such a user exists. Methods from pathfinding.cloud (iam-001, iam-005, iam-007 to iam-011, iam-013 to iam-018) and Rhino Security Labs (1, 4, 7 to 13).",
};

pub static ESCALATION_PATH: Lint = Lint {
    code: "RL115",
    name: "escalation-path",
    level: Level::Error,
    why: "the role can obtain the permissions of a more powerful role of the project, by passing it to a service that runs code, assuming it, rewriting its trust, granting it more and then becoming it, or taking over a resource (a function, an instance, a stack, a project) that may run with it",
    fix: "break the first step of the path: name the roles `iam:PassRole` may pass and the service (`iam:PassedToService`), narrow `sts:AssumeRole` or the target's trust, leave the other roles out of the IAM actions' resources, or name the functions, instances, stacks and projects the role may change (or let the target's trust leave out their service)",
    doc: "A role from which a path of the methods in role-core/data/escalation-methods.txt (pathfinding.cloud's and Rhino Security Labs' role-to-role methods: PassRole to EC2, Lambda, CloudFormation, Glue, CodeBuild, SageMaker, ECS, Data Pipeline, App Runner, Bedrock AgentCore; sts:AssumeRole; iam:UpdateAssumeRolePolicy; iam:PutRolePolicy, iam:AttachRolePolicy, iam:CreatePolicyVersion then becoming the role; taking over an existing Lambda function, EC2 instance (user data, SSM, EC2 Instance Connect, a launch template), Glue endpoint, SageMaker notebook, CodeBuild project, CloudFormation stack or stack set, App Runner service or code interpreter whose service the target trusts) leads to a role that is an administrator (RL114) or may make a request it may not. Every request of every step is decided by role-eval, with the target's trust; one finding a role, with the shortest path, certain ways in named before possible ones. A takeover is a possible path: the project does not say which resource runs with which role, and the finding says what it depends on (for example: if a Lambda function that `deployer` may update runs with `app`).",
};

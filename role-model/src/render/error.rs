//! Why a valid model can still fail to render: values not given, limits of a format, names that
//! clash once spelled in that format.

use std::fmt;

use super::Format;
use crate::env::{Invalid, Missing};

/// The CloudFormation quotas a template must stay within.
pub const CLOUDFORMATION_MAX_RESOURCES: usize = 500;
pub const CLOUDFORMATION_MAX_OUTPUTS: usize = 200;
pub const CLOUDFORMATION_MAX_PARAMETERS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// `--format iam` needs a value for every placeholder; these were not given.
    Missing(Missing),
    /// Values that make a string IAM refuses once resolved.
    Invalid(Vec<Invalid>),
    /// A rule across the roles and policies (`role_model::rules`) is broken.
    Conflict { message: String },
    /// More resources than one CloudFormation stack may hold.
    TooManyResources { count: usize },
    /// More outputs than one CloudFormation template may declare.
    TooManyOutputs { count: usize },
    /// More parameters than one CloudFormation template may declare.
    TooManyParameters { count: usize },
    /// A role attaches a `#[policy]` that is not part of the render.
    UnknownPolicy { role: String, policy: String },
    /// Two things that must be unique (identifiers, names, logical ids, files) are not.
    Duplicate { what: String, name: String },
    /// A CloudFormation template needs at least one resource.
    NoResources,
    /// A name that the format cannot use as it is.
    InvalidName {
        what: String,
        name: String,
        reason: String,
    },
    /// Text that the format has no way to spell.
    Unrepresentable {
        format: Format,
        text: String,
        reason: String,
    },
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SPLIT: &str =
            "render fewer roles at a time with `--role NAME` and deploy each part as its own stack";
        match self {
            RenderError::Missing(missing) => write!(f, "cannot resolve every placeholder: {missing}"),
            RenderError::Invalid(invalid) => {
                f.write_str("the values given make strings IAM refuses: ")?;
                for (i, one) in invalid.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{one}")?;
                }
                Ok(())
            }
            RenderError::Conflict { message } => f.write_str(message),
            RenderError::TooManyResources { count } => write!(
                f,
                "the CloudFormation template would hold {count} resources, more than the \
                 {CLOUDFORMATION_MAX_RESOURCES} CloudFormation allows in one stack; {SPLIT}"
            ),
            RenderError::TooManyOutputs { count } => write!(
                f,
                "the CloudFormation template would declare {count} outputs, more than the \
                 {CLOUDFORMATION_MAX_OUTPUTS} CloudFormation allows in one template; {SPLIT}"
            ),
            RenderError::TooManyParameters { count } => write!(
                f,
                "the CloudFormation template would declare {count} parameters, more than the \
                 {CLOUDFORMATION_MAX_PARAMETERS} CloudFormation allows in one template; {SPLIT}"
            ),
            RenderError::UnknownPolicy { role, policy } => write!(
                f,
                "role `{role}` attaches the policy `{policy}`, but no `#[policy]` struct `{policy}` is part of \
                 this render; include the file that declares it"
            ),
            RenderError::Duplicate { what, name } => {
                write!(f, "two {what}s are `{name}`; each must be unique in one render")
            }
            RenderError::NoResources => f.write_str(
                "nothing to render: a CloudFormation template needs at least one resource, and no `#[role]` \
                 or `#[policy]` was found",
            ),
            RenderError::InvalidName { what, name, reason } => write!(f, "{what} `{name}` {reason}"),
            RenderError::Unrepresentable { format, text, reason } => {
                write!(f, "cannot write `{text}` in the {format} format: {reason}")
            }
        }
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RenderError::Missing(missing) => Some(missing),
            _ => None,
        }
    }
}

impl From<Missing> for RenderError {
    fn from(missing: Missing) -> RenderError {
        RenderError::Missing(missing)
    }
}

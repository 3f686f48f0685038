//! The `aws_iam_role_policy_attachment` blocks of a role, and their names: readable
//! (`log_writer_aws_lambda_basic_execution_role`), and stable when the list is reordered, since
//! renaming a block makes Terraform destroy and recreate the attachment.

use std::collections::HashMap;

use super::super::RenderError;
use super::super::names::{snake_case, terraform_word};
use super::super::unique::attached_policies;
use crate::model::{Part, PolicyIndex, Role, Template};

pub enum PolicyArn<'a> {
    /// A managed policy named by its ARN.
    Managed(&'a Template),
    /// Every ARN of a list parameter.
    Each(&'a str),
    /// A `#[policy]` of this module: the name of its `aws_iam_policy` block.
    Customer(String),
}

pub struct Attachment<'a> {
    pub name: String,
    pub policy_arn: PolicyArn<'a>,
}

/// `<role>_<policy>` for a `#[policy]`; `<role>_<last segment of the ARN>` for a managed policy,
/// or `<role>_managed_<n>` (its place in `managed`, from 0) when the ARN does not end in text or
/// two ARNs end alike.
pub fn attachments<'a>(
    role: &'a Role,
    policies: &PolicyIndex,
    role_name: &str,
) -> Result<Vec<Attachment<'a>>, RenderError> {
    let mut out = Vec::new();
    let readable: Vec<Option<String>> = role
        .managed
        .iter()
        .map(|arn| {
            last_segment(arn).map(|segment| format!("{role_name}_{}", terraform_word(segment)))
        })
        .collect();
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for name in readable.iter().flatten() {
        *uses.entry(name).or_default() += 1;
    }
    for (n, (arn, name)) in role.managed.iter().zip(&readable).enumerate() {
        if let Some(field) = arn.list() {
            out.push(Attachment {
                name: format!("{role_name}_{field}"),
                policy_arn: PolicyArn::Each(field),
            });
            continue;
        }
        let name = match name {
            Some(name) if uses.get(name.as_str()) == Some(&1) => name.clone(),
            _ => format!("{role_name}_managed_{n}"),
        };
        out.push(Attachment {
            name,
            policy_arn: PolicyArn::Managed(arn),
        });
    }
    for policy in attached_policies(role, policies)? {
        let policy_name = snake_case(&policy.ident);
        out.push(Attachment {
            name: format!("{role_name}_{policy_name}"),
            policy_arn: PolicyArn::Customer(policy_name),
        });
    }
    Ok(out)
}

/// `ReadOnlyAccess` in `arn:{partition}:iam::aws:policy/ReadOnlyAccess`, when the ARN ends in
/// literal text.
fn last_segment(arn: &Template) -> Option<&str> {
    let Some(Part::Text(tail)) = arn.0.last() else {
        return None;
    };
    let segment = tail.rsplit(['/', ':']).next().unwrap_or(tail);
    (!segment.is_empty()).then_some(segment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Pseudo};

    fn role(managed: Vec<Template>) -> Role {
        Role {
            ident: "App".into(),
            name: Template::literal("App"),
            description: None,
            path: None,
            max_session: None,
            trust: Document::default(),
            policy: None,
            managed,
            policies: vec![],
            boundary: None,
            tags: vec![],
            instance_profile: None,
            params: vec![],
        }
    }

    fn aws_managed(name: &str) -> Template {
        let mut arn = Template::literal("arn:");
        arn.push(Part::Pseudo(Pseudo::Partition));
        arn.push_text(":iam::aws:policy/");
        arn.push_text(name);
        arn
    }

    fn names(role: &Role) -> Vec<String> {
        attachments(role, &PolicyIndex::new(), "app")
            .unwrap()
            .into_iter()
            .map(|a| a.name)
            .collect()
    }

    #[test]
    fn managed_policies_are_named_after_the_policy() {
        let role = role(vec![
            aws_managed("service-role/AWSLambdaBasicExecutionRole"),
            aws_managed("ReadOnlyAccess"),
        ]);
        assert_eq!(
            names(&role),
            [
                "app_aws_lambda_basic_execution_role",
                "app_read_only_access"
            ]
        );
    }

    #[test]
    fn clashing_or_parameterized_names_fall_back_to_their_place() {
        let mut by_field = Template::literal("arn:aws:iam::123456789012:policy/");
        by_field.push(Part::Field("policy".into()));
        let role = role(vec![
            Template::literal("arn:aws:iam::123456789012:policy/a/Shared"),
            Template::literal("arn:aws:iam::123456789012:policy/b/Shared"),
            by_field,
            aws_managed("ReadOnlyAccess"),
        ]);
        assert_eq!(
            names(&role),
            [
                "app_managed_0",
                "app_managed_1",
                "app_managed_2",
                "app_read_only_access"
            ]
        );
    }
}

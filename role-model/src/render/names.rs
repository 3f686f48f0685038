//! How a Rust identifier becomes a name in each output: CloudFormation logical ids and
//! parameters, Terraform block names.

/// `LogWriter` → `log_writer`, `EC2Role` → `ec2_role`, `GitHubOIDC` → `git_hub_oidc`: the
/// Terraform spelling of a struct identifier. An acronym stays one word; a digit joins the word
/// before it.
pub fn snake_case(ident: &str) -> String {
    let chars: Vec<char> = ident.chars().collect();
    let mut out = String::with_capacity(ident.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let starts_word = match prev {
                None | Some('_') => false,
                Some(p) if p.is_lowercase() || p.is_numeric() => true,
                // The last capital of an acronym starts the next word: `HTTPServer`.
                Some(p) => p.is_uppercase() && next.is_some_and(char::is_lowercase),
            };
            if starts_word {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `config_bucket` → `ConfigBucket`: the CloudFormation parameter for a struct field.
pub fn upper_camel_case(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    for word in field.split('_') {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// The longest suffix the CloudFormation template adds to a logical id: the output naming a
/// role's instance profile, `<Id>InstanceProfileName`.
const LONGEST_DERIVED_SUFFIX: &str = "InstanceProfileName";

/// CloudFormation's limit on a logical id (of a resource, parameter or output).
const LOGICAL_ID_LIMIT: usize = 255;

/// The longest logical id [`logical_id`] gives: one whose derived ids (`<Id>Arn`,
/// `<Id>InstanceProfile`, `<Id>InstanceProfileName`) still fit CloudFormation's limit.
pub const MAX_LOGICAL_ID: usize = LOGICAL_ID_LIMIT - LONGEST_DERIVED_SUFFIX.len();

/// A struct identifier as a CloudFormation logical id: the identifier without its underscores
/// (`Log_Writer` → `LogWriter`), since a logical id is `[A-Za-z0-9]+` of at most 255 characters.
/// `None` when the identifier holds other characters (Rust allows non-ASCII letters), nothing
/// else, or more than [`MAX_LOGICAL_ID`] characters: one rule for every id, so that the ids the
/// template derives from it are valid too.
pub fn logical_id(ident: &str) -> Option<String> {
    let id: String = ident.chars().filter(|&c| c != '_').collect();
    (!id.is_empty() && id.len() <= MAX_LOGICAL_ID && id.chars().all(|c| c.is_ascii_alphanumeric()))
        .then_some(id)
}

/// A piece of free text (a managed policy's name) as part of a Terraform block name: snake_case,
/// with characters that a Terraform identifier cannot hold turned into `_`.
pub fn terraform_word(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    snake_case(&cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_words_and_keeps_acronyms_whole() {
        assert_eq!(snake_case("LogWriter"), "log_writer");
        assert_eq!(snake_case("EC2Role"), "ec2_role");
        assert_eq!(snake_case("Ec2App"), "ec2_app");
        assert_eq!(snake_case("GitHubOIDCDeployer"), "git_hub_oidc_deployer");
        assert_eq!(snake_case("S3Reader"), "s3_reader");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("Role2"), "role2");
        assert_eq!(snake_case("Log_Writer"), "log_writer");
        assert_eq!(snake_case("already_snake"), "already_snake");
    }

    #[test]
    fn upper_camel_case_of_fields() {
        assert_eq!(upper_camel_case("bucket"), "Bucket");
        assert_eq!(upper_camel_case("config_bucket"), "ConfigBucket");
        assert_eq!(upper_camel_case("s3_bucket_2"), "S3Bucket2");
        assert_eq!(upper_camel_case("_private"), "Private");
        assert_eq!(
            logical_id(&upper_camel_case("config_bucket")).as_deref(),
            Some("ConfigBucket")
        );
    }

    #[test]
    fn logical_ids_are_alphanumeric() {
        assert_eq!(logical_id("LogWriter").as_deref(), Some("LogWriter"));
        assert_eq!(logical_id("Log_Writer").as_deref(), Some("LogWriter"));
        assert_eq!(logical_id("Rôle"), None);
        assert_eq!(logical_id("_"), None);
    }

    #[test]
    fn logical_ids_leave_room_for_the_ids_derived_from_them() {
        let longest = "A".repeat(MAX_LOGICAL_ID);
        let id = logical_id(&longest).unwrap();
        assert_eq!(
            format!("{id}{LONGEST_DERIVED_SUFFIX}").len(),
            LOGICAL_ID_LIMIT
        );
        assert_eq!(logical_id(&format!("{longest}A")), None);
        // Underscores are dropped before counting.
        assert!(logical_id(&format!("{longest}_")).is_some());
        assert_eq!(logical_id(&"A".repeat(300)), None);
    }

    #[test]
    fn a_struct_or_field_too_long_for_a_logical_id_is_no_template() {
        use crate::render::{RenderError, cloudformation, fixtures};

        let mut bundle = fixtures::log_writer();
        bundle.roles[0].ident = "A".repeat(MAX_LOGICAL_ID);
        bundle.roles[0].instance_profile = Some(bundle.roles[0].name.clone());
        let template = cloudformation::template(&bundle).unwrap();
        let outputs = template["Outputs"].as_object().unwrap();
        assert!(outputs.keys().all(|id| id.len() <= LOGICAL_ID_LIMIT));
        assert!(outputs.keys().any(|id| id.len() == LOGICAL_ID_LIMIT));

        bundle.roles[0].ident = "A".repeat(300);
        let err = cloudformation::template(&bundle).unwrap_err();
        assert!(
            matches!(&err, RenderError::InvalidName { what, .. } if what == "struct"),
            "{err}"
        );
        assert!(err.to_string().contains("at most 236"), "{err}");

        let mut bundle = fixtures::log_writer();
        let field = "f".repeat(300);
        let policy = bundle.roles[0].policy.as_mut().unwrap();
        policy.statements[0].resources =
            Some(crate::model::Resources::Resource(vec![fixtures::t(
                &format!("arn:aws:s3:::{{{field}}}/*"),
            )]));
        let err = cloudformation::template(&bundle).unwrap_err();
        assert!(
            matches!(&err, RenderError::InvalidName { name, .. } if *name == field),
            "{err}"
        );
    }

    #[test]
    fn terraform_words_from_policy_names() {
        assert_eq!(
            terraform_word("AWSLambdaBasicExecutionRole"),
            "aws_lambda_basic_execution_role"
        );
        assert_eq!(terraform_word("ReadOnlyAccess"), "read_only_access");
        assert_eq!(terraform_word("my.policy@v2"), "my_policy_v2");
    }
}

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

/// A struct identifier as a CloudFormation logical id: the identifier without its underscores
/// (`Log_Writer` → `LogWriter`), since a logical id is `[A-Za-z0-9]+`. `None` when the identifier
/// holds other characters (Rust allows non-ASCII letters) or nothing else.
pub fn logical_id(ident: &str) -> Option<String> {
    let id: String = ident.chars().filter(|&c| c != '_').collect();
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())).then_some(id)
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
    fn terraform_words_from_policy_names() {
        assert_eq!(
            terraform_word("AWSLambdaBasicExecutionRole"),
            "aws_lambda_basic_execution_role"
        );
        assert_eq!(terraform_word("ReadOnlyAccess"), "read_only_access");
        assert_eq!(terraform_word("my.policy@v2"), "my_policy_v2");
    }
}

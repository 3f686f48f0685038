//! Renders of realistic models in every format, as snapshots, and the properties every render
//! must have: deterministic bytes, every missing value named, quotas enforced, and the three
//! formats describing the same documents.

use serde_json::{Map, Value, json};

use super::fixtures::{self, allow, full_env, role, trust};
use super::*;
use crate::env::{Missing, Needed};
use crate::model::{Bundle, Document, Part, PrincipalKind, Pseudo, Resources, Template};

fn models() -> [(&'static str, Bundle); 4] {
    [
        ("log_writer", fixtures::log_writer()),
        ("ec2_app", fixtures::ec2_app()),
        ("github_deployer", fixtures::github_deployer()),
        ("platform_operator", fixtures::platform_operator()),
    ]
}

#[test]
fn roles_as_people_deploy_them_in_every_format() {
    let rendered_all: Vec<(Format, Rendered)> = Format::ALL
        .into_iter()
        .map(|format| {
            let rendered = render(&fixtures::karpenter(), format, &fixtures::karpenter_env())
                .unwrap_or_else(|e| panic!("{format}: {e}"));
            (format, rendered)
        })
        .collect();
    for (format, rendered) in rendered_all {
        insta::assert_snapshot!(format!("karpenter_{}", snake(format)), rendered.stdout);
        let tagged = format == Format::CloudFormation || format == Format::CloudFormationYaml;
        assert_eq!(rendered.warnings.len(), usize::from(tagged), "{format}");
    }
}

fn snake(format: Format) -> String {
    format.as_str().replace('-', "_")
}

#[test]
fn every_model_in_every_format() {
    for (name, bundle) in models() {
        for format in Format::ALL {
            let rendered = render(&bundle, format, &full_env())
                .unwrap_or_else(|e| panic!("{name} {format}: {e}"));
            assert!(rendered.stdout.ends_with("}\n") || format == Format::CloudFormationYaml);
            assert!(rendered.stdout.ends_with('\n'));
            insta::assert_snapshot!(format!("{name}_{}", snake(format)), rendered.stdout);
        }
    }
}

/// What `--out DIR` writes, file by file, for a whole crate's worth of roles.
#[test]
fn files_of_every_format() {
    for format in Format::ALL {
        let rendered = render(&fixtures::everything(), format, &full_env()).unwrap();
        let listing: String = rendered
            .files
            .iter()
            .map(|file| format!("=== {}\n{}", file.path, file.contents))
            .collect();
        insta::assert_snapshot!(format!("everything_files_{}", snake(format)), listing);
    }
}

#[test]
fn the_same_bundle_gives_the_same_bytes() {
    for format in Format::ALL {
        let first = render(&fixtures::everything(), format, &full_env()).unwrap();
        let second = render(&fixtures::everything().clone(), format, &full_env().clone()).unwrap();
        assert_eq!(first, second, "{format}");
    }
}

#[test]
fn the_files_hold_what_stdout_holds() {
    let bundle = fixtures::everything();
    let terraform = render(&bundle, Format::Terraform, &full_env()).unwrap();
    let mut merged = Map::new();
    for file in &terraform.files {
        let value: Value = serde_json::from_str(&file.contents).unwrap();
        merged.extend(value.as_object().unwrap().clone());
    }
    let stdout: Value = serde_json::from_str(&terraform.stdout).unwrap();
    assert_eq!(Value::Object(merged), stdout);

    for format in [Format::CloudFormation, Format::CloudFormationYaml] {
        let rendered = render(&bundle, format, &full_env()).unwrap();
        assert_eq!(rendered.files.len(), 1);
        assert_eq!(rendered.files[0].contents, rendered.stdout);
    }
}

#[test]
fn yaml_and_json_templates_hold_the_same_value() {
    let bundle = fixtures::everything();
    let json: Value = serde_json::from_str(
        &render(&bundle, Format::CloudFormation, &full_env())
            .unwrap()
            .stdout,
    )
    .unwrap();
    let yaml: Value = yaml_serde::from_str(
        &render(&bundle, Format::CloudFormationYaml, &full_env())
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json, yaml);
}

#[test]
fn every_missing_value_is_named_at_once() {
    let env = crate::env::Env::default();
    let err = render(&fixtures::everything(), Format::Iam, &env).unwrap_err();
    let RenderError::Missing(Missing(missing)) = &err else {
        panic!("{err}")
    };
    let expected = [
        Needed::Param("artifact_bucket".into()),
        Needed::Param("bucket".into()),
        Needed::Param("config_bucket".into()),
        Needed::Pseudo(Pseudo::AccountId),
        Needed::Pseudo(Pseudo::Region),
    ];
    assert_eq!(missing.iter().cloned().collect::<Vec<_>>(), expected);
    let message = err.to_string();
    for name in [
        "artifact_bucket",
        "`bucket`",
        "config_bucket",
        "the account id",
        "the region",
    ] {
        assert!(message.contains(name), "{message}");
    }
}

#[test]
fn a_customer_policy_arn_needs_the_account_id() {
    let mut env = full_env();
    env.account_id = None;
    let mut bundle = fixtures::platform_operator();
    bundle.roles[0].boundary = None; // the boundary is not part of the IAM output anyway
    let err = render(&bundle, Format::Iam, &env).unwrap_err();
    assert_eq!(
        err,
        RenderError::Missing(Missing([Needed::Pseudo(Pseudo::AccountId)].into()))
    );
}

fn many_roles(count: usize) -> Bundle {
    let trust = trust(
        PrincipalKind::Service,
        &["lambda.amazonaws.com"],
        &["sts:AssumeRole"],
        vec![],
    );
    let roles = (0..count)
        .map(|i| role(&format!("Role{i}"), trust.clone()))
        .collect();
    Bundle {
        roles,
        policies: vec![],
    }
}

#[test]
fn more_than_500_resources_is_refused_with_a_way_out() {
    // Each role also declares an output: stay under the 200-outputs quota to reach this one.
    let mut bundle = many_roles(150);
    for role in &mut bundle.roles {
        role.instance_profile = None;
    }
    let policy = |i: usize| crate::model::Policy {
        ident: format!("Policy{i}"),
        name: format!("Policy{i}").into(),
        description: None,
        path: None,
        document: Document {
            statements: vec![allow(&["s3:GetObject"], &["*"])],
        },
        tags: vec![],
        params: vec![],
    };
    bundle.policies = (0..350).map(policy).collect();
    assert!(
        cloudformation::template(&bundle).is_ok(),
        "500 resources fit"
    );
    bundle.policies.push(policy(350));
    let err = cloudformation::template(&bundle).unwrap_err();
    assert_eq!(err, RenderError::TooManyResources { count: 501 });
    let message = err.to_string();
    assert!(
        message.contains("501") && message.contains("500") && message.contains("--role"),
        "{message}"
    );
    // The other formats have no such limit.
    assert!(render(&bundle, Format::Terraform, &full_env()).is_ok());
}

#[test]
fn more_than_200_outputs_is_refused() {
    let err = cloudformation::template(&many_roles(201)).unwrap_err();
    assert_eq!(err, RenderError::TooManyOutputs { count: 201 });
}

#[test]
fn literal_template_markers_are_escaped_for_terraform() {
    let mut bundle = fixtures::log_writer();
    let role = &mut bundle.roles[0];
    role.description = Some("Costs ${amount} or %{percent}".into());
    let mut statement = allow(&["s3:GetObject"], &[]);
    let mut resource = Template::literal("arn:aws:s3:::b/$${literal}/");
    resource.push(Part::Field("bucket".into()));
    resource.push_text("/");
    resource.push(Part::Var("aws:username".into()));
    statement.resources = Some(Resources::Resource(vec![resource]));
    role.policy = Some(Document {
        statements: vec![statement],
    });
    let module = terraform::module(&bundle).unwrap();
    let main = &module.main;
    assert_eq!(
        main["resource"]["aws_iam_role"]["log_writer"]["description"],
        json!("Costs $${amount} or %%{percent}")
    );
    assert_eq!(
        main["data"]["aws_iam_policy_document"]["log_writer_policy"]["statement"][0]["resources"],
        json!(["arn:aws:s3:::b/$$${literal}/${var.bucket}/&{aws:username}"])
    );
}

#[test]
fn pseudo_parameter_data_sources_are_declared_only_when_used() {
    let module = terraform::module(&fixtures::log_writer()).unwrap();
    let data = module.main["data"].as_object().unwrap();
    assert_eq!(
        data.keys().collect::<Vec<_>>(),
        ["aws_partition", "aws_iam_policy_document"]
    );
    assert!(module.main.get("terraform").is_none());

    let module = terraform::module(&fixtures::ec2_app()).unwrap();
    let data = module.main["data"].as_object().unwrap();
    assert_eq!(
        data.keys().collect::<Vec<_>>(),
        [
            "aws_partition",
            "aws_caller_identity",
            "aws_region",
            "aws_iam_policy_document"
        ]
    );
    assert_eq!(
        module.main["terraform"]["required_providers"]["aws"]["version"],
        json!(">= 6.0")
    );
    assert_eq!(module.variables, json!({}));
}

#[test]
fn an_attached_policy_must_be_rendered_too() {
    let mut bundle = fixtures::platform_operator();
    bundle.policies.clear();
    for format in Format::ALL {
        let err = render(&bundle, format, &full_env()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "role `PlatformOperator` attaches `ReadConfig`, which is not a #[policy] among those read",
            "{format}"
        );
    }
}

#[test]
fn duplicates_are_refused_in_every_format() {
    let mut bundle = fixtures::everything();
    let mut twin = bundle.roles[0].clone();
    twin.ident = "LogWriterTwin".into();
    twin.name = "logwriter".into(); // IAM names ignore case
    bundle.roles.push(twin);
    for format in Format::ALL {
        let err = render(&bundle, format, &full_env()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "role name `logwriter` is also the name of `LogWriter` (IAM compares names ignoring case; they must be unique in an account)",
            "{format}"
        );
    }
}

#[test]
fn identifiers_that_meet_once_spelled_are_refused() {
    let mut bundle = fixtures::log_writer();
    let mut twin = bundle.roles[0].clone();
    twin.ident = "Log_Writer".into();
    twin.name = "other".into();
    bundle.roles.push(twin);
    let err = cloudformation::template(&bundle).unwrap_err();
    assert!(
        matches!(&err, RenderError::Duplicate { name, .. } if name == "LogWriter"),
        "{err}"
    );
    let err = terraform::module(&bundle).unwrap_err();
    assert!(
        matches!(&err, RenderError::Duplicate { name, .. } if name == "log_writer_trust"),
        "{err}"
    );
}

#[test]
fn a_role_and_a_policy_with_one_identifier_are_refused_in_every_format() {
    // CloudFormation has one namespace for both; the rule is the same for every format, so that
    // what `role-cli check` passes renders in each.
    let mut bundle = fixtures::platform_operator();
    let mut role = fixtures::log_writer().roles.remove(0);
    role.ident = "ReadConfig".into();
    role.name = "read-config".into();
    bundle.roles.push(role);
    for format in Format::ALL {
        let err = render(&bundle, format, &full_env()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`ReadConfig` is declared twice",
            "{format}"
        );
    }
}

#[test]
fn an_empty_bundle_is_no_template() {
    let empty = Bundle::default();
    assert_eq!(
        cloudformation::template(&empty).unwrap_err(),
        RenderError::NoResources
    );
    assert_eq!(
        render(&empty, Format::Iam, &full_env()).unwrap().stdout,
        "{\n  \"roles\": {},\n  \"policies\": {}\n}\n"
    );
    let terraform = render(&empty, Format::Terraform, &full_env()).unwrap();
    assert_eq!(terraform.stdout, "{}\n");
    assert_eq!(
        terraform
            .files
            .iter()
            .map(|f| f.path.as_str())
            .collect::<Vec<_>>(),
        ["main.tf.json", "variables.tf.json", "outputs.tf.json"]
    );
}

/// Writes every fixture in every format under `$RENDER_SAMPLES_DIR`, for the external oracles
/// (`cfn-lint-check`, `terraform-json-check`, ...):
/// `RENDER_SAMPLES_DIR=/tmp/samples cargo test -p role-core --lib write_oracle_samples -- --ignored`
#[test]
#[ignore = "writes files; run by hand for the oracles"]
fn write_oracle_samples() {
    let dir = std::path::PathBuf::from(
        std::env::var("RENDER_SAMPLES_DIR").expect("set RENDER_SAMPLES_DIR"),
    );
    let everything = ("everything", fixtures::everything());
    for (name, bundle) in models().into_iter().chain([everything]) {
        for format in Format::ALL {
            let out = dir.join(name).join(format.as_str());
            std::fs::create_dir_all(&out).unwrap();
            for file in render(&bundle, format, &full_env()).unwrap().files {
                std::fs::write(out.join(&file.path), file.contents).unwrap();
            }
        }
    }
}

#[test]
fn an_empty_list_where_iam_needs_an_element_is_refused_where_it_is_resolved() {
    let mut env = fixtures::karpenter_env();
    env.lists.insert("subnet_arns".into(), vec![]);
    // The image ARN is still there: a list may be empty beside written elements.
    assert!(render(&fixtures::karpenter(), Format::Iam, &env).is_ok());
    env.lists.insert("admin_arns".into(), vec![]);
    let err = render(&fixtures::karpenter(), Format::Iam, &env).unwrap_err();
    assert!(
        matches!(&err, RenderError::Invalid(invalid) if invalid[0].what == "the principals of a statement"),
        "{err}"
    );
}

#[test]
fn a_resolved_name_over_iams_limit_is_refused() {
    let mut env = fixtures::karpenter_env();
    env.values.insert("cluster".into(), "c".repeat(60));
    let err = render(&fixtures::karpenter(), Format::Iam, &env).unwrap_err();
    assert!(
        err.to_string()
            .contains("role name `KarpenterController-{cluster}` resolves to"),
        "{err}"
    );
}

#[test]
fn a_policy_variable_default_with_template_characters_means_the_same_everywhere() {
    // `${aws:username, 'a${b%{c'}`: the default holds what CloudFormation's Fn::Sub and
    // Terraform's templates would read as their own.
    let mut bundle = fixtures::log_writer();
    let var = Part::Var("aws:username, 'a${b%{c'".into());
    let resource: Template = [Part::Text("arn:".into()), Part::Pseudo(Pseudo::Partition)]
        .into_iter()
        .chain([Part::Text(":s3:::b/".into()), var.clone()])
        .collect();
    let policy = bundle.roles[0].policy.as_mut().unwrap();
    policy.statements[0].resources = Some(Resources::Resource(vec![resource]));
    let condition = &mut policy.statements[0].conditions;
    condition.push(fixtures::condition(
        "StringEquals",
        "aws:PrincipalTag/team",
        &[],
    ));
    condition[0].entries[0].values = vec![Template(vec![var])];
    equivalence::assert_equivalent(&bundle, &full_env());
    let iam = render(&bundle, Format::Iam, &full_env()).unwrap().stdout;
    assert!(
        iam.contains("arn:aws:s3:::b/${aws:username, 'a${b%{c'}"),
        "{iam}"
    );
}

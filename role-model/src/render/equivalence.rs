//! The equivalence the output contract promises: resolving CloudFormation's `Fn::Sub` and
//! Terraform's references with the values given to `--format iam` gives, statement by statement,
//! the documents that `--format iam` prints. Test support: compiled for role-core's own tests and,
//! with the `equivalence` feature, for the workspace's tests over the examples.

use serde_json::{Map, Value, json};

use super::names::{self, upper_camel_case};
use super::{cloudformation, document, iam, terraform};
use crate::env::Env;
use crate::model::Bundle;

/// `Fn::Sub` resolved with the values in `env`, as CloudFormation would.
fn resolve_cloudformation(value: &Value, env: &Env, params: &[String]) -> Value {
    match value {
        Value::Object(map) if map.len() == 1 && map.contains_key("Fn::Sub") => {
            Value::String(resolve_sub(map["Fn::Sub"].as_str().unwrap(), env, params))
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), resolve_cloudformation(v, env, params)))
                .collect(),
        ),
        Value::Array(list) => Value::Array(
            list.iter()
                .map(|v| resolve_cloudformation(v, env, params))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn resolve_sub(text: &str, env: &Env, params: &[String]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        if let Some(literal) = after.strip_prefix('!') {
            out.push_str("${");
            rest = literal;
            continue;
        }
        let end = after.find('}').unwrap();
        let name = &after[..end];
        let value = match name {
            "AWS::Partition" => env.partition.clone(),
            "AWS::AccountId" => env.account_id.clone().unwrap(),
            "AWS::Region" => env.region.clone().unwrap(),
            "AWS::StackName" => "stack".to_owned(),
            _ => {
                let field = params.iter().find(|f| upper_camel_case(f) == name).unwrap();
                env.values[field].clone()
            }
        };
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A Terraform string with its references resolved and its escapes undone; in a policy document,
/// `&{` is then `${`, as `aws_iam_policy_document` writes it.
fn resolve_terraform(text: &str, env: &Env, in_document: bool) -> String {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let next = [rest.find("$${"), rest.find("%%{"), rest.find("${")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = next else { break };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("$${") {
            out.push_str("${");
            rest = after;
        } else if let Some(after) = rest.strip_prefix("%%{") {
            out.push_str("%{");
            rest = after;
        } else {
            let end = rest.find('}').unwrap();
            let expression = &rest[2..end];
            let value = match expression {
                "data.aws_partition.current.partition" => env.partition.clone(),
                "data.aws_caller_identity.current.account_id" => env.account_id.clone().unwrap(),
                "data.aws_region.current.region" => env.region.clone().unwrap(),
                quoted if quoted.starts_with('"') => quoted.trim_matches('"').to_owned(),
                variable => env.values[variable.strip_prefix("var.").unwrap()].clone(),
            };
            out.push_str(&value);
            rest = &rest[end + 1..];
        }
    }
    out.push_str(rest);
    if in_document {
        out.replace("&{", "${")
    } else {
        out
    }
}

/// A `data "aws_iam_policy_document"` body, as the JSON document it produces.
fn terraform_document(body: &Value, env: &Env) -> Value {
    let strings = |list: &Value| -> Vec<Value> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|s| Value::String(resolve_terraform(s.as_str().unwrap(), env, true)))
            .collect()
    };
    let statements: Vec<Value> = body["statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|block| {
            let mut out = Map::new();
            if let Some(sid) = block.get("sid") {
                out.insert("Sid".into(), sid.clone());
            }
            out.insert("Effect".into(), block["effect"].clone());
            if let Some(principals) = block.get("principals") {
                let principal = &principals[0];
                out.insert(
                    "Principal".into(),
                    json!({principal["type"].as_str().unwrap(): document::one_or_many(strings(&principal["identifiers"]))}),
                );
            }
            for (tf, iam) in [("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"), ("not_resources", "NotResource")] {
                if let Some(list) = block.get(tf) {
                    out.insert(iam.into(), document::one_or_many(strings(list)));
                }
            }
            if let Some(conditions) = block.get("condition") {
                let mut condition = Map::new();
                for entry in conditions.as_array().unwrap() {
                    let operator = condition.entry(entry["test"].as_str().unwrap()).or_insert_with(|| json!({}));
                    operator.as_object_mut().unwrap().insert(
                        entry["variable"].as_str().unwrap().into(),
                        document::one_or_many(strings(&entry["values"])),
                    );
                }
                out.insert("Condition".into(), Value::Object(condition));
            }
            Value::Object(out)
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements})
}

#[test]
fn every_format_describes_the_documents_that_iam_prints() {
    assert_equivalent(&super::fixtures::everything(), &super::fixtures::full_env());
}

/// Panics, naming the role or policy, where a format's resolved document differs from IAM's.
pub fn assert_equivalent(bundle: &Bundle, env: &Env) {
    let env = env.clone();
    let bundle = bundle.clone();
    let iam = iam::bundle(&bundle, &env).unwrap();
    let params = bundle.params();
    let template =
        resolve_cloudformation(&cloudformation::template(&bundle).unwrap(), &env, &params);
    let module = terraform::module(&bundle).unwrap();
    let data = &module.main["data"]["aws_iam_policy_document"];
    let resources = &module.main["resource"];

    for role in &bundle.roles {
        let expected = &iam["roles"][&role.name];
        let properties = &template["Resources"][&role.ident]["Properties"];
        let name = names::snake_case(&role.ident);
        assert_eq!(
            &properties["AssumeRolePolicyDocument"], &expected["trust"],
            "{}",
            role.name
        );
        assert_eq!(
            &terraform_document(&data[format!("{name}_trust")], &env),
            &expected["trust"],
            "{}",
            role.name
        );
        if role.policy.is_some() {
            assert_eq!(
                &properties["Policies"][0]["PolicyDocument"], &expected["policy"],
                "{}",
                role.name
            );
            assert_eq!(
                &terraform_document(&data[format!("{name}_policy")], &env),
                &expected["policy"],
                "{}",
                role.name
            );
        }
        // Managed ARNs, with `Ref`s and references to this module's policies set aside.
        let literal_arns = |list: Option<&Vec<Value>>| -> Vec<Value> {
            list.into_iter()
                .flatten()
                .filter(|v| v.is_string())
                .cloned()
                .collect()
        };
        let iam_managed: Vec<Value> = literal_arns(expected["managed_policy_arns"].as_array())
            .into_iter()
            .filter(|arn| {
                !bundle.policies.iter().any(|p| {
                    arn.as_str().unwrap().ends_with(&format!(
                        ":policy{}{}",
                        p.path.as_deref().unwrap_or("/"),
                        p.name
                    ))
                })
            })
            .collect();
        assert_eq!(
            literal_arns(properties["ManagedPolicyArns"].as_array()),
            iam_managed,
            "{}",
            role.name
        );
        let terraform_managed: Vec<Value> = resources["aws_iam_role_policy_attachment"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(attachment, _)| attachment.starts_with(&format!("{name}_")))
            .map(|(_, block)| block["policy_arn"].as_str().unwrap())
            .filter(|arn| !arn.starts_with("${aws_iam_policy."))
            .map(|arn| Value::String(resolve_terraform(arn, &env, false)))
            .collect();
        assert_eq!(terraform_managed, iam_managed, "{}", role.name);
    }
    for policy in &bundle.policies {
        let expected = &iam["policies"][&policy.name]["policy"];
        let properties = &template["Resources"][&policy.ident]["Properties"];
        assert_eq!(&properties["PolicyDocument"], expected);
        let name = names::snake_case(&policy.ident);
        assert_eq!(
            &terraform_document(&data[format!("{name}_document")], &env),
            expected
        );
    }
}

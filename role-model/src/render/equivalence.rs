//! The equivalence the output contract promises: resolving CloudFormation's intrinsics and
//! Terraform's expressions with the values given to `--format iam` gives, statement by statement,
//! the documents that `--format iam` prints, and the same names. Test support: compiled for
//! role-model's own tests and, with the `equivalence` feature, for the workspace's tests.
//!
//! Terraform's strings are evaluated by hcl-rs, an HCL implementation of its own, not by code
//! that knows how the renderer wrote them.

use std::str::FromStr;

use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use serde_json::{Map, Value, json};

use super::names::{self, upper_camel_case};
use super::{cloudformation, document, iam, terraform};
use crate::env::{Env, Missing};
use crate::model::{Bundle, ParamKind, Template};

/// CloudFormation's intrinsics resolved with the values in `env`, as CloudFormation would.
/// `Ref`s to resources and `Fn::GetAtt` are left as they are.
fn resolve_cloudformation(value: &Value, env: &Env, bundle: &Bundle) -> Value {
    let resolve = |v: &Value| resolve_cloudformation(v, env, bundle);
    match value {
        Value::Object(map) if map.len() == 1 => {
            let (function, argument) = map.iter().next().expect("one entry");
            match function.as_str() {
                "Fn::Sub" => match argument {
                    Value::String(text) => {
                        Value::String(resolve_sub(text, &Map::new(), env, bundle))
                    }
                    Value::Array(pair) => {
                        let variables = match resolve(&pair[1]) {
                            Value::Object(variables) => variables,
                            other => panic!("Fn::Sub variables are a map: {other}"),
                        };
                        let text = pair[0].as_str().expect("Fn::Sub text");
                        Value::String(resolve_sub(text, &variables, env, bundle))
                    }
                    other => panic!("Fn::Sub of {other}"),
                },
                "Ref" => {
                    let id = argument.as_str().expect("Ref names a string");
                    parameter_value(id, env, bundle)
                        .or_else(|| policy_arn(id, env, bundle))
                        .unwrap_or_else(|| value.clone())
                }
                "Fn::Join" => {
                    let delimiter = argument[0].as_str().expect("Fn::Join delimiter");
                    let items = match resolve(&argument[1]) {
                        Value::Array(items) => items,
                        other => panic!("Fn::Join of {other}"),
                    };
                    let texts: Vec<&str> = items
                        .iter()
                        .map(|i| i.as_str().expect("Fn::Join joins strings"))
                        .collect();
                    Value::String(texts.join(delimiter))
                }
                "Fn::Split" => {
                    let delimiter = argument[0].as_str().expect("Fn::Split delimiter");
                    let text = resolve(&argument[1]);
                    let text = text.as_str().expect("Fn::Split splits a string");
                    Value::Array(text.split(delimiter).map(Value::from).collect())
                }
                _ => Value::Object(map.iter().map(|(k, v)| (k.clone(), resolve(v))).collect()),
            }
        }
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), resolve(v))).collect())
        }
        Value::Array(list) => Value::Array(list.iter().map(resolve).collect()),
        other => other.clone(),
    }
}

/// The value of the template parameter `id`: a string, or a `CommaDelimitedList`'s list.
fn parameter_value(id: &str, env: &Env, bundle: &Bundle) -> Option<Value> {
    let param = bundle
        .params()
        .into_iter()
        .find(|p| upper_camel_case(&p.name) == id)?;
    Some(match param.kind {
        ParamKind::Text => Value::from(env.values[&param.name].as_str()),
        ParamKind::List => Value::from(env.lists[&param.name].clone()),
    })
}

/// `Ref` of an `AWS::IAM::ManagedPolicy`: its ARN, where IAM puts it.
fn policy_arn(id: &str, env: &Env, bundle: &Bundle) -> Option<Value> {
    let policy = bundle
        .policies
        .iter()
        .find(|p| names::logical_id(&p.ident).as_deref() == Some(id))?;
    let path = policy
        .path
        .as_ref()
        .map_or("/".to_owned(), |t| resolved(t, env));
    Some(Value::from(format!(
        "arn:{}:iam::{}:policy{path}{}",
        env.partition,
        env.account_id.as_deref().expect("an account"),
        resolved(&policy.name, env)
    )))
}

fn resolve_sub(text: &str, variables: &Map<String, Value>, env: &Env, bundle: &Bundle) -> String {
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
        let end = after.find('}').expect("a closed ${...}");
        let name = &after[..end];
        let value = match name {
            "AWS::Partition" => Value::from(env.partition.as_str()),
            "AWS::AccountId" => Value::from(env.account_id.clone().expect("an account")),
            "AWS::Region" => Value::from(env.region.clone().expect("a region")),
            "AWS::StackName" => Value::from("stack"),
            _ => variables
                .get(name)
                .cloned()
                .or_else(|| parameter_value(name, env, bundle))
                .unwrap_or_else(|| panic!("Fn::Sub names `{name}`, which is nothing")),
        };
        out.push_str(value.as_str().expect("Fn::Sub substitutes strings"));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A policy document property: an object, or the JSON text a `Fn::Sub` gave; in IAM's short
/// form (a list of one is its element), since a list parameter's length is known only once
/// deployed.
fn parsed_document(value: &Value) -> Value {
    let parsed = match value {
        Value::String(text) => serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("Fn::Sub gives a JSON document: {e}\n{text}")),
        other => other.clone(),
    };
    short_form(parsed)
}

/// IAM reads `["a"]` and `"a"` alike.
fn short_form(value: Value) -> Value {
    match value {
        Value::Array(items) if items.len() == 1 => {
            short_form(items.into_iter().next().expect("one"))
        }
        Value::Array(items) => Value::Array(items.into_iter().map(short_form).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, short_form(v))).collect())
        }
        other => other,
    }
}

/// The HCL evaluation context of a module: its variables, the data sources of the
/// pseudo-parameters and the functions the renderer uses.
fn terraform_context(env: &Env) -> Context<'static> {
    let mut ctx = Context::new();
    let mut var = hcl::Map::new();
    for (name, value) in &env.values {
        var.insert(name.clone(), hcl::Value::from(value.as_str()));
    }
    for (name, values) in &env.lists {
        var.insert(name.clone(), hcl::Value::from(values.clone()));
    }
    ctx.declare_var("var", hcl::Value::Object(var));
    let mut data = hcl::Map::new();
    let mut current = |source: &str, attribute: &str, value: Option<&str>| {
        let mut attributes = hcl::Map::new();
        if let Some(value) = value {
            attributes.insert(attribute.to_owned(), hcl::Value::from(value));
        }
        let mut named = hcl::Map::new();
        named.insert("current".to_owned(), hcl::Value::Object(attributes));
        data.insert(source.to_owned(), hcl::Value::Object(named));
    };
    current("aws_partition", "partition", Some(&env.partition));
    current(
        "aws_caller_identity",
        "account_id",
        env.account_id.as_deref(),
    );
    current("aws_region", "region", env.region.as_deref());
    ctx.declare_var("data", hcl::Value::Object(data));
    ctx.declare_func(
        "concat",
        FuncDef::builder()
            .variadic_param(ParamType::Any)
            .build(|args: FuncArgs| {
                let mut out = Vec::new();
                for list in args.iter() {
                    out.extend(list.as_array().ok_or("concat takes lists")?.iter().cloned());
                }
                Ok(hcl::Value::Array(out))
            }),
    );
    ctx.declare_func(
        "join",
        FuncDef::builder()
            .param(ParamType::String)
            .param(ParamType::Any)
            .build(|args: FuncArgs| {
                let delimiter = args[0].as_str().ok_or("join's delimiter")?;
                let items: Vec<&str> = args[1]
                    .as_array()
                    .ok_or("join takes a list")?
                    .iter()
                    .filter_map(hcl::Value::as_str)
                    .collect();
                Ok(hcl::Value::from(items.join(delimiter)))
            }),
    );
    ctx.declare_func(
        "toset",
        FuncDef::builder()
            .param(ParamType::Any)
            .build(|args: FuncArgs| Ok(args[0].clone())),
    );
    ctx
}

/// A string of a `.tf.json` file as Terraform evaluates it: a template, whose value is the
/// expression's own when it is one interpolation alone (a list stays a list).
fn evaluate_terraform(text: &str, ctx: &Context) -> Value {
    let template =
        hcl::Template::from_str(text).unwrap_or_else(|e| panic!("`{text}` is a template: {e}"));
    if let [hcl::template::Element::Interpolation(interpolation)] = template.elements() {
        let value = interpolation
            .expr
            .evaluate(ctx)
            .unwrap_or_else(|e| panic!("`{text}` evaluates: {e}"));
        return serde_json::to_value(value).expect("an HCL value is JSON");
    }
    Value::String(
        template
            .evaluate(ctx)
            .unwrap_or_else(|e| panic!("`{text}` evaluates: {e}")),
    )
}

/// What `aws_iam_policy_document` does to a value: `&{` becomes `${`.
fn policy_variables(value: Value) -> Value {
    match value {
        Value::String(text) => Value::String(text.replace("&{", "${")),
        Value::Array(list) => Value::Array(list.into_iter().map(policy_variables).collect()),
        other => other,
    }
}

/// A list argument as evaluated: a JSON array of templates, or one expression giving a list.
fn terraform_list(value: &Value, ctx: &Context) -> Vec<Value> {
    let evaluated = match value {
        Value::Array(items) => items
            .iter()
            .map(|i| evaluate_terraform(i.as_str().expect("a string"), ctx))
            .collect(),
        Value::String(text) => match evaluate_terraform(text, ctx) {
            Value::Array(items) => items,
            other => panic!("`{text}` gives a list, not {other}"),
        },
        other => panic!("a list argument is {other}"),
    };
    evaluated.into_iter().map(policy_variables).collect()
}

/// A `data "aws_iam_policy_document"` body, as the JSON document it produces, in IAM's short
/// form.
fn terraform_document(body: &Value, ctx: &Context) -> Value {
    short_form(terraform_document_as_written(body, ctx))
}

fn terraform_document_as_written(body: &Value, ctx: &Context) -> Value {
    let statements: Vec<Value> = body["statement"]
        .as_array()
        .expect("statements")
        .iter()
        .map(|block| {
            let mut out = Map::new();
            if let Some(sid) = block.get("sid") {
                out.insert("Sid".into(), evaluate_terraform(sid.as_str().unwrap(), ctx));
            }
            out.insert("Effect".into(), block["effect"].clone());
            if let Some(principals) = block.get("principals") {
                let principal = &principals[0];
                let identifiers = terraform_list(&principal["identifiers"], ctx);
                out.insert(
                    "Principal".into(),
                    json!({principal["type"].as_str().unwrap(): document::one_or_many(identifiers)}),
                );
            }
            for (tf, iam) in [
                ("actions", "Action"),
                ("not_actions", "NotAction"),
                ("resources", "Resource"),
                ("not_resources", "NotResource"),
            ] {
                if let Some(list) = block.get(tf) {
                    out.insert(iam.into(), document::one_or_many(terraform_list(list, ctx)));
                }
            }
            if let Some(conditions) = block.get("condition") {
                let mut condition = Map::new();
                for entry in conditions.as_array().unwrap() {
                    let test = evaluate_terraform(entry["test"].as_str().unwrap(), ctx);
                    let variable = evaluate_terraform(entry["variable"].as_str().unwrap(), ctx);
                    let operator = condition
                        .entry(test.as_str().unwrap())
                        .or_insert_with(|| json!({}));
                    operator.as_object_mut().unwrap().insert(
                        variable.as_str().unwrap().into(),
                        document::one_or_many(terraform_list(&entry["values"], ctx)),
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

#[test]
fn placeholders_in_keys_and_names_and_list_parameters_mean_the_same_everywhere() {
    assert_equivalent(
        &super::fixtures::karpenter(),
        &super::fixtures::karpenter_env(),
    );
}

fn resolved(template: &Template, env: &Env) -> String {
    let mut missing = Missing::default();
    let text = env.resolve(template, &mut missing);
    assert!(missing.0.is_empty(), "{missing}");
    text
}

/// Panics, naming the role or policy, where a format's resolved document or name differs from
/// IAM's.
pub fn assert_equivalent(bundle: &Bundle, env: &Env) {
    let iam = iam::bundle(bundle, env).unwrap();
    let template = resolve_cloudformation(&cloudformation::template(bundle).unwrap(), env, bundle);
    let module = terraform::module(bundle).unwrap();
    let ctx = terraform_context(env);
    let data = &module.main["data"]["aws_iam_policy_document"];
    let resources = &module.main["resource"];

    let raw = iam.clone();
    let iam = short_form(iam);
    // Values CloudFormation refuses (a parameter's AllowedPattern) deploy nothing to compare.
    let cloudformation_takes_env = !cloudformation::refuses(bundle, env);
    for role in &bundle.roles {
        let name = resolved(&role.name, env);
        let expected = &iam["roles"][&name];
        let managed = &raw["roles"][&name]["managed_policy_arns"];
        assert!(expected.is_object(), "iam has role {name}");
        let properties =
            &template["Resources"][names::logical_id(&role.ident).unwrap()]["Properties"];
        let tf = names::snake_case(&role.ident);
        let tf_role = &resources["aws_iam_role"][&tf];
        if cloudformation_takes_env {
            assert_eq!(properties["RoleName"], Value::from(name.as_str()));
        }
        assert_eq!(
            evaluate_terraform(tf_role["name"].as_str().unwrap(), &ctx),
            Value::from(name.as_str())
        );
        if cloudformation_takes_env {
            assert_eq!(
                parsed_document(&properties["AssumeRolePolicyDocument"]),
                expected["trust"],
                "{name}: CloudFormation trust"
            );
        }
        assert_eq!(
            terraform_document(&data[format!("{tf}_trust")], &ctx),
            expected["trust"],
            "{name}: Terraform trust"
        );
        if role.policy.is_some() {
            if cloudformation_takes_env {
                assert_eq!(
                    parsed_document(&properties["Policies"][0]["PolicyDocument"]),
                    expected["policy"],
                    "{name}: CloudFormation policy"
                );
            }
            assert_eq!(
                terraform_document(&data[format!("{tf}_policy")], &ctx),
                expected["policy"],
                "{name}: Terraform policy"
            );
        }
        // Managed ARNs, with references to this bundle's #[policy]s set aside.
        let customer_arn = |arn: &str| {
            bundle.policies.iter().any(|p| {
                let path = p.path.as_ref().map_or("/".to_owned(), |t| resolved(t, env));
                arn.ends_with(&format!(":policy{path}{}", resolved(&p.name, env)))
            })
        };
        let iam_managed: Vec<Value> = managed
            .as_array()
            .into_iter()
            .flatten()
            .filter(|arn| !customer_arn(arn.as_str().unwrap()))
            .cloned()
            .collect();
        let cfn_managed = properties
            .get("ManagedPolicyArns")
            .cloned()
            .unwrap_or_else(|| json!([]));
        let managed = if managed.is_null() {
            json!([])
        } else {
            managed.clone()
        };
        if cloudformation_takes_env {
            assert_eq!(cfn_managed, managed, "{name}: CloudFormation managed");
        }
        let mut tf_managed: Vec<Value> = Vec::new();
        for block in resources["aws_iam_role_policy_attachment"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, block)| block)
        {
            // Attachments by the role they name: a name prefix would also take role `a`'s
            // for role `a_policy`'s.
            if block["role"].as_str() != Some(format!("${{aws_iam_role.{tf}.name}}").as_str()) {
                continue;
            }
            let arn = block["policy_arn"].as_str().unwrap();
            if arn.starts_with("${aws_iam_policy.") {
                continue;
            }
            match block.get("for_each") {
                Some(each) => tf_managed.extend(terraform_list(each, &ctx)),
                None => tf_managed.push(evaluate_terraform(arn, &ctx)),
            }
        }
        let mut sorted_iam = iam_managed.clone();
        sorted_iam.sort_by_key(Value::to_string);
        tf_managed.sort_by_key(Value::to_string);
        assert_eq!(tf_managed, sorted_iam, "{name}: Terraform managed");
    }
    for policy in &bundle.policies {
        let name = resolved(&policy.name, env);
        let expected = &iam["policies"][&name]["policy"];
        let properties =
            &template["Resources"][names::logical_id(&policy.ident).unwrap()]["Properties"];
        if cloudformation_takes_env {
            assert_eq!(properties["ManagedPolicyName"], Value::from(name.as_str()));
            assert_eq!(
                parsed_document(&properties["PolicyDocument"]),
                *expected,
                "{name}: CloudFormation"
            );
        }
        let tf = names::snake_case(&policy.ident);
        assert_eq!(
            terraform_document(&data[format!("{tf}_document")], &ctx),
            *expected,
            "{name}: Terraform"
        );
    }
}

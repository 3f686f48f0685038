//! The Terraform reader on real modules (tests/import/terraform) and on the constructs each rule
//! is about.

use serde_json::{Value, json};

use super::read;
use crate::import::{Found, Input, NoteKind, Tv};
use crate::model::{ParamKind, Part, Pseudo, Template};

fn fixture_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/import/terraform")
}

/// A module's `.tf` files read together, `main.tf` first (so its lines are the file's).
fn module(name: &str) -> Found {
    let dir = fixture_dir().join(name);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tf"))
        .collect();
    files.sort_by_key(|p| (p.file_name().unwrap() != "main.tf", p.clone()));
    let text = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    read(&Input {
        path: format!("{name}/main.tf"),
        text,
        format: None,
    })
    .unwrap()
}

fn read_text(path: &str, text: &str) -> Found {
    read(&Input {
        path: path.into(),
        text: text.into(),
        format: None,
    })
    .unwrap()
}

fn tv_json(tv: &Tv) -> Value {
    match tv {
        Tv::Null => Value::Null,
        Tv::Bool(b) => Value::Bool(*b),
        Tv::Number(n) => Value::Number(n.clone()),
        Tv::Str(t) => Value::String(show(t)),
        Tv::List(items) => Value::Array(items.iter().map(tv_json).collect()),
        Tv::Map(entries) => {
            Value::Object(entries.iter().map(|(k, v)| (show(k), tv_json(v))).collect())
        }
    }
}

/// A template as the DSL spells it, list fields marked `{name..}` so that they read apart.
fn show(t: &Template) -> String {
    t.0.iter()
        .map(|p| match p {
            Part::List(name) => format!("{{{name}..}}"),
            other => Template(vec![other.clone()]).to_string(),
        })
        .collect()
}

fn opt(t: &Option<Template>) -> Value {
    t.as_ref().map_or(Value::Null, |t| Value::String(show(t)))
}

/// Everything a reader found, as JSON for a snapshot.
fn describe(found: &Found) -> String {
    let roles: Vec<Value> = found
        .roles
        .iter()
        .map(|r| {
            json!({
                "ident": r.ident,
                "at": format!("{}:{}", r.place.path, r.place.line.unwrap_or(0)),
                "name": opt(&r.name),
                "description": opt(&r.description),
                "path": opt(&r.path),
                "max_session": r.max_session,
                "boundary": opt(&r.boundary),
                "trust": r.trust.as_ref().map_or(Value::Null, tv_json),
                "inline": r.inline.iter().map(tv_json).collect::<Vec<_>>(),
                "managed": r.managed.iter().map(show).collect::<Vec<_>>(),
                "policies": r.policies,
                "tags": r.tags.iter().map(|(k, v)| json!([k, show(v)])).collect::<Vec<_>>(),
                "instance_profile": match &r.instance_profile {
                    None => Value::Bool(false),
                    Some(None) => Value::Bool(true),
                    Some(Some(name)) => Value::String(show(name)),
                },
            })
        })
        .collect();
    let policies: Vec<Value> = found
        .policies
        .iter()
        .map(|p| {
            json!({
                "ident": p.ident,
                "at": format!("{}:{}", p.place.path, p.place.line.unwrap_or(0)),
                "name": opt(&p.name),
                "description": opt(&p.description),
                "path": opt(&p.path),
                "document": tv_json(&p.document),
                "tags": p.tags.iter().map(|(k, v)| json!([k, show(v)])).collect::<Vec<_>>(),
            })
        })
        .collect();
    let fields: Vec<String> = found
        .fields
        .iter()
        .map(|f| {
            let kind = match f.kind {
                ParamKind::Text => "text",
                ParamKind::List => "list",
            };
            format!("{}: {kind}", f.name)
        })
        .collect();
    let notes: Vec<String> = found
        .notes
        .iter()
        .map(|n| {
            format!(
                "{}:{} [{:?}] {}",
                n.place.path,
                n.place.line.unwrap_or(0),
                n.kind,
                n.message
            )
        })
        .collect();
    serde_json::to_string_pretty(&json!({
        "roles": roles,
        "policies": policies,
        "fields": fields,
        "notes": notes,
    }))
    .unwrap()
}

/// Every document in `found` has IAM's shape: a Version, and statements with an Effect, an
/// Action or NotAction, and only IAM's element names.
fn assert_iam_shape(found: &Found) {
    let documents = found
        .roles
        .iter()
        .flat_map(|r| r.trust.iter().chain(&r.inline))
        .chain(found.policies.iter().map(|p| &p.document));
    for document in documents {
        assert!(document.get("Version").is_some(), "{document:?}");
        let Some(Tv::List(statements)) = document.get("Statement") else {
            panic!("no Statement list: {document:?}");
        };
        for statement in statements {
            let Tv::Map(entries) = statement else {
                panic!("a statement is a map: {statement:?}");
            };
            for (key, _) in entries {
                let key = key.as_plain().unwrap();
                assert!(
                    [
                        "Sid",
                        "Effect",
                        "Action",
                        "NotAction",
                        "Resource",
                        "NotResource",
                        "Principal",
                        "Condition"
                    ]
                    .contains(&key.as_str()),
                    "{key}"
                );
            }
            assert!(statement.get("Effect").is_some());
            assert!(statement.get("Action").is_some() || statement.get("NotAction").is_some());
        }
    }
}

fn counts(found: &Found) -> (usize, usize, usize, usize) {
    (
        found.roles.len(),
        found.policies.len(),
        found.fields.len(),
        found.notes.len(),
    )
}

#[test]
fn iam_assumable_role() {
    let found = module("iam-assumable-role");
    assert_iam_shape(&found);
    let role = &found.roles[0];
    assert_eq!(role.ident, "This");
    // The MFA document, which `role_requires_mfa`'s default chooses.
    let statement = &tv_json(role.trust.as_ref().unwrap())["Statement"][0];
    assert_eq!(
        statement["Principal"]["AWS"],
        json!(["{trusted_role_arns..}"])
    );
    assert_eq!(
        statement["Condition"]["NumericLessThan"]["aws:MultiFactorAuthAge"],
        "{mfa_age}"
    );
    // The custom policies are a list field; admin, poweruser and readonly are off by default.
    assert_eq!(
        role.managed,
        vec![Template(vec![Part::List("custom_role_policy_arns".into())])]
    );
    assert_eq!(role.instance_profile, None);
    insta::assert_snapshot!(describe(&found));
}

#[test]
fn iam_assumable_role_with_oidc() {
    let found = module("iam-assumable-role-with-oidc");
    assert_iam_shape(&found);
    insta::assert_snapshot!(describe(&found));
}

#[test]
fn iam_role_for_service_accounts_eks() {
    let found = module("iam-role-for-service-accounts-eks");
    assert_iam_shape(&found);
    // The trust policy is one `dynamic "statement"`: a TODO.
    assert!(found.notes.iter().any(|n| {
        n.place
            .path
            .starts_with("data.aws_iam_policy_document.this.dynamic.statement")
            && n.message.starts_with("TODO")
    }));
    let idents: Vec<&str> = found.policies.iter().map(|p| p.ident.as_str()).collect();
    assert_eq!(
        idents,
        [
            "CertManager",
            "ClusterAutoscaler",
            "EbsCsi",
            "EfsCsi",
            "ExternalDns",
            "ExternalSecrets",
            "FsxLustreCsi"
        ]
    );
    insta::assert_snapshot!(describe(&found));
}

#[test]
fn iam_github_oidc_role() {
    let found = module("iam-github-oidc-role");
    assert_iam_shape(&found);
    insta::assert_snapshot!(describe(&found));
}

#[test]
fn the_json_syntax_reads_as_the_hcl_it_transcribes() {
    let text = std::fs::read_to_string(fixture_dir().join("iam-github-oidc-role.tf.json")).unwrap();
    let from_json = read_text("iam-github-oidc-role.tf.json", &text);
    let from_hcl = module("iam-github-oidc-role");
    assert_iam_shape(&from_json);
    assert_eq!(from_json.roles.len(), 1);
    assert_eq!(from_json.roles[0].trust, from_hcl.roles[0].trust);
    let mut json_fields = from_json.fields.clone();
    let mut hcl_fields = from_hcl.fields.clone();
    json_fields.sort_by(|a, b| a.name.cmp(&b.name));
    hcl_fields.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(json_fields, hcl_fields);
    let messages = |f: &Found| {
        let mut m: Vec<String> = f
            .notes
            .iter()
            .map(|n| format!("{} {}", n.place.path, n.message))
            .collect();
        m.sort();
        m
    };
    assert_eq!(messages(&from_json), messages(&from_hcl));
    insta::assert_snapshot!(describe(&from_json));
}

#[test]
fn iam_policy_from_a_variable_is_noted() {
    let found = module("iam-policy");
    assert_eq!(counts(&found).0 + counts(&found).1, 0);
    assert!(
        found
            .notes
            .iter()
            .any(|n| n.place.path == "resource.aws_iam_policy.policy.policy"
                && n.kind == NoteKind::Unexpressible)
    );
    insta::assert_snapshot!(describe(&found));
}

#[test]
fn karpenter() {
    let found = module("karpenter");
    assert_iam_shape(&found);
    let node = found.roles.iter().find(|r| r.ident == "This").unwrap();
    assert_eq!(
        node.managed.iter().map(show).collect::<Vec<_>>(),
        [
            "arn:{partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:{partition}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            "arn:{partition}:iam::aws:policy/AmazonEKS_CNI_Policy",
        ]
    );
    assert_eq!(node.instance_profile, Some(None));
    let irsa = found.roles.iter().find(|r| r.ident == "Irsa").unwrap();
    assert_eq!(irsa.policies, ["IrsaPolicy"]);
    insta::assert_snapshot!(describe(&found));
}

#[test]
fn every_fixture_reads_and_names_its_places() {
    for name in [
        "iam-assumable-role",
        "iam-assumable-role-with-oidc",
        "iam-role-for-service-accounts-eks",
        "iam-github-oidc-role",
        "iam-policy",
        "karpenter",
    ] {
        let found = module(name);
        for note in &found.notes {
            assert!(!note.place.path.is_empty(), "{name}: {note:?}");
            assert!(note.place.line.is_some(), "{name}: {note:?}");
        }
    }
}

#[test]
fn inline_documents_jsonencode_heredoc_and_policy_variables() {
    let found = read_text(
        "main.tf",
        r#"
variable "bucket" { type = string }
variable "arns" { type = list(string) }
data "aws_partition" "p" {}
data "aws_region" "r" {}
data "aws_caller_identity" "me" {}

resource "aws_iam_role" "app" {
  name = "app-${var.bucket}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
  inline_policy {
    name = "heredoc"
    policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["s3:GetObject"],
    "Resource": ["arn:${data.aws_partition.p.partition}:s3:::${var.bucket}/$${aws:username}/*"]
  }, {
    "Effect": "Allow",
    "Action": "sqs:SendMessage",
    "Resource": ${jsonencode(var.arns)}
  }]
}
EOF
  }
}

resource "aws_iam_role_policy" "more" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.more.json
}

data "aws_iam_policy_document" "more" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::${var.bucket}"]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["home/&{aws:username}/*", "{literal}"]
    }
  }
  statement {
    actions   = ["logs:PutLogEvents"]
    resources = ["arn:aws:logs:${data.aws_region.r.name}:${data.aws_caller_identity.me.account_id}:*", aws_iam_role.app.arn]
  }
}
"#,
    );
    assert_iam_shape(&found);
    let role = &found.roles[0];
    assert_eq!(show(role.name.as_ref().unwrap()), "app-{bucket}");
    let inline: Vec<Value> = role.inline.iter().map(tv_json).collect();
    assert_eq!(
        inline[0]["Statement"][0]["Resource"],
        json!(["arn:{partition}:s3:::{bucket}/${aws:username}/*"])
    );
    assert_eq!(inline[0]["Statement"][1]["Resource"], json!(["{arns..}"]));
    let condition = &inline[1]["Statement"][0]["Condition"]["StringLike"]["s3:prefix"];
    assert_eq!(condition, &json!(["home/${aws:username}/*", "{{literal}}"]));
    assert_eq!(
        inline[1]["Statement"][1]["Resource"],
        json!([
            "arn:aws:logs:{region}:{account_id}:*",
            "arn:{partition}:iam::{account_id}:role/app-{bucket}"
        ])
    );
    assert!(found.notes.iter().any(
        |n| n.kind == NoteKind::Changed && n.place.path == "resource.aws_iam_role_policy.more"
    ));
    assert!(found.notes.iter().any(|n| n.kind == NoteKind::Changed
        && n.place.path == "resource.aws_iam_role.app.inline_policy[0]"));
}

#[test]
fn functions_references_and_what_becomes_a_field() {
    let found = read_text(
        "main.tf",
        r#"
variable "env" {}
variable "role-name" { type = string }
variable "boundary" { type = string }
locals {
  prefix = "svc-${var.env}"
  hashed = md5(var.env)
}
resource "aws_iam_role" "worker_node" {
  name        = format("%s-%s", local.prefix, var.role-name)
  description = lower(var.env)
  path        = local.hashed
  permissions_boundary = var.boundary
  tags        = { Team = "platform", "cost-center" = var.env }
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = aws_iam_user.ci.arn } }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", aws_iam_policy.extra.arn]
}
resource "aws_iam_policy" "extra" {
  name   = "extra"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", NotAction = ["iam:*"], Resource = "*" }] })
}
resource "aws_iam_user" "ci" { name = "ci" }
resource "aws_iam_instance_profile" "worker_node" {
  role = aws_iam_role.worker_node.name
}
"#,
    );
    assert_iam_shape(&found);
    let role = &found.roles[0];
    assert_eq!(role.ident, "WorkerNode");
    assert_eq!(show(role.name.as_ref().unwrap()), "svc-{env}-{role_name}");
    assert_eq!(show(role.description.as_ref().unwrap()), "{lower_env}");
    assert_eq!(show(role.path.as_ref().unwrap()), "{hashed}");
    assert_eq!(
        role.tags
            .iter()
            .map(|(k, v)| format!("{k}={}", show(v)))
            .collect::<Vec<_>>(),
        ["Team=platform", "cost-center={env}"]
    );
    assert_eq!(role.instance_profile, Some(None));
    let trust = tv_json(role.trust.as_ref().unwrap());
    assert_eq!(
        trust["Statement"][0]["Principal"]["AWS"],
        "{aws_iam_user_ci_arn}"
    );
    assert_eq!(
        role.managed.iter().map(show).collect::<Vec<_>>(),
        ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    );
    assert_eq!(role.policies, ["Extra"]);
    // A variable without a default must be given: it stays a field.
    assert_eq!(show(role.boundary.as_ref().unwrap()), "{boundary}");
    let names: Vec<&str> = found.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "role_name",
            "boundary",
            "env",
            "hashed",
            "lower_env",
            "aws_iam_user_ci_arn"
        ]
    );
    for field in ["lower_env", "hashed", "aws_iam_user_ci_arn"] {
        assert!(
            found.notes.iter().any(|n| n.kind == NoteKind::Unexpressible
                && n.message.ends_with(&format!("the field `{field}`"))),
            "{field}: {:#?}",
            found.notes
        );
    }
    assert!(
        found
            .notes
            .iter()
            .any(|n| n.kind == NoteKind::Skipped && n.place.path == "resource.aws_iam_user.ci")
    );
    assert_eq!(found.policies[0].ident, "Extra");
}

#[test]
fn policies_of_the_configuration_attach_by_identifier() {
    let found = read_text(
        "main.tf",
        r#"
resource "aws_iam_role" "this" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  managed_policy_arns = [aws_iam_policy.this.arn, "arn:aws:iam::aws:policy/ReadOnlyAccess"]
}
resource "aws_iam_policy" "this" {
  name   = "p"
  policy = data.aws_iam_policy_document.base.json
}
resource "aws_iam_policy_attachment" "both" {
  name       = "both"
  roles      = [aws_iam_role.this.name]
  users      = ["someone"]
  policy_arn = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    not_principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
data "aws_iam_policy_document" "base" {
  source_policy_documents   = [data.aws_iam_policy_document.source.json]
  override_policy_documents = [data.aws_iam_policy_document.over.json]
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = var.extra_statements
    content {
      actions   = statement.value.actions
      resources = ["*"]
    }
  }
}
data "aws_iam_policy_document" "source" {
  statement {
    sid       = "Read"
    actions   = ["s3:*"]
    resources = ["*"]
  }
  statement {
    sid       = "List"
    actions   = ["s3:ListBucket"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "over" {
  statement {
    sid       = "List"
    effect    = "Deny"
    actions   = ["s3:ListBucket"]
    resources = ["*"]
  }
}
"#,
    );
    assert_iam_shape(&found);
    // The policy and the role share a Terraform name; the policy's struct is told apart.
    assert_eq!(found.policies[0].ident, "ThisPolicy");
    let role = &found.roles[0];
    assert_eq!(role.policies, ["ThisPolicy"]);
    assert_eq!(
        role.managed.iter().map(show).collect::<Vec<_>>(),
        [
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
        ]
    );
    let trust = tv_json(role.trust.as_ref().unwrap());
    assert_eq!(
        trust["Statement"][0]["Principal"],
        json!({"Service": ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"]})
    );
    assert!(
        found
            .notes
            .iter()
            .any(|n| n.place.path
                == "data.aws_iam_policy_document.trust.statement[0].not_principals")
    );
    let document = tv_json(&found.policies[0].document);
    // Source statements first, this one replacing the source's `Read`, the override's `List`
    // replacing the source's; the dynamic statement is a TODO.
    assert_eq!(
        document["Statement"],
        json!([
            {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Sid": "List", "Effect": "Deny", "Action": "s3:ListBucket", "Resource": "*"},
        ])
    );
    assert!(found.notes.iter().any(|n| n.place.path
        == "data.aws_iam_policy_document.base.dynamic.statement[0]"
        && n.message.starts_with("TODO")));
    assert!(found.notes.iter().any(|n| n.kind == NoteKind::Skipped
        && n.place.path == "resource.aws_iam_policy_attachment.both.users"));
}

#[test]
fn list_iteration_over_variables_and_what_is_not_expressible() {
    let found = read_text(
        "main.tf",
        r#"
variable "arns" { type = set(string) }
variable "more" { type = list(string) }
variable "by_name" { type = map(string) }
resource "aws_iam_role" "r" {
  for_each = toset(["a", "b"])
  name     = "r"
  tags     = merge(var.tags, { a = "b" })
  max_session_duration = 7200
  assume_role_policy = var.trust_json
}
resource "aws_iam_role_policy_attachment" "each" {
  for_each   = toset(var.arns)
  role       = aws_iam_role.r.name
  policy_arn = each.value
}
resource "aws_iam_role_policy_attachment" "counted" {
  count      = length(var.more)
  role       = aws_iam_role.r.name
  policy_arn = var.more[count.index]
}
resource "aws_iam_role_policy_attachment" "mapped" {
  for_each   = var.by_name
  role       = aws_iam_role.r.name
  policy_arn = each.value
}
resource "aws_iam_role_policy_attachment" "elsewhere" {
  role       = var.existing_role
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#,
    );
    let role = &found.roles[0];
    assert_eq!(
        role.managed,
        vec![
            Template(vec![Part::List("arns".into())]),
            Template(vec![Part::List("more".into())]),
        ]
    );
    assert_eq!(role.max_session, Some(7200));
    assert_eq!(role.trust, None);
    assert!(role.tags.is_empty());
    let at = |path: &str| found.notes.iter().any(|n| n.place.path == path);
    assert!(at("resource.aws_iam_role.r.for_each"));
    assert!(at("resource.aws_iam_role.r.tags"));
    assert!(at("resource.aws_iam_role.r.assume_role_policy"));
    assert!(at(
        "resource.aws_iam_role_policy_attachment.mapped.for_each"
    ));
    assert!(at("resource.aws_iam_role_policy_attachment.elsewhere.role"));
    assert!(found.fields.iter().all(|f| f.name != "by_name"));
}

#[test]
fn pseudo_parameters_from_any_data_source_name() {
    let found = read_text(
        "main.tf",
        r#"
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ssm:GetParameter"
      Resource = "arn:${data.aws_partition.here.partition}:ssm:${data.aws_region.this.region}:${data.aws_caller_identity.whoever.account_id}:parameter/x"
    }]
  })
}
"#,
    );
    let document = &found.policies[0].document;
    let resource = document.get("Statement").unwrap().items()[0]
        .get("Resource")
        .unwrap();
    assert_eq!(
        resource.as_template().unwrap().0,
        vec![
            Part::Text("arn:".into()),
            Part::Pseudo(Pseudo::Partition),
            Part::Text(":ssm:".into()),
            Part::Pseudo(Pseudo::Region),
            Part::Text(":".into()),
            Part::Pseudo(Pseudo::AccountId),
            Part::Text(":parameter/x".into()),
        ]
    );
    assert!(found.fields.is_empty());
}

#[test]
fn unparsable_input_is_an_error_with_its_place() {
    let err = read(&Input {
        path: "bad.tf".into(),
        text: "resource \"aws_iam_role\" \"r\" {\n  name = \n}\n".into(),
        format: None,
    })
    .unwrap_err();
    assert_eq!(err.place.line, Some(2));
    assert!(
        err.message.starts_with("this is not HCL"),
        "{}",
        err.message
    );
    let err = read(&Input {
        path: "bad.tf.json".into(),
        text: "{\n  \"resource\": {\n    \"aws_iam_role\": [}\n}".into(),
        format: None,
    })
    .unwrap_err();
    assert_eq!(err.place.line, Some(3));
    assert!(
        err.message.starts_with("this is not JSON"),
        "{}",
        err.message
    );
    let err = read(&Input {
        path: "bad.tf.json".into(),
        text: r#"{"resource": {"aws_iam_role": {"r": {"name": "${var."}}}}"#.into(),
        format: None,
    })
    .unwrap_err();
    assert!(err.message.contains("template"), "{}", err.message);
}

//! `--format terraform`: a Terraform module in JSON syntax. Policies are
//! `data "aws_iam_policy_document"` blocks, struct fields are variables, and pseudo-parameters
//! come from data sources declared only when used.

mod attachments;
mod document;
mod spell;

use serde_json::{Map, Value, json};

use super::names::snake_case;
use super::unique::{Unique, check_bundle};
use super::{OutputFile, RenderError, encode};
use crate::model::{Bundle, Policy, PolicyIndex, Pseudo, Role, Tag, Template};
use attachments::{Attachment, attachments};
use spell::{Place, Speller, escape, pseudo_data_source};

/// The three files of the module, each a JSON object (`{}` when it has nothing to declare).
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// `main.tf.json`: the `terraform` settings when needed, data sources and resources.
    pub main: Value,
    /// `variables.tf.json`: one string variable per struct field used.
    pub variables: Value,
    /// `outputs.tf.json`: each role's ARN and name, each instance profile's name.
    pub outputs: Value,
}

impl Module {
    /// Every block in one object, as written to stdout.
    pub fn merged(&self) -> Value {
        let mut all = Map::new();
        for (key, value) in [&self.variables, &self.main, &self.outputs]
            .into_iter()
            .filter_map(Value::as_object)
            .flatten()
        {
            all.insert(key.clone(), value.clone());
        }
        Value::Object(all)
    }

    pub fn files(&self) -> Vec<OutputFile> {
        [
            ("main.tf.json", &self.main),
            ("variables.tf.json", &self.variables),
            ("outputs.tf.json", &self.outputs),
        ]
        .into_iter()
        .map(|(path, value)| OutputFile {
            path: path.into(),
            contents: encode::json(value),
        })
        .collect()
    }
}

/// Names Terraform reserves, which a variable cannot take (what Terraform 1.15's loader refuses).
pub const RESERVED_VARIABLE_NAMES: [&str; 9] = [
    "source",
    "version",
    "providers",
    "provider",
    "count",
    "for_each",
    "lifecycle",
    "depends_on",
    "locals",
];

pub fn module(bundle: &Bundle) -> Result<Module, RenderError> {
    check_bundle(bundle)?;
    let mut builder = Builder::new();
    let policies = bundle.policy_index();
    for role in &bundle.roles {
        builder.role(role, &policies)?;
    }
    for policy in &bundle.policies {
        builder.policy(policy)?;
    }
    builder.finish()
}

/// The blocks of the module, collected in bundle order, each kind in its own namespace.
struct Builder {
    speller: Speller,
    documents: Blocks,
    roles: Blocks,
    role_policies: Blocks,
    policies: Blocks,
    attachments: Blocks,
    instance_profiles: Blocks,
    outputs: Blocks,
}

/// Blocks of one type, by name; a name given twice is an error, not an overwrite.
struct Blocks {
    names: Unique,
    blocks: Map<String, Value>,
}

impl Blocks {
    fn new(kind: &str) -> Blocks {
        Blocks {
            names: Unique::new(format!("Terraform `{kind}` block name")),
            blocks: Map::new(),
        }
    }

    fn insert(&mut self, name: String, block: Value) -> Result<(), RenderError> {
        self.names.insert(&name)?;
        self.blocks.insert(name, block);
        Ok(())
    }
}

fn reference(address: &str) -> Value {
    Value::String(format!("${{{address}}}"))
}

impl Builder {
    fn new() -> Builder {
        Builder {
            speller: Speller::default(),
            documents: Blocks::new("data.aws_iam_policy_document"),
            roles: Blocks::new("aws_iam_role"),
            role_policies: Blocks::new("aws_iam_role_policy"),
            policies: Blocks::new("aws_iam_policy"),
            attachments: Blocks::new("aws_iam_role_policy_attachment"),
            instance_profiles: Blocks::new("aws_iam_instance_profile"),
            outputs: Blocks::new("output"),
        }
    }

    fn role(&mut self, role: &Role, policies: &PolicyIndex) -> Result<(), RenderError> {
        let name = snake_case(&role.ident);
        let trust = format!("{name}_trust");
        let trust_document = self.speller.document(&role.trust)?;
        self.documents.insert(trust.clone(), trust_document)?;

        let role_name = self.argument(&role.name)?;
        let mut body = Map::new();
        body.insert("name".into(), role_name.clone());
        body.insert(
            "assume_role_policy".into(),
            reference(&format!("data.aws_iam_policy_document.{trust}.json")),
        );
        if let Some(description) = &role.description {
            body.insert("description".into(), self.argument(description)?);
        }
        if let Some(path) = &role.path {
            body.insert("path".into(), self.argument(path)?);
        }
        if let Some(seconds) = role.max_session {
            body.insert("max_session_duration".into(), Value::from(seconds));
        }
        if let Some(boundary) = &role.boundary {
            body.insert(
                "permissions_boundary".into(),
                Value::String(self.speller.spell(boundary, Place::Argument)?),
            );
        }
        if !role.tags.is_empty() {
            body.insert("tags".into(), self.tags(&role.tags)?);
        }
        self.roles.insert(name.clone(), Value::Object(body))?;

        if let Some(policy) = &role.policy {
            let document_name = format!("{name}_policy");
            let document = self.speller.document(policy)?;
            self.documents.insert(document_name.clone(), document)?;
            let block = json!({
                "name": role_name,
                "role": reference(&format!("aws_iam_role.{name}.id")),
                "policy": reference(&format!("data.aws_iam_policy_document.{document_name}.json")),
            });
            self.role_policies.insert(name.clone(), block)?;
        }

        for Attachment {
            name: attachment,
            policy_arn,
        } in attachments(role, policies, &name)?
        {
            let mut block = Map::new();
            block.insert(
                "role".into(),
                reference(&format!("aws_iam_role.{name}.name")),
            );
            match policy_arn {
                attachments::PolicyArn::Managed(arn) => {
                    block.insert("policy_arn".into(), self.argument(arn)?);
                }
                // One attachment per element, keyed by the ARN: reordering the list changes nothing.
                attachments::PolicyArn::Each(field) => {
                    self.speller.lists.insert(field.to_owned());
                    block.insert(
                        "for_each".into(),
                        Value::String(format!("${{toset(var.{field})}}")),
                    );
                    block.insert("policy_arn".into(), reference("each.value"));
                }
                attachments::PolicyArn::Customer(policy) => {
                    block.insert(
                        "policy_arn".into(),
                        reference(&format!("aws_iam_policy.{policy}.arn")),
                    );
                }
            }
            self.attachments.insert(attachment, Value::Object(block))?;
        }

        self.output(
            format!("{name}_arn"),
            format!("ARN of role {}", role.name),
            &format!("aws_iam_role.{name}.arn"),
        )?;
        self.output(
            format!("{name}_name"),
            format!("Name of role {}", role.name),
            &format!("aws_iam_role.{name}.name"),
        )?;
        if let Some(profile_name) = &role.instance_profile {
            let mut profile = Map::new();
            profile.insert("name".into(), self.argument(profile_name)?);
            if let Some(path) = &role.path {
                profile.insert("path".into(), self.argument(path)?);
            }
            profile.insert(
                "role".into(),
                reference(&format!("aws_iam_role.{name}.name")),
            );
            self.instance_profiles
                .insert(name.clone(), Value::Object(profile))?;
            self.output(
                format!("{name}_instance_profile_name"),
                format!("Name of the instance profile of role {}", role.name),
                &format!("aws_iam_instance_profile.{name}.name"),
            )?;
        }
        Ok(())
    }

    fn policy(&mut self, policy: &Policy) -> Result<(), RenderError> {
        let name = snake_case(&policy.ident);
        // Not `<name>` alone: a role `Deploy` already has `deploy_policy`, and a `#[policy]`
        // named `DeployPolicy` would take the same name.
        let document_name = format!("{name}_document");
        let document = self.speller.document(&policy.document)?;
        self.documents.insert(document_name.clone(), document)?;
        let mut body = Map::new();
        body.insert("name".into(), self.argument(&policy.name)?);
        if let Some(description) = &policy.description {
            body.insert("description".into(), self.argument(description)?);
        }
        if let Some(path) = &policy.path {
            body.insert("path".into(), self.argument(path)?);
        }
        body.insert(
            "policy".into(),
            reference(&format!(
                "data.aws_iam_policy_document.{document_name}.json"
            )),
        );
        if !policy.tags.is_empty() {
            body.insert("tags".into(), self.tags(&policy.tags)?);
        }
        self.policies.insert(name, Value::Object(body))
    }

    /// A string argument of a resource.
    fn argument(&mut self, template: &Template) -> Result<Value, RenderError> {
        self.speller
            .spell(template, Place::Argument)
            .map(Value::String)
    }

    /// A `tags` map: keys are plain, values may hold placeholders.
    fn tags(&mut self, tags: &[Tag]) -> Result<Value, RenderError> {
        let mut map = Map::new();
        for tag in tags {
            map.insert(escape(&tag.key), self.argument(&tag.value)?);
        }
        Ok(Value::Object(map))
    }

    fn output(
        &mut self,
        name: String,
        description: String,
        address: &str,
    ) -> Result<(), RenderError> {
        self.outputs.insert(
            name,
            json!({"description": escape(&description), "value": reference(address)}),
        )
    }

    fn finish(self) -> Result<Module, RenderError> {
        let mut variables = Map::new();
        let fields = self.speller.fields.iter().map(|f| (f, "string"));
        let lists = self.speller.lists.iter().map(|f| (f, "list(string)"));
        for (field, kind) in fields.chain(lists) {
            if RESERVED_VARIABLE_NAMES.contains(&field.as_str()) {
                return Err(RenderError::InvalidName {
                    what: "field".into(),
                    name: field.clone(),
                    reason: "cannot be a Terraform variable: Terraform reserves that name; rename the field".into(),
                });
            }
            if variables.contains_key(field) {
                return Err(RenderError::Conflict {
                    message: format!("parameter `{field}` is both a string and a list"),
                });
            }
            variables.insert(field.clone(), json!({"type": kind}));
        }

        let mut data = Map::new();
        for pseudo in &self.speller.pseudos {
            data.insert(pseudo_data_source(*pseudo).into(), json!({"current": {}}));
        }
        if !self.documents.blocks.is_empty() {
            data.insert(
                "aws_iam_policy_document".into(),
                Value::Object(self.documents.blocks),
            );
        }

        let mut resources = Map::new();
        for (kind, blocks) in [
            ("aws_iam_role", self.roles),
            ("aws_iam_role_policy", self.role_policies),
            ("aws_iam_policy", self.policies),
            ("aws_iam_role_policy_attachment", self.attachments),
            ("aws_iam_instance_profile", self.instance_profiles),
        ] {
            if !blocks.blocks.is_empty() {
                resources.insert(kind.into(), Value::Object(blocks.blocks));
            }
        }

        let mut main = Map::new();
        if self.speller.pseudos.contains(&Pseudo::Region) {
            // `data.aws_region.current.region` exists from provider v6 on.
            main.insert(
                "terraform".into(),
                json!({"required_providers": {"aws": {"source": "hashicorp/aws", "version": ">= 6.0"}}}),
            );
        }
        if !data.is_empty() {
            main.insert("data".into(), Value::Object(data));
        }
        if !resources.is_empty() {
            main.insert("resource".into(), Value::Object(resources));
        }
        Ok(Module {
            main: Value::Object(main),
            variables: wrap("variable", variables),
            outputs: wrap("output", self.outputs.blocks),
        })
    }
}

/// `{"<kind>": {...}}`, or `{}` when there is nothing of that kind.
fn wrap(kind: &str, blocks: Map<String, Value>) -> Value {
    let mut out = Map::new();
    if !blocks.is_empty() {
        out.insert(kind.into(), Value::Object(blocks));
    }
    Value::Object(out)
}

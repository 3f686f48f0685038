//! What `Ref` and `Fn::GetAtt` of a resource of the template give. For the IAM resources whose
//! name the template sets, that is a template the DSL can write (a role's ARN is
//! `arn:{partition}:iam::{account_id}:role<path><name>`); for anything else, a field.

use super::Reader;
use super::locate::Path;
use super::node::Node;
use crate::import::Tv;
use crate::model::{ParamKind, Part, Pseudo, Template};

impl<'t> Reader<'t> {
    /// `Ref id` of a resource of the template.
    pub(super) fn ref_resource(&mut self, id: &str, node: &Node, path: &Path) -> Tv {
        let resource_type = self.resource_type(id).unwrap_or("a resource");
        let resolved = match resource_type {
            "AWS::IAM::Role" => self.text_property(id, "RoleName"),
            "AWS::IAM::InstanceProfile" => self.text_property(id, "InstanceProfileName"),
            "AWS::IAM::ManagedPolicy" => self.iam_arn(id, "policy", "ManagedPolicyName"),
            "AWS::IAM::OIDCProvider" => self.oidc_provider_arn(id),
            _ => None,
        };
        match resolved {
            Some(template) => Tv::Str(template),
            None => {
                let what = format!(
                    "`{}` ({})",
                    self.describe(node),
                    self.why_unknown(id, resource_type)
                );
                self.stand_in(node, id, ParamKind::Text, &what, path)
            }
        }
    }

    /// `Fn::GetAtt id.attribute`.
    pub(super) fn get_att(&mut self, id: &str, attribute: &str, path: &Path) -> Option<Tv> {
        // One spelling for `!GetAtt A.B`, `[A, B]` and `${A.B}`, so that they share a field.
        let node = &Node::Map(vec![(
            Node::Str("Fn::GetAtt".into()),
            Node::List(vec![Node::Str(id.into()), Node::Str(attribute.into())]),
        )]);
        let Some(resource_type) = self.resource_type(id) else {
            let what = format!(
                "`{}`, which names no resource of the template,",
                self.describe(node)
            );
            return Some(self.stand_in(
                node,
                &format!("{id}_{attribute}"),
                ParamKind::Text,
                &what,
                path,
            ));
        };
        let resolved = match (resource_type, attribute) {
            ("AWS::IAM::Role", "Arn") => self.iam_arn(id, "role", "RoleName"),
            ("AWS::IAM::InstanceProfile", "Arn") => {
                self.iam_arn(id, "instance-profile", "InstanceProfileName")
            }
            ("AWS::IAM::ManagedPolicy", "PolicyArn") => {
                self.iam_arn(id, "policy", "ManagedPolicyName")
            }
            ("AWS::IAM::OIDCProvider", "Arn") => self.oidc_provider_arn(id),
            _ => None,
        };
        Some(match resolved {
            Some(template) => Tv::Str(template),
            None => {
                let what = format!(
                    "`{}` ({})",
                    self.describe(node),
                    self.why_unknown(id, resource_type)
                );
                self.stand_in(
                    node,
                    &format!("{id}_{attribute}"),
                    ParamKind::Text,
                    &what,
                    path,
                )
            }
        })
    }

    fn why_unknown(&self, id: &str, resource_type: &str) -> String {
        let named_when_created = matches!(
            resource_type,
            "AWS::IAM::Role" | "AWS::IAM::InstanceProfile" | "AWS::IAM::ManagedPolicy"
        );
        if named_when_created {
            format!("CloudFormation names the {resource_type} `{id}` when it creates it")
        } else {
            format!("known once the {resource_type} `{id}` exists")
        }
    }

    /// A property of a resource as one string, resolved once: a role's name is read for the
    /// role and for every `Ref` to it, and its notes are given once.
    pub(super) fn text_property(&mut self, id: &str, property: &str) -> Option<Template> {
        let key = (id.to_owned(), property.to_owned());
        if let Some(done) = self.properties.get(&key) {
            return done.clone();
        }
        // A name that depends on itself (CloudFormation refuses the cycle) has no value.
        if !self.resolving.insert(key.clone()) {
            return None;
        }
        let path = Path::default()
            .key("Resources")
            .key(id)
            .key("Properties")
            .key(property);
        let node = self
            .resource(id)
            .and_then(|r| r.get("Properties"))
            .and_then(|p| p.get(property));
        let text = node.and_then(|node| self.text_value(node, &format!("`{property}`"), &path));
        self.resolving.remove(&key);
        self.properties.insert(key, text.clone());
        text
    }

    /// `arn:{partition}:iam::{account_id}:<kind><path><name>`, where the resource's name (and
    /// path, `/` when not given) are known.
    fn iam_arn(&mut self, id: &str, kind: &str, name_property: &str) -> Option<Template> {
        let name = self.text_property(id, name_property)?;
        let has_path = self
            .resource(id)
            .and_then(|r| r.get("Properties"))
            .and_then(|p| p.get("Path"))
            .is_some();
        let path = if has_path {
            self.text_property(id, "Path")?
        } else {
            Template::literal("/")
        };
        let mut arn = account_arn(kind);
        for part in path.0.into_iter().chain(name.0) {
            arn.push(part);
        }
        Some(arn)
    }

    /// An OIDC provider's ARN: its URL without the scheme, under `oidc-provider/`.
    fn oidc_provider_arn(&mut self, id: &str) -> Option<Template> {
        let url = self.text_property(id, "Url")?;
        let mut parts = url.0.into_iter();
        let host = match parts.next()? {
            Part::Text(text) => text.strip_prefix("https://")?.to_owned(),
            _ => return None,
        };
        let mut arn = account_arn("oidc-provider/");
        arn.push_text(&host);
        for part in parts {
            arn.push(part);
        }
        Some(arn)
    }
}

/// `arn:{partition}:iam::{account_id}:` and what follows it.
fn account_arn(rest: &str) -> Template {
    let mut arn = Template::literal("arn:");
    arn.push(Part::Pseudo(Pseudo::Partition));
    arn.push_text(":iam::");
    arn.push(Part::Pseudo(Pseudo::AccountId));
    arn.push_text(":");
    arn.push_text(rest);
    arn
}

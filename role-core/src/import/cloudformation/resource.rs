//! The IAM resources of a template as roles and policies: `AWS::IAM::Role`,
//! `AWS::IAM::ManagedPolicy`, `AWS::IAM::Policy` (an inline policy of the roles it names) and
//! `AWS::IAM::InstanceProfile`. Attachments are applied once every role has been read, since a
//! template may name a role before declaring it. The policies of other resources (a bucket's,
//! a key's) are read for `role-cli diff` alone.

use super::Reader;
use super::intrinsic::get_att_arguments;
use super::locate::Path;
use super::node::Node;
use crate::import::{Found, NoteKind, PolicyIn, ResourcePolicyIn, RoleIn, Tv};
use crate::model::Template;

/// Something another resource adds to a role of the template.
enum Attachment {
    ManagedPolicy {
        policy: String,
        role: String,
    },
    InlinePolicy {
        role: String,
        document: Tv,
    },
    InstanceProfile {
        role: String,
        name: Option<Template>,
        path: Path,
    },
}

/// An element of a list property that names resources (`Roles`, `ManagedPolicyArns`).
enum Leaf<'t> {
    /// `Ref` to a resource of the wanted type.
    Resource(&'t str),
    /// Anything else, resolved.
    Value(Tv, Path),
}

impl<'t> Reader<'t> {
    /// Every role and policy of the template, and the notes on what could not be read as it is.
    pub(super) fn read_resources(&mut self) -> Found {
        let mut roles = Vec::new();
        let mut policies = Vec::new();
        let mut attachments = Vec::new();
        for (id, resource) in self.resources.clone() {
            let path = Path::default().key("Resources").key(id);
            let Some(resource_type) = resource.get("Type").and_then(Node::as_str) else {
                self.note(
                    &path,
                    NoteKind::Skipped,
                    format!("`{id}` has no `Type`; it is not read"),
                );
                continue;
            };
            let iam = [
                "AWS::IAM::Role",
                "AWS::IAM::ManagedPolicy",
                "AWS::IAM::Policy",
                "AWS::IAM::InstanceProfile",
            ];
            if !iam.contains(&resource_type) {
                self.note(
                    &path,
                    NoteKind::Skipped,
                    format!("`{id}` is an {resource_type}, not an IAM role or policy; it is not imported"),
                );
                continue;
            }
            self.resource_attributes(id, resource, &path);
            let properties = resource.get("Properties").unwrap_or(&Node::Null);
            match resource_type {
                "AWS::IAM::Role" => roles.push(self.read_role(id, properties, &path)),
                "AWS::IAM::ManagedPolicy" => {
                    policies.push(self.read_managed_policy(
                        id,
                        properties,
                        &path,
                        &mut attachments,
                    ));
                }
                "AWS::IAM::Policy" => self.read_policy(id, properties, &path, &mut attachments),
                _ => self.read_instance_profile(id, properties, &path, &mut attachments),
            }
        }
        for attachment in attachments {
            self.attach(attachment, &mut roles);
        }
        let mut notes = std::mem::take(&mut self.notes);
        notes.sort_by_key(|n| n.place.line.unwrap_or(usize::MAX));
        let fields = std::mem::take(&mut self.fields);
        // Read last, and what reading them adds is dropped: the import is as it was without them.
        let stand_ins = self.stand_ins.len();
        let resource_policies = self.resource_policies();
        self.notes.clear();
        self.fields.clear();
        self.stand_ins.truncate(stand_ins);
        Found {
            roles,
            policies,
            resource_policies,
            fields,
            notes,
            unnamed_noted: true,
        }
    }

    /// The policies of the resources that hold one, by the property that holds it.
    fn resource_policies(&mut self) -> Vec<ResourcePolicyIn> {
        const HOLDERS: [(&str, &str); 7] = [
            ("AWS::S3::BucketPolicy", "PolicyDocument"),
            ("AWS::KMS::Key", "KeyPolicy"),
            ("AWS::SQS::QueuePolicy", "PolicyDocument"),
            ("AWS::SNS::TopicPolicy", "PolicyDocument"),
            ("AWS::ECR::Repository", "RepositoryPolicyText"),
            ("AWS::SecretsManager::ResourcePolicy", "ResourcePolicy"),
            ("AWS::Logs::ResourcePolicy", "PolicyDocument"),
        ];
        let mut found = Vec::new();
        for (id, resource) in self.resources.clone() {
            let Some(resource_type) = resource.get("Type").and_then(Node::as_str) else {
                continue;
            };
            let Some((_, property)) = HOLDERS.iter().find(|(t, _)| *t == resource_type) else {
                continue;
            };
            let Some(node) = resource.get("Properties").and_then(|p| p.get(property)) else {
                continue;
            };
            let path = Path::default()
                .key("Resources")
                .key(id)
                .key("Properties")
                .key(property);
            if let Some(document) = self.document(node, &path) {
                found.push(ResourcePolicyIn {
                    ident: id.to_owned(),
                    place: self.place(&Path::default().key("Resources").key(id)),
                    resource_type: resource_type.to_owned(),
                    document,
                });
            }
        }
        found
    }

    /// The resource's own attributes: a `Condition` makes it conditional, which the DSL cannot
    /// say; a deletion policy other than `Delete` is not kept. `DependsOn` and `Metadata` change
    /// nothing that is granted.
    fn resource_attributes(&mut self, id: &str, resource: &'t Node, path: &Path) {
        for (key, value) in resource.entries().unwrap_or_default() {
            let Some(key) = key.as_str() else { continue };
            let here = path.key(key);
            match key {
                "Type" | "Properties" | "DependsOn" | "Metadata" => {}
                "Condition" => {
                    let Some(condition) = value.as_str() else {
                        continue;
                    };
                    let decision = self.decide(condition);
                    let status = match decision.holds {
                        Some(true) if decision.defaults.is_empty() => "it always does".to_owned(),
                        Some(false) if decision.defaults.is_empty() => "it never does".to_owned(),
                        Some(holds) => format!(
                            "it {} with the parameters at their defaults",
                            if holds { "does" } else { "does not" }
                        ),
                        None => "known only when deployed".to_owned(),
                    };
                    self.note(
                        &here,
                        NoteKind::Unexpressible,
                        format!(
                            "`{id}` exists only when the condition `{condition}` holds ({status}); the DSL has no conditions, so it is imported as always there"
                        ),
                    );
                }
                "DeletionPolicy" | "UpdateReplacePolicy" if value.as_str() == Some("Delete") => {}
                other => self.note(
                    &here,
                    NoteKind::Skipped,
                    format!("`{other}: {}` of `{id}` is not kept", self.describe(value)),
                ),
            }
        }
    }

    fn read_role(&mut self, id: &'t str, properties: &'t Node, path: &Path) -> RoleIn {
        let mut role = RoleIn {
            ident: id.to_owned(),
            place: self.place(path),
            ..RoleIn::default()
        };
        let properties_path = path.key("Properties");
        for (key, value) in properties.entries().unwrap_or_default() {
            let Some(key) = key.as_str() else { continue };
            let here = properties_path.key(key);
            match key {
                "RoleName" => role.name = self.text_property(id, key),
                "Path" => role.path = self.text_property(id, key),
                "Description" => role.description = self.text_value(value, "`Description`", &here),
                "PermissionsBoundary" => {
                    role.boundary = self.text_value(value, "`PermissionsBoundary`", &here);
                }
                "MaxSessionDuration" => role.max_session = self.seconds(value, &here),
                "AssumeRolePolicyDocument" => role.trust = self.document(value, &here),
                "Policies" => self.inline_policies(value, &here, &mut role),
                "ManagedPolicyArns" => self.managed_policy_arns(value, &here, &mut role),
                "Tags" => role.tags = self.tags(value, &here),
                other => self.note(
                    &here,
                    NoteKind::Skipped,
                    format!("the property `{other}` of an AWS::IAM::Role is not read"),
                ),
            }
        }
        if properties.get("RoleName").is_none() {
            self.unnamed(id, "role", "after its struct", path);
        }
        role
    }

    /// A resource the template leaves CloudFormation to name (`<stack>-<id>-<suffix>`), which
    /// the DSL names as `dsl_name` says.
    fn unnamed(&mut self, id: &str, what: &str, dsl_name: &str, path: &Path) {
        self.note(
            path,
            NoteKind::Changed,
            format!(
                "the {what} `{id}` has no name in the template, so CloudFormation makes one up when it creates it; the DSL names it {dsl_name} instead"
            ),
        );
    }

    /// `MaxSessionDuration`, which the DSL takes as a number: a parameter's default where the
    /// template names a parameter.
    fn seconds(&mut self, node: &'t Node, path: &Path) -> Option<u32> {
        if let Some(("Ref", Node::Str(name))) = node.intrinsic()
            && let Some(parameter) = self.parameter(name)
            && let Some(seconds) = parameter
                .default
                .and_then(Node::scalar_text)
                .and_then(|d| d.parse().ok())
        {
            let field = parameter.field.clone();
            self.note(
                path,
                NoteKind::Changed,
                format!(
                    "`MaxSessionDuration` is the parameter `{name}` ({field}), which the DSL cannot take: its default, {seconds} seconds, is imported"
                ),
            );
            return Some(seconds);
        }
        let text = self.value(node, path)?.scalar().and_then(|t| t.as_plain());
        match text.and_then(|t| t.parse().ok()) {
            Some(seconds) => Some(seconds),
            None => {
                let message = format!(
                    "`MaxSessionDuration: {}` is not a number the import can read; it is left out (IAM's default is 3600 seconds)",
                    self.describe(node)
                );
                self.note(path, NoteKind::Unexpressible, message);
                None
            }
        }
    }

    /// `Policies`: each document becomes one of the role's inline documents; their names are
    /// not kept, since the DSL names a role's inline policy after the role.
    fn inline_policies(&mut self, node: &'t Node, path: &Path, role: &mut RoleIn) {
        let mut names = Vec::new();
        for (policy, here) in self.items(node, path) {
            if let Some(name) = policy.get("PolicyName") {
                names.push(format!("`{}`", self.describe(name)));
            }
            match policy.get("PolicyDocument") {
                Some(document) => {
                    if let Some(document) = self.document(document, &here.key("PolicyDocument")) {
                        role.inline.push(document);
                    }
                }
                None => self.note(
                    &here,
                    NoteKind::Skipped,
                    "an inline policy without a `PolicyDocument` grants nothing; it is not read"
                        .to_owned(),
                ),
            }
        }
        if !names.is_empty() {
            self.note(
                path,
                NoteKind::Changed,
                format!(
                    "the inline policy name{} {} {} not kept: the DSL names a role's inline policy after the role",
                    if names.len() > 1 { "s" } else { "" },
                    names.join(", "),
                    if names.len() > 1 { "are" } else { "is" },
                ),
            );
        }
    }

    /// `ManagedPolicyArns`: a `Ref` to a managed policy of the template attaches that policy;
    /// anything else is an ARN (or a list field of them).
    fn managed_policy_arns(&mut self, node: &'t Node, path: &Path, role: &mut RoleIn) {
        let mut leaves = Vec::new();
        self.leaves(node, path, "AWS::IAM::ManagedPolicy", &mut leaves);
        for leaf in leaves {
            match leaf {
                Leaf::Resource(policy) => role.policies.push(policy.to_owned()),
                Leaf::Value(value, here) => {
                    if let Some(arn) = self.text(value, "a managed policy ARN", &here) {
                        role.managed.push(arn);
                    }
                }
            }
        }
    }

    fn tags(&mut self, node: &'t Node, path: &Path) -> Vec<(String, Template)> {
        let mut tags = Vec::new();
        let Some(value) = self.value(node, path) else {
            return tags;
        };
        let Tv::List(items) = value else {
            self.note(
                path,
                NoteKind::Unexpressible,
                "`Tags` is not a list; it is left out".to_owned(),
            );
            return tags;
        };
        for (i, item) in items.iter().enumerate() {
            let key = item.get("Key").and_then(Tv::scalar);
            let value = item.get("Value").and_then(Tv::scalar);
            match (key.as_ref().and_then(Template::as_plain), value) {
                (Some(key), Some(value)) => tags.push((key, value)),
                (None, Some(_)) if key.is_some() => self.note(
                    &path.index(i),
                    NoteKind::Unexpressible,
                    format!(
                        "the tag key `{}` holds a placeholder, which a tag key in the DSL cannot; the tag is left out",
                        key.unwrap_or_default()
                    ),
                ),
                _ => self.note(
                    &path.index(i),
                    NoteKind::Unexpressible,
                    "a tag without a string `Key` and `Value` is left out".to_owned(),
                ),
            }
        }
        tags
    }

    fn read_managed_policy(
        &mut self,
        id: &'t str,
        properties: &'t Node,
        path: &Path,
        attachments: &mut Vec<Attachment>,
    ) -> PolicyIn {
        let mut policy = PolicyIn {
            ident: id.to_owned(),
            place: self.place(path),
            ..PolicyIn::default()
        };
        let properties_path = path.key("Properties");
        for (key, value) in properties.entries().unwrap_or_default() {
            let Some(key) = key.as_str() else { continue };
            let here = properties_path.key(key);
            match key {
                "ManagedPolicyName" => policy.name = self.text_property(id, key),
                "Path" => policy.path = self.text_property(id, key),
                "Description" => {
                    policy.description = self.text_value(value, "`Description`", &here)
                }
                "PolicyDocument" => {
                    if let Some(document) = self.document(value, &here) {
                        policy.document = document;
                    }
                }
                "Roles" => {
                    for role in self.roles(value, &here, id) {
                        attachments.push(Attachment::ManagedPolicy {
                            policy: id.to_owned(),
                            role,
                        });
                    }
                }
                "Groups" | "Users" => self.not_roles(key, value, &here),
                other => self.note(
                    &here,
                    NoteKind::Skipped,
                    format!("the property `{other}` of an AWS::IAM::ManagedPolicy is not read"),
                ),
            }
        }
        if properties.get("ManagedPolicyName").is_none() {
            self.unnamed(id, "managed policy", "after its struct", path);
        }
        policy
    }

    /// `AWS::IAM::Policy`: an inline policy of each role it names.
    fn read_policy(
        &mut self,
        id: &'t str,
        properties: &'t Node,
        path: &Path,
        attachments: &mut Vec<Attachment>,
    ) {
        let mut document = None;
        let mut roles = Vec::new();
        let mut name = String::new();
        for (key, value) in properties.entries().unwrap_or_default() {
            let Some(key) = key.as_str() else { continue };
            let here = path.key("Properties").key(key);
            match key {
                "PolicyName" => name = self.describe(value),
                "PolicyDocument" => document = self.document(value, &here),
                "Roles" => roles = self.roles(value, &here, id),
                "Groups" | "Users" => self.not_roles(key, value, &here),
                other => self.note(
                    &here,
                    NoteKind::Skipped,
                    format!("the property `{other}` of an AWS::IAM::Policy is not read"),
                ),
            }
        }
        let Some(document) = document else { return };
        if roles.is_empty() {
            self.note(
                path,
                NoteKind::Unexpressible,
                format!(
                    "the policy `{id}` is attached to no role of the template; it is not imported"
                ),
            );
        }
        for role in roles {
            self.note(
                path,
                NoteKind::Changed,
                format!(
                    "the AWS::IAM::Policy `{id}` (`{name}`) becomes part of the inline policy of `{role}`: the DSL declares a role's inline policy on the role"
                ),
            );
            attachments.push(Attachment::InlinePolicy {
                role,
                document: document.clone(),
            });
        }
    }

    fn read_instance_profile(
        &mut self,
        id: &'t str,
        properties: &'t Node,
        path: &Path,
        attachments: &mut Vec<Attachment>,
    ) {
        let mut roles = Vec::new();
        for (key, value) in properties.entries().unwrap_or_default() {
            let Some(key) = key.as_str() else { continue };
            let here = path.key("Properties").key(key);
            match key {
                "InstanceProfileName" => {}
                "Roles" => roles = self.roles(value, &here, id),
                "Path" if value.as_str() == Some("/") => {}
                other => {
                    let message = format!(
                        "`{other}: {}` of the instance profile `{id}` is not kept: the DSL declares an instance profile by its name alone",
                        self.describe(value)
                    );
                    self.note(&here, NoteKind::Unexpressible, message);
                }
            }
        }
        let name = self.text_property(id, "InstanceProfileName");
        if properties.get("InstanceProfileName").is_none() {
            self.unnamed(id, "instance profile", "like its role", path);
        }
        for role in roles {
            attachments.push(Attachment::InstanceProfile {
                role,
                name: name.clone(),
                path: path.clone(),
            });
        }
    }

    /// The roles of the template that a `Roles` property names; a role from elsewhere is named
    /// in a note, since the DSL attaches from the role's side.
    fn roles(&mut self, node: &'t Node, path: &Path, id: &str) -> Vec<String> {
        let mut leaves = Vec::new();
        self.leaves(node, path, "AWS::IAM::Role", &mut leaves);
        let mut roles = Vec::new();
        for leaf in leaves {
            match leaf {
                Leaf::Resource(role) => roles.push(role.to_owned()),
                Leaf::Value(value, here) => {
                    let shown = match &value {
                        Tv::Str(template) => template.to_string(),
                        other => format!("{other:?}"),
                    };
                    self.note(
                        &here,
                        NoteKind::Unexpressible,
                        format!(
                            "`{id}` is attached to the role `{shown}`, which is not declared in the template; the DSL attaches from the role's side, so this attachment is not imported"
                        ),
                    );
                }
            }
        }
        roles
    }

    fn not_roles(&mut self, key: &str, value: &'t Node, path: &Path) {
        let message = format!(
            "the attachment to IAM {} `{}` is not imported: the DSL declares roles only",
            key.to_ascii_lowercase(),
            self.describe(value)
        );
        self.note(path, NoteKind::Unexpressible, message);
    }

    /// The elements of a list property, its `Fn::If`s decided and `AWS::NoValue` left out.
    fn items(&mut self, node: &'t Node, path: &Path) -> Vec<(&'t Node, Path)> {
        let Some(node) = self.decided(node, path) else {
            return Vec::new();
        };
        let Node::List(elements) = node else {
            let message = format!(
                "`{}` is not a list here; it is left out",
                self.describe(node)
            );
            self.note(path, NoteKind::Unexpressible, message);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, element) in elements.iter().enumerate() {
            let here = path.index(i);
            if let Some(element) = self.decided(element, &here) {
                out.push((element, here));
            }
        }
        out
    }

    /// `node` with the `Fn::If`s around it decided; `None` for `AWS::NoValue`.
    fn decided(&mut self, node: &'t Node, path: &Path) -> Option<&'t Node> {
        match node.intrinsic() {
            Some(("Fn::If", argument)) => {
                let chosen = self.branch(argument, node, path)?;
                self.decided(chosen, path)
            }
            Some(("Ref", Node::Str(name))) if name == "AWS::NoValue" => None,
            _ => Some(node),
        }
    }

    /// The elements of a list property that names resources: a `Ref` to a resource of
    /// `wanted` type as that resource, anything else resolved.
    fn leaves(&mut self, node: &'t Node, path: &Path, wanted: &str, out: &mut Vec<Leaf<'t>>) {
        match node.intrinsic() {
            Some(("Fn::If", argument)) => {
                if let Some(chosen) = self.branch(argument, node, path) {
                    self.leaves(chosen, path, wanted, out);
                }
                return;
            }
            Some(("Ref", Node::Str(id))) if self.resource_type(id) == Some(wanted) => {
                out.push(Leaf::Resource(id));
                return;
            }
            // A managed policy's ARN is also its `PolicyArn` attribute.
            Some(("Fn::GetAtt", argument)) if wanted == "AWS::IAM::ManagedPolicy" => {
                if let Some((id, "PolicyArn")) = get_att_arguments(argument)
                    && self.resource_type(id) == Some(wanted)
                {
                    out.push(Leaf::Resource(id));
                    return;
                }
            }
            _ => {}
        }
        if let Node::List(elements) = node {
            for (i, element) in elements.iter().enumerate() {
                self.leaves(element, &path.index(i), wanted, out);
            }
            return;
        }
        match self.value(node, path) {
            Some(Tv::List(items)) => {
                out.extend(
                    items
                        .into_iter()
                        .map(|item| Leaf::Value(item, path.clone())),
                );
            }
            Some(value) => out.push(Leaf::Value(value, path.clone())),
            None => {}
        }
    }

    fn attach(&mut self, attachment: Attachment, roles: &mut [RoleIn]) {
        let role_id = match &attachment {
            Attachment::ManagedPolicy { role, .. }
            | Attachment::InlinePolicy { role, .. }
            | Attachment::InstanceProfile { role, .. } => role.clone(),
        };
        let Some(role) = roles.iter_mut().find(|r| r.ident == role_id) else {
            return;
        };
        match attachment {
            Attachment::ManagedPolicy { policy, .. } => {
                if !role.policies.contains(&policy) {
                    role.policies.push(policy);
                }
            }
            Attachment::InlinePolicy { document, .. } => role.inline.push(document),
            Attachment::InstanceProfile { name, path, .. } => {
                if role.instance_profile.is_some() {
                    self.note(
                        &path,
                        NoteKind::Unexpressible,
                        format!("`{role_id}` has another instance profile already; the DSL gives a role one, so this one is not imported"),
                    );
                } else {
                    role.instance_profile = Some(name);
                }
            }
        }
    }
}

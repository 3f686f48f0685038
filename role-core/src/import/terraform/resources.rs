//! The resources that make roles and policies, `aws_iam_role` and `aws_iam_policy`, read into
//! what the import found; the resources that attach to a role are in [`super::attachments`], and
//! every other resource is noted as skipped.

use hcl::Expression;

use super::resolve::Ref;
use super::syntax::{Attr, Block, Body};
use super::{At, Mode, Named, NoteKind, Reader, names};
use crate::import::{PolicyIn, RoleIn, Tv};
use crate::model::Template;

/// The attributes of a role or policy that mean nothing to IAM's view of the role (Terraform's
/// own meta-arguments and behaviour), read or not.
const META: &[&str] = &[
    "force_detach_policies",
    "provider",
    "depends_on",
    "count",
    "for_each",
];

/// `var.x` → `x`.
pub(super) fn var_name(expr: &Expression) -> Option<String> {
    let r = Ref::of(expr)?;
    (r.root == "var" && r.attrs.len() == 1 && !r.indexed).then(|| r.attrs[0].clone())
}

impl Reader<'_> {
    pub(super) fn read_resources(&mut self) {
        let blocks = self.config.blocks.clone();
        let resources = |ty: &'static str| {
            blocks
                .iter()
                .copied()
                .filter(move |b| b.kind == "resource" && b.label(0) == ty)
        };
        let mut taken = Vec::new();
        for block in resources("aws_iam_role") {
            self.declare_role(block, &mut taken);
        }
        for block in resources("aws_iam_policy") {
            self.declare_policy(block, &mut taken);
        }
        for block in resources("aws_iam_role") {
            self.read_role(block);
        }
        for block in resources("aws_iam_policy") {
            self.read_policy(block);
        }
        for block in &blocks {
            let at = At::block(block);
            match (block.kind.as_str(), block.label(0)) {
                ("resource", "aws_iam_role" | "aws_iam_policy") => {}
                ("resource", "aws_iam_role_policy") => self.read_role_policy(block),
                ("resource", "aws_iam_role_policy_attachment") => self.read_attachment(block),
                ("resource", "aws_iam_policy_attachment") => self.read_policy_attachment(block),
                ("resource", "aws_iam_instance_profile") => self.read_instance_profile(block),
                ("resource", other) => self.note(
                    &at,
                    NoteKind::Skipped,
                    format!("resource \"{other}\" is not an IAM role or policy: not imported"),
                ),
                ("module", name) => self.note(
                    &at,
                    NoteKind::Skipped,
                    format!("module \"{name}\": the roles a module declares are imported from its own source"),
                ),
                _ => {}
            }
        }
        for block in &blocks {
            if block.kind == "data"
                && block.label(0) == "aws_iam_policy_document"
                && !self.documents.contains_key(block.label(1))
            {
                self.note(
                    &At::block(block),
                    NoteKind::Skipped,
                    "no role or policy the import reads uses this document (with the variables' defaults): not imported".into(),
                );
            }
        }
    }

    /// An identifier no other struct of the import has.
    fn unique_ident(base: String, taken: &mut Vec<String>, suffix: &str) -> String {
        let mut ident = base.clone();
        if taken.contains(&ident) {
            ident = format!("{base}{suffix}");
        }
        let mut n = 2;
        while taken.contains(&ident) {
            ident = format!("{base}{suffix}{n}");
            n += 1;
        }
        taken.push(ident.clone());
        ident
    }

    /// Whether `var.name` is declared with a null or empty default (one without a default must be
    /// given, so it is a field).
    fn empty_by_default(&self, name: &str) -> bool {
        match self.config.variable(name).and_then(|v| v.default.as_ref()) {
            Some(hcl::Value::Null) => true,
            Some(hcl::Value::String(s)) => s.is_empty(),
            _ => false,
        }
    }

    /// An optional string attribute; a bare variable that is empty by default is left out, as
    /// Terraform leaves it out when applied with the defaults.
    fn optional(&mut self, attr: Option<&Attr>, at: &At, mode: Mode) -> Option<Template> {
        let attr = attr?;
        let at = at.attr(attr);
        let expr = self.pick(&attr.expr, &at)?;
        if let Some(name) = var_name(expr)
            && self.empty_by_default(&name)
        {
            self.note(
                &at,
                NoteKind::Unexpressible,
                format!("var.{name} is empty by default, so Terraform leaves `{}` out: so does the import (the DSL has no optional values; write it where one is given)", attr.name),
            );
            return None;
        }
        Some(self.text(expr, &at, mode))
    }

    /// `name`, or a note for `name_prefix` (Terraform adds a random suffix; the DSL names
    /// exactly).
    pub(super) fn name(&mut self, body: &Body, at: &At) -> Option<Template> {
        let name = self.opt_text(body.attr("name"), at, Mode::Plain);
        if let Some(prefix_attr) = body.attr("name_prefix") {
            let prefix_at = at.attr(prefix_attr);
            let empty_by_default =
                var_name(&prefix_attr.expr).is_some_and(|v| self.empty_by_default(&v));
            if empty_by_default {
                return name;
            }
            if let Some(prefix) = self.pick(&prefix_attr.expr, &prefix_at) {
                let message = if name.is_some() {
                    format!("name_prefix `{prefix}` is given too: the name is used")
                } else {
                    format!(
                        "the name is `{prefix}` and a random suffix Terraform chooses; the DSL names exactly: the import leaves the name to the struct's identifier"
                    )
                };
                self.note(&prefix_at, NoteKind::Unexpressible, message);
            }
        }
        name
    }

    fn declare_role(&mut self, block: &Block, taken: &mut Vec<String>) {
        let at = At::block(block);
        let ident = Self::unique_ident(names::upper_camel(block.label(1)), taken, "Role");
        let name = self.name(&block.body, &at);
        let path = self.optional(block.body.attr("path"), &at, Mode::Plain);
        self.role_names.insert(
            block.label(1).to_owned(),
            Named {
                name: name.clone(),
                path: path.clone(),
            },
        );
        self.roles
            .insert(block.label(1).to_owned(), self.found.roles.len());
        self.found.roles.push(RoleIn {
            ident,
            place: at.place(),
            name,
            path,
            ..RoleIn::default()
        });
    }

    fn declare_policy(&mut self, block: &Block, taken: &mut Vec<String>) {
        let at = At::block(block);
        let ident = Self::unique_ident(names::upper_camel(block.label(1)), taken, "Policy");
        let name = self.name(&block.body, &at);
        let path = self.optional(block.body.attr("path"), &at, Mode::Plain);
        self.policy_names
            .insert(block.label(1).to_owned(), Named { name, path });
        self.policies.insert(block.label(1).to_owned(), ident);
    }

    /// A note for `count`/`for_each` on a role or policy: the import declares it once.
    fn note_repetition(&mut self, body: &Body, at: &At, what: &str) {
        if let Some(count) = body.attr("count") {
            if matches!(&count.expr, Expression::Number(n) if n.as_u64() == Some(1)) {
                return;
            }
            let gates = super::eval::gate_atoms(&count.expr);
            let assumed = if gates.is_empty() || what != "role" {
                String::new()
            } else {
                let gates: Vec<String> = gates
                    .iter()
                    .map(|(root, name, truth)| {
                        format!("{}{root}.{name}", if *truth { "" } else { "!" })
                    })
                    .collect();
                format!(", as if {} held", gates.join(" and "))
            };
            self.note(
                &at.attr(count),
                NoteKind::Unexpressible,
                format!("`count = {}`: the import declares the {what} once{assumed} (the DSL has no conditions)", count.expr),
            );
        }
        if let Some(for_each) = body.attr("for_each") {
            self.note(
                &at.attr(for_each),
                NoteKind::Unexpressible,
                format!(
                    "TODO: `for_each = {}` makes one {what} per element; the import declares one",
                    for_each.expr
                ),
            );
        }
    }

    /// Attributes and blocks of a resource the import does not read, each noted.
    fn note_unread(&mut self, body: &Body, at: &At, read: &[&str]) {
        for attr in &body.attrs {
            if !read.contains(&attr.name.as_str()) && !META.contains(&attr.name.as_str()) {
                self.note(
                    &at.attr(attr),
                    NoteKind::Skipped,
                    format!("`{}` is not imported", attr.name),
                );
            }
        }
        for block in &body.blocks {
            if !read.contains(&block.kind.as_str()) && block.kind != "lifecycle" {
                let at = at.child(&block.kind, block.line);
                self.note(
                    &at,
                    NoteKind::Skipped,
                    format!("the `{}` block is not imported", block.kind),
                );
            }
        }
    }

    fn read_role(&mut self, block: &Block) {
        let at = At::block(block);
        let body = &block.body;
        let Some(&index) = self.roles.get(block.label(1)) else {
            return;
        };
        self.note_repetition(body, &at, "role");
        let description = self.optional(body.attr("description"), &at, Mode::Plain);
        let max_session = self.max_session(body.attr("max_session_duration"), &at);
        let boundary = self.optional(body.attr("permissions_boundary"), &at, Mode::Plain);
        let trust = match body.attr("assume_role_policy") {
            Some(attr) => self.document(&attr.expr, &at.attr(attr)),
            None => None,
        };
        let tags = self.tags(body.attr("tags"), &at);
        let mut inline = Vec::new();
        for (i, policy) in body.blocks("inline_policy").enumerate() {
            let at = at.child(&format!("inline_policy[{i}]"), policy.line);
            if let Some(document) =
                self.inline_policy(&policy.body, &at, &self.found.roles[index].ident.clone())
            {
                inline.push(document);
            }
        }
        for dynamic in body.blocks("dynamic") {
            let at = at.child(&format!("dynamic.{}", dynamic.label(0)), dynamic.line);
            if dynamic.label(0) == "inline_policy" {
                for content in self.dynamic_bodies(dynamic, &at) {
                    let ident = self.found.roles[index].ident.clone();
                    if let Some(document) = self.inline_policy(content, &at, &ident) {
                        inline.push(document);
                    }
                }
            }
        }
        let (managed, policies) = match body.attr("managed_policy_arns") {
            Some(attr) => self.managed_list(&attr.expr, &at.attr(attr)),
            None => (Vec::new(), Vec::new()),
        };
        self.note_unread(
            body,
            &at,
            &[
                "name",
                "name_prefix",
                "path",
                "description",
                "max_session_duration",
                "permissions_boundary",
                "assume_role_policy",
                "tags",
                "inline_policy",
                "managed_policy_arns",
                "dynamic",
            ],
        );
        let role = &mut self.found.roles[index];
        role.description = description;
        role.max_session = max_session;
        role.boundary = boundary;
        role.trust = trust;
        role.tags = tags;
        role.inline.extend(inline);
        role.managed.extend(managed);
        role.policies.extend(policies);
    }

    /// An `inline_policy { name policy }` block's document.
    fn inline_policy(&mut self, body: &Body, at: &At, role: &str) -> Option<Tv> {
        let attr = body.attr("policy")?;
        let document = self.document(&attr.expr, &at.attr(attr))?;
        let name = self
            .opt_text(body.attr("name"), at, Mode::Plain)
            .map(|n| format!(" `{n}`"))
            .unwrap_or_default();
        self.note(
            at,
            NoteKind::Changed,
            format!("the inline policy{name} becomes part of {role}'s inline policy (the DSL declares one per role, named by the renderer)"),
        );
        Some(document)
    }

    /// `max_session_duration`: a number, or a variable's default (noted).
    fn max_session(&mut self, attr: Option<&Attr>, at: &At) -> Option<u32> {
        let attr = attr?;
        let at = at.attr(attr);
        let expr = self.pick(&attr.expr, &at)?;
        let literal = |value: &hcl::Value| match value {
            hcl::Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
            _ => None,
        };
        if let Expression::Number(n) = expr {
            return n.as_u64().and_then(|n| u32::try_from(n).ok());
        }
        match self.defaults.value(expr) {
            Some(hcl::Value::Null) => None,
            Some(value) if literal(&value).is_some() => {
                self.note(
                    &at,
                    NoteKind::Unexpressible,
                    format!("`{expr}` is {value} by default; the DSL's max_session is written out: the import writes {value}"),
                );
                literal(&value)
            }
            _ => {
                self.note(
                    &at,
                    NoteKind::Unexpressible,
                    format!("`{expr}` is known only to Terraform; the DSL's max_session is written out: left out"),
                );
                None
            }
        }
    }

    /// `tags = { ... }` written out; tags from a variable or `merge(...)` are noted.
    fn tags(&mut self, attr: Option<&Attr>, at: &At) -> Vec<(String, Template)> {
        let Some(attr) = attr else {
            return Vec::new();
        };
        let at = at.attr(attr);
        let Some(expr) = self.pick(&attr.expr, &at) else {
            return Vec::new();
        };
        let Expression::Object(object) = expr else {
            self.note(
                &at,
                NoteKind::Unexpressible,
                format!("TODO: the tags `{expr}` are not written out in the configuration, and the DSL's are: none imported"),
            );
            return Vec::new();
        };
        let mut tags = Vec::new();
        for (key, value) in object.iter() {
            let key = match key {
                hcl::ObjectKey::Identifier(id) => Some(id.as_str().to_owned()),
                hcl::ObjectKey::Expression(e) => self.text(e, &at, Mode::Plain).as_plain(),
                _ => None,
            };
            let Some(key) = key else {
                self.note(
                    &at,
                    NoteKind::Unexpressible,
                    "a tag key computed by Terraform is left out".into(),
                );
                continue;
            };
            let value = self.text(value, &at, Mode::Plain);
            tags.push((key, value));
        }
        tags
    }

    /// `managed_policy_arns`: ARNs, and the policies of the configuration it names.
    fn managed_list(&mut self, expr: &Expression, at: &At) -> (Vec<Template>, Vec<String>) {
        let mut managed = Vec::new();
        let mut policies = Vec::new();
        let Some(expr) = self.pick(expr, at) else {
            return (managed, policies);
        };
        match expr {
            Expression::Array(items) => {
                for item in items {
                    match self.policy_of(item) {
                        Some(ident) => policies.push(ident),
                        None => managed.push(self.text(item, at, Mode::Plain)),
                    }
                }
            }
            other => managed = self.list(other, at, Mode::Plain),
        }
        (managed, policies)
    }

    fn read_policy(&mut self, block: &Block) {
        let at = At::block(block);
        let body = &block.body;
        let tf_name = block.label(1);
        self.note_repetition(body, &at, "policy");
        let document = match body.attr("policy") {
            Some(attr) => self.document(&attr.expr, &at.attr(attr)),
            None => None,
        };
        let Some(ident) = self.policies.get(tf_name).cloned() else {
            return;
        };
        let Some(document) = document else {
            self.note(
                &at,
                NoteKind::Unexpressible,
                "the policy's document could not be read: the policy is not imported".into(),
            );
            self.policies.remove(tf_name);
            return;
        };
        let description = self.optional(body.attr("description"), &at, Mode::Plain);
        let tags = self.tags(body.attr("tags"), &at);
        self.note_unread(
            body,
            &at,
            &[
                "name",
                "name_prefix",
                "path",
                "description",
                "policy",
                "tags",
            ],
        );
        let named = self.policy_names.get(tf_name).cloned().unwrap_or(Named {
            name: None,
            path: None,
        });
        self.found.policies.push(PolicyIn {
            ident,
            place: at.place(),
            name: named.name,
            description,
            path: named.path,
            document,
            tags,
        });
    }
}

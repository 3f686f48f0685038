//! What a reader found, as DSL declarations: each role and policy becomes an [`Item`] in the
//! forms a user would write, its fields are the parameters it uses, and everything said another
//! way or not at all is a [`Note`] at its place, kept beside the item it is about.

use std::collections::{BTreeMap, HashSet};

use super::document::{self, Notes};
use super::dsl::{Arg, Field, Item, ItemKind, PrincipalForm};
use super::names;
use super::{Found, Note, NoteKind, PolicyIn, RoleIn};
use crate::model::{ParamKind, Part, Pseudo, Template};

/// The items of one input, and the notes not about any one of them.
pub struct Imported {
    pub items: Vec<Item>,
    pub notes: Vec<Note>,
}

/// `taken` holds the identifiers already given in this run (across inputs), so that the items
/// of several inputs can live in one crate.
pub fn items(mut found: Found, taken: &mut HashSet<String>) -> Imported {
    let renames = names::field_renames(&found.fields);
    if !renames.is_empty() {
        names::rename_fields(&mut found, &renames);
    }
    let mut notes = std::mem::take(&mut found.notes);
    let unnamed_noted = found.unnamed_noted;
    let idents = names::struct_idents(&found, taken, &mut notes);
    let fields: BTreeMap<&str, &super::FieldIn> =
        found.fields.iter().map(|f| (f.name.as_str(), f)).collect();
    let mut items = Vec::new();
    for (policy, ident) in found.policies.iter().zip(&idents.policies) {
        items.push(policy_item(
            policy,
            ident.clone(),
            &fields,
            unnamed_noted,
            &mut notes,
        ));
    }
    for (role, ident) in found.roles.iter().zip(&idents.roles) {
        let attached = role
            .policies
            .iter()
            .map(|p| idents.policy_of(&found, p).unwrap_or_else(|| p.clone()))
            .collect();
        items.push(role_item(
            role,
            ident.clone(),
            attached,
            &fields,
            unnamed_noted,
            &mut notes,
        ));
    }
    // Roles first, as a reader expects: what is assumed, then what it attaches.
    items.sort_by_key(|i| i.kind == ItemKind::Policy);
    let notes = attach(&mut items, notes);
    Imported { items, notes }
}

fn role_item(
    role: &RoleIn,
    ident: String,
    policies: Vec<String>,
    fields: &BTreeMap<&str, &super::FieldIn>,
    unnamed_noted: bool,
    notes: &mut Vec<Note>,
) -> Item {
    let mut args = Vec::new();
    let doc = properties(&ident, &role.name, &role.description, &role.path, &mut args);
    if role.name.is_none() && !unnamed_noted {
        notes.push(Note {
            place: role.place.clone(),
            kind: NoteKind::Changed,
            message: format!("the role has no name (one would be generated when it is deployed); the DSL names it after the struct, `{ident}`"),
        });
    }
    if let Some(seconds) = role.max_session {
        args.push(Arg::Duration("max_session", seconds));
    }
    if let Some(boundary) = &role.boundary {
        args.push(Arg::Text("boundary", boundary.clone()));
    }
    let trust = match &role.trust {
        Some(trust) => {
            let mut at = Notes {
                place: place_in(&role.place, ".AssumeRolePolicyDocument"),
                notes,
            };
            super::trust::trust(trust, &mut at)
        }
        None => {
            notes.push(Note {
                place: role.place.clone(),
                kind: NoteKind::Unexpressible,
                message: "the role has no trust policy, which IAM requires".into(),
            });
            Vec::new()
        }
    };
    let ec2 = trust.iter().any(|t| {
        t.principal == PrincipalForm::Service && t.values.iter().any(|v| *v == "ec2.amazonaws.com")
    });
    args.extend(trust.into_iter().map(Arg::Trust));
    let inline = inline_policy(role, notes);
    args.extend(inline.into_iter().map(Arg::Statement));
    if !role.managed.is_empty() {
        args.push(Arg::List(
            "managed",
            role.managed.iter().map(managed).collect(),
        ));
    }
    if !policies.is_empty() {
        args.push(Arg::Idents("policies", policies));
    }
    if !role.tags.is_empty() {
        args.push(Arg::Tags(role.tags.clone()));
    }
    let role_name = role
        .name
        .clone()
        .unwrap_or_else(|| Template::literal(&ident));
    let wanted = match &role.instance_profile {
        None => None,
        Some(None) => Some(role_name.clone()),
        Some(Some(name)) => Some(name.clone()),
    };
    // The DSL gives a role trusted by EC2 an instance profile named like it, and no other role one.
    if wanted != ec2.then(|| role_name.clone()) {
        args.push(match wanted {
            None => Arg::Bool("instance_profile", false),
            Some(name) if name == role_name => Arg::Bool("instance_profile", true),
            Some(name) => Arg::Text("instance_profile", name),
        });
    }
    item(ItemKind::Role, ident, &role.place, doc, args, fields)
}

fn item(
    kind: ItemKind,
    ident: String,
    place: &super::Place,
    doc: Option<String>,
    args: Vec<Arg>,
    fields: &BTreeMap<&str, &super::FieldIn>,
) -> Item {
    let mut item = Item {
        kind,
        ident,
        place: place.clone(),
        doc,
        comments: Vec::new(),
        args,
        fields: Vec::new(),
    };
    item.fields = item_fields(&item, fields);
    item
}

/// A role's inline policies, as one: the DSL gives a role one inline policy.
fn inline_policy(role: &RoleIn, notes: &mut Vec<Note>) -> Vec<super::dsl::Statement> {
    if role.inline.len() > 1 {
        notes.push(Note {
            place: role.place.clone(),
            kind: NoteKind::Changed,
            message: format!(
                "the role's {} inline policies are merged into one, which grants the same",
                role.inline.len()
            ),
        });
    }
    let mut statements = Vec::new();
    for (i, document) in role.inline.iter().enumerate() {
        let mut at = Notes {
            place: place_in(&role.place, &format!(".Policies[{i}].PolicyDocument")),
            notes,
        };
        statements.extend(document::permissions(document, &mut at));
    }
    statements
}

fn policy_item(
    policy: &PolicyIn,
    ident: String,
    fields: &BTreeMap<&str, &super::FieldIn>,
    unnamed_noted: bool,
    notes: &mut Vec<Note>,
) -> Item {
    let mut args = Vec::new();
    let doc = properties(
        &ident,
        &policy.name,
        &policy.description,
        &policy.path,
        &mut args,
    );
    if policy.name.is_none() && !unnamed_noted {
        notes.push(Note {
            place: policy.place.clone(),
            kind: NoteKind::Changed,
            message: format!("the policy has no name (one would be generated when it is deployed); the DSL names it after the struct, `{ident}`"),
        });
    }
    let mut at = Notes {
        place: place_in(&policy.place, ".PolicyDocument"),
        notes,
    };
    let statements = document::permissions(&policy.document, &mut at);
    args.extend(statements.into_iter().map(Arg::Statement));
    if !policy.tags.is_empty() {
        args.push(Arg::Tags(policy.tags.clone()));
    }
    item(ItemKind::Policy, ident, &policy.place, doc, args, fields)
}

/// `name`, `description` and `path`, each left out where the DSL's default says the same.
/// Returns the description when a doc comment says it.
fn properties(
    ident: &str,
    name: &Option<Template>,
    description: &Option<Template>,
    path: &Option<Template>,
    args: &mut Vec<Arg>,
) -> Option<String> {
    if let Some(name) = name
        && *name != *ident
    {
        args.push(Arg::Text("name", name.clone()));
    }
    let mut doc = None;
    if let Some(description) = description {
        match description.as_plain().filter(|d| fits_doc_comment(d)) {
            Some(text) => doc = Some(text),
            None => args.push(Arg::Text("description", description.clone())),
        }
    }
    if let Some(path) = path
        && *path != "/"
    {
        args.push(Arg::Text("path", path.clone()));
    }
    doc
}

/// A doc comment gives the DSL its description with its lines joined by one space and trimmed:
/// a description reads back the same only when it is one trimmed line with single spaces. And
/// literal braces and policy variables read the same only in `description = "..."`.
fn fits_doc_comment(text: &str) -> bool {
    !text.is_empty()
        && text.trim() == text
        && !text.contains("  ")
        && !text.contains(['{', '}', '$'])
        && !text.chars().any(|c| c.is_control())
}

/// A managed policy of AWS (`arn:{partition}:iam::aws:policy/service-role/X`) is written by its
/// name, as the DSL's `managed` takes it; any other ARN as it is.
fn managed(arn: &Template) -> Template {
    let rest = match arn.0.as_slice() {
        [
            Part::Text(head),
            Part::Pseudo(Pseudo::Partition),
            Part::Text(rest),
        ] if head == "arn:" => rest.strip_prefix(":iam::aws:policy/"),
        [Part::Text(text)] => text.strip_prefix("arn:aws:iam::aws:policy/"),
        _ => None,
    };
    match rest {
        Some(reference) if !reference.is_empty() => Template::literal(reference),
        _ => arn.clone(),
    }
}

/// The fields an item's templates name, in the order the input declares them.
fn item_fields(item: &Item, declared: &BTreeMap<&str, &super::FieldIn>) -> Vec<Field> {
    let mut used: Vec<(String, ParamKind)> = Vec::new();
    for template in super::source::templates(item) {
        for part in &template.0 {
            let (name, kind) = match part {
                Part::Field(name) => (name, ParamKind::Text),
                Part::List(name) => (name, ParamKind::List),
                _ => continue,
            };
            if !used.iter().any(|(n, _)| n == name) {
                used.push((name.clone(), kind));
            }
        }
    }
    let order: BTreeMap<&str, usize> = declared.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    used.sort_by_key(|(name, _)| order.get(name.as_str()).copied().unwrap_or(usize::MAX));
    used.into_iter()
        .map(|(name, kind)| {
            let doc = declared.get(name.as_str()).and_then(|f| f.doc.clone());
            Field { name, kind, doc }
        })
        .collect()
}

/// Gives each note to the item it is about (its place lies in the item's; every note, when the
/// input holds one item), as a comment above the item. Every note is still returned, for the
/// report.
fn attach(items: &mut [Item], notes: Vec<Note>) -> Vec<Note> {
    let alone = items.len() == 1;
    for note in &notes {
        let owner = items
            .iter_mut()
            .filter(|i| {
                alone || (!i.place.path.is_empty() && note.place.path.starts_with(&i.place.path))
            })
            .max_by_key(|i| i.place.path.len());
        if let Some(item) = owner
            && note.kind != NoteKind::Skipped
        {
            let mark = match note.kind {
                NoteKind::Unexpressible => "TODO(import)",
                _ => "import",
            };
            let at = match note.place.path.strip_prefix(&item.place.path) {
                Some("") | None => String::new(),
                Some(rest) => format!(" ({})", rest.trim_start_matches('.')),
            };
            let message = note.message.strip_prefix("TODO: ").unwrap_or(&note.message);
            let comment = format!("{mark}: {message}{at}");
            // One thing done to several places of a document is said once.
            if !item.comments.contains(&comment) {
                item.comments.push(comment);
            }
        }
    }
    notes
}

/// Whether `note` became a comment of one of `items` (as [`attach`] decides).
pub fn attached(items: &[Item], note: &Note) -> bool {
    note.kind != NoteKind::Skipped
        && (items.len() == 1
            || items
                .iter()
                .any(|i| !i.place.path.is_empty() && note.place.path.starts_with(&i.place.path)))
}

fn place_in(place: &super::Place, suffix: &str) -> super::Place {
    super::Place {
        path: format!("{}{suffix}", place.path),
        ..place.clone()
    }
}

//! AWS managed policies that make a role an administrator. `AdministratorAccess` allows
//! everything; `IAMFullAccess` lets the role grant itself anything. `PowerUserAccess` allows
//! everything but IAM and Organizations (and a few IAM reads): not admin-equivalent, since the
//! role cannot change its own permissions, but broad enough to be worth a note.

use super::{Level, Lint, Out, Subject};

pub static ADMIN_POLICY: Lint = Lint {
    code: "RL401",
    name: "admin-managed-policy",
    level: Level::Error,
    why: "this AWS managed policy makes the role an administrator: it allows every action, or lets the role grant itself any",
    fix: "attach the narrower AWS managed policies the role needs, or write its own statements; `accept(\"RL401\", \"why\")` where an admin role is the point",
    doc: "`managed = [...]` naming `AdministratorAccess` or `IAMFullAccess` (as a name or as `arn:...:iam::aws:policy/...`).",
};

pub static POWER_USER: Lint = Lint {
    code: "RL402",
    name: "power-user-policy",
    level: Level::Note,
    why: "`PowerUserAccess` allows every action of every service but IAM and Organizations, deletions included",
    fix: "attach the AWS managed policies of the services the role uses, or write its own statements",
    doc: "`managed = [...]` naming `PowerUserAccess`. Not admin-equivalent (it cannot change IAM), hence a note and not RL401.",
};

const ADMIN: &[&str] = &["AdministratorAccess", "IAMFullAccess"];

pub(super) fn check(subject: &Subject, out: &mut Out) {
    let Some(role) = &subject.role else {
        return;
    };
    for entry in &role.managed {
        let name = entry
            .value
            .rsplit_once(":policy/")
            .map_or(entry.value.as_str(), |(_, name)| name);
        if ADMIN.iter().any(|a| a.eq_ignore_ascii_case(name)) {
            out.item(
                &ADMIN_POLICY,
                entry.spot,
                format!("`{name}` makes this role an administrator"),
            );
        } else if name.eq_ignore_ascii_case("PowerUserAccess") {
            out.item(
                &POWER_USER,
                entry.spot,
                "`PowerUserAccess` allows every action but IAM's and Organizations'".to_owned(),
            );
        }
    }
}

//! The cross-service confused deputy: a service principal trusted without `aws:SourceArn` or
//! `aws:SourceAccount` can be made to assume the role on behalf of another customer's resource.
//! Only services that send those keys are flagged (a condition on a key never sent would lock
//! the service out); they are listed, each with its source, in `data/confused-deputy.txt`.

use std::sync::OnceLock;

use super::{Level, Lint, Out, Subject};
use crate::syntax::ast::PrincipalArg;

pub static CONFUSED_DEPUTY: Lint = Lint {
    code: "RL203",
    name: "confused-deputy",
    level: Level::Warning,
    why: "this service sends `aws:SourceArn` and `aws:SourceAccount` when it assumes a role; without a condition on them, another customer's resource of the same service can have it assume this role",
    fix: "add `when(StringEquals(\"aws:SourceAccount\", \"{account_id}\"))`, or `ArnLike(\"aws:SourceArn\", ...)` naming the resources that may use the role",
    doc: "A trust statement with a service principal of the kept list (`role-core/data/confused-deputy.txt`, each with the AWS page that documents it) and no condition on `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths`.",
};

const LIST: &str = include_str!("../../data/confused-deputy.txt");

const SOURCE_KEYS: &[&str] = &[
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

/// The service principals of the kept list.
pub fn services() -> &'static [String] {
    static SERVICES: OnceLock<Vec<String>> = OnceLock::new();
    SERVICES.get_or_init(|| {
        LIST.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter_map(|line| line.split_whitespace().next())
            .map(str::to_ascii_lowercase)
            .collect()
    })
}

pub(super) fn check(subject: &Subject, out: &mut Out) {
    for (index, s) in subject.trusts() {
        if SOURCE_KEYS.iter().any(|key| s.tests_key(key)) {
            continue;
        }
        for value in s.principal_values(&[PrincipalArg::Service]) {
            let host = value.value.to_ascii_lowercase();
            if services().contains(&host) {
                out.statement(
                    index,
                    &CONFUSED_DEPUTY,
                    value.spot,
                    format!("`{}` may assume this role for any customer's resource: no condition on `aws:SourceArn` or `aws:SourceAccount`", value.value),
                );
            }
        }
    }
}

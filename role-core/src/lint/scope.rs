//! Whether a statement reaches every resource an action acts on, and whether its conditions
//! narrow that: the one answer the lints on actions granted without bounds share (RL111, RL116,
//! RL117; RL113 keeps a broader test of its own, see there). "Every" is read from the
//! catalogue's ARN formats, not from how a pattern ends: `arn:aws:s3:::*/*` is every object,
//! `arn:aws:s3:::logs-*/*` is not.

use wildmatch::WildMatch;

use super::Statement;
use crate::catalogue::Action;

/// Stands for a resource's own name in an ARN format (`${SecretId}`): no policy writes it, so
/// a pattern that matches it matches any name.
const ANY_NAME: &str = "\u{1}";

/// Whether the resource pattern `resource` (`"*"`, `arn:aws:secretsmanager:*:*:secret:*`) names
/// every resource of one of the action's types. The pattern's own partition, region and
/// account count as given: `arn:aws:ssm:us-east-1:111122223333:parameter/*` is every
/// parameter of that account. A `{placeholder}` or `${aws:username}` in the resource's name
/// names one resource, not every one.
pub fn covers_every(action: &Action<'_>, resource: &str) -> bool {
    if resource == "*" {
        return true;
    }
    let pattern = WildMatch::new(resource);
    let fields: Vec<&str> = resource.splitn(6, ':').collect();
    let given = |index: usize, otherwise: &'static str| -> String {
        match fields.get(index) {
            Some(field) if !field.contains(['*', '?']) && fields.len() == 6 => (*field).to_owned(),
            _ => otherwise.to_owned(),
        }
    };
    let (partition, region, account) = (
        given(1, "aws"),
        given(3, "us-east-1"),
        given(4, "123456789012"),
    );
    action.arn_formats().any(|format| {
        let generic = instance(format.text(), &partition, &region, &account);
        pattern.matches(&generic)
    })
}

/// The ARN of `format` with the given partition, region and account, every other `${...}`
/// part [`ANY_NAME`].
fn instance(format: &str, partition: &str, region: &str, account: &str) -> String {
    let mut out = String::with_capacity(format.len());
    let mut rest = format;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            rest = &rest[start..];
            break;
        };
        out.push_str(match &rest[start + 2..start + len] {
            "Partition" => partition,
            "Region" => region,
            "Account" => account,
            _ => ANY_NAME,
        });
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Global keys that describe the resource or where the request comes from: a condition on one
/// leaves only some resources, or only calls from inside a network or through a service.
const NARROWING_GLOBAL_KEYS: &[&str] = &[
    "aws:ResourceTag/",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpcSourceIp",
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:ViaAWSService",
];

/// Service keys an action documents that say how the request is signed or sent, not what it
/// reaches.
const REQUEST_SHAPE_KEYS: &[&str] = &[
    "s3:authType",
    "s3:signatureAge",
    "s3:signatureversion",
    "s3:TlsVersion",
    "s3:x-amz-content-sha256",
    "dynamodb:ReturnConsumedCapacity",
    "dynamodb:ReturnValues",
    "kms:EncryptionAlgorithm",
];

/// Whether a condition of the statement narrows what `action` reaches: a global key of
/// [`NARROWING_GLOBAL_KEYS`], a resource tag of any service, or a service key the action documents (`secretsmanager:SecretId`,
/// `s3:ExistingObjectTag/...`, `kms:ViaService`), whatever its operator and values.
pub fn narrowed(action: &Action<'_>, statement: &Statement) -> bool {
    statement.conditions().iter().any(|c| {
        c.key
            .as_ref()
            .is_some_and(|key| narrowing_key(action, &key.value))
    })
}

fn narrowing_key(action: &Action<'_>, key: &str) -> bool {
    let global = NARROWING_GLOBAL_KEYS.iter().any(|known| {
        key.eq_ignore_ascii_case(known)
            || (known.ends_with('/')
                && key.len() > known.len()
                && key[..known.len()].eq_ignore_ascii_case(known))
    });
    // Every service's resource tags (`secretsmanager:ResourceTag/...`, `s3:ExistingObjectTag/...`),
    // whether or not the catalogue spells the tag part as a placeholder.
    let lower = key.to_ascii_lowercase();
    let tag = lower.contains("resourcetag/") || lower.contains("existingobjecttag/");
    let own = !key.to_ascii_lowercase().starts_with("aws:")
        && !REQUEST_SHAPE_KEYS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(key))
        && action.documents_condition_key(key);
    global || tag || own
}

/// Whether the statement's own action patterns (or, for `NotAction`, what they leave) name
/// `action`, ignoring case.
pub fn names(statement: &Statement, action: &Action<'_>) -> bool {
    let full = action.full_name();
    let matches = |pattern: &str| WildMatch::new_case_insensitive(pattern).matches(&full);
    match &statement.stmt.not_actions {
        Some((_, except)) => !except.iter().any(|p| matches(&p.value)),
        None => statement.stmt.actions.iter().any(|p| matches(&p.value)),
    }
}

/// Whether a Deny of the same policy takes `action` away from every resource of its type but
/// some: it names the action and either every resource or `NotResource` (leaving only those
/// listed), unconditionally or under a condition that narrows (leaving only, say, the tagged).
/// A Deny on some resources, or under a condition on the request alone, leaves the rest.
pub fn denied_but_some(statements: &[Statement], action: &Action<'_>) -> bool {
    statements
        .iter()
        .filter(|s| !s.trust && !s.allows())
        .any(|s| {
            let every = match (&s.stmt.on, &s.stmt.not_on) {
                (Some((_, on)), _) => on.iter().any(|r| covers_every(action, &r.value)),
                (None, Some((_, except))) => !except.iter().any(|r| covers_every(action, &r.value)),
                (None, None) => false,
            };
            every && names(s, action) && (s.conditions().is_empty() || narrowed(action, s))
        })
}

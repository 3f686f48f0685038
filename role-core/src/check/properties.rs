//! The rules on a role's or policy's own properties: name, path, description, session length,
//! tags and attachments, as IAM constrains them.

use super::arn;
use super::placeholder::Placeholders;
use crate::diag::{Code, Finding, Findings, Spot};
use crate::model::{Tag, Template};
use crate::syntax::ast::{Decl, DeclKind, DurationArg, Str};

const MIN_SESSION: u64 = 3600;
const MAX_SESSION: u64 = 43200;
const MAX_ATTACHMENTS: usize = 10;
const MAX_TAGS: usize = 50;

/// IAM's name characters, `[\w+=,.@-]`.
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// RoleName is 1..64 characters, ManagedPolicyName 1..128, both of `[\w+=,.@-]`.
pub fn name(decl: &Decl, max: usize, findings: &mut Findings) -> String {
    let (value, spot) = match &decl.args.name {
        Some(s) => (s.value.clone(), s.spot),
        None => (decl.ident.clone(), decl.ident_spot),
    };
    let what = if decl.kind == DeclKind::Role {
        "role"
    } else {
        "policy"
    };
    if value.is_empty() || value.chars().count() > max {
        findings.error(
            Code::InvalidName,
            spot,
            format!(
                "{what} name `{value}` has {} characters; IAM allows 1 to {max}",
                value.chars().count()
            ),
        );
    } else if let Some((i, c)) = value.char_indices().find(|(_, c)| !is_name_char(*c)) {
        let spot = if decl.args.name.is_some() {
            spot.part(i, i + c.len_utf8())
        } else {
            spot
        };
        findings.push(
            Finding::error(
                Code::InvalidName,
                spot,
                format!("{what} name `{value}` holds `{c}`, which IAM does not allow"),
            )
            .with_help("a name uses letters, digits and `_+=,.@-`"),
        );
    }
    value
}

/// Description: up to 1,000 characters of printable text; the doc comment by default.
pub fn description(decl: &Decl, findings: &mut Findings) -> Option<String> {
    let (value, spot) = match &decl.args.description {
        Some(s) => (s.value.clone(), s.spot),
        None => (decl.doc.clone()?, decl.ident_spot),
    };
    let count = value.chars().count();
    let from = if decl.args.description.is_some() {
        "description"
    } else {
        "the doc comment, used as the description,"
    };
    if count > 1000 {
        findings.push(
            Finding::error(
                Code::InvalidDescription,
                spot,
                format!("{from} has {count} characters; IAM allows 1,000"),
            )
            .with_help("shorten it, or give a shorter `description = \"...\"`"),
        );
    } else if let Some(c) = value.chars().find(|&c| !is_description_char(c)) {
        findings.error(
            Code::InvalidDescription,
            spot,
            format!("{from} holds {c:?}, which IAM does not allow in a description"),
        );
    }
    Some(value)
}

/// IAM's description pattern: `[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]`.
fn is_description_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{a1}'..='\u{ff}')
}

/// Path: `/`, or `/.../` of `\u0021-\u007E`, up to 512 characters.
pub fn path(decl: &Decl, findings: &mut Findings) -> Option<String> {
    let s = decl.args.path.as_ref()?;
    let value = &s.value;
    let valid_chars = value.chars().all(|c| ('\u{21}'..='\u{7e}').contains(&c));
    let shaped =
        value == "/" || (value.len() >= 3 && value.starts_with('/') && value.ends_with('/'));
    if value.len() > 512 || !valid_chars || !shaped {
        findings.push(
            Finding::error(Code::InvalidPath, s.spot, format!("path `{value}` is not an IAM path"))
                .with_help("a path is `/` or starts and ends with `/`, such as `/service/`, up to 512 printable ASCII characters"),
        );
    }
    Some(value.clone())
}

/// MaxSessionDuration: 1 to 12 hours, in seconds.
pub fn max_session(decl: &Decl, findings: &mut Findings) -> Option<u32> {
    let (seconds, spot) = match decl.args.max_session.as_ref()? {
        DurationArg::Seconds { value, spot } => (*value, *spot),
        DurationArg::Text(s) => match parse_duration(&s.value) {
            Ok(seconds) => (seconds, s.spot),
            Err(problem) => {
                findings.push(
                    Finding::error(Code::InvalidDuration, s.spot, format!("`{}` is not a duration: {problem}", s.value))
                        .with_help("write hours, minutes and seconds such as \"1h\", \"1h30m\", \"5400s\", or a bare number of seconds"),
                );
                return None;
            }
        },
    };
    if !(MIN_SESSION..=MAX_SESSION).contains(&seconds) {
        let fix = if seconds < MIN_SESSION {
            "1h is the least"
        } else {
            "12h is the most"
        };
        findings.push(
            Finding::error(
                Code::InvalidDuration,
                spot,
                format!("max_session of {seconds} seconds is outside IAM's 1h to 12h (3600 to 43200 seconds)"),
            )
            .with_help(format!("{fix} IAM allows")),
        );
        return None;
    }
    u32::try_from(seconds).ok()
}

/// `"1h30m"`, `"90m"`, `"5400s"`, `"5400"`: units in any order, each at most once.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    if text.is_empty() {
        return Err("it is empty".to_owned());
    }
    if let Ok(seconds) = text.parse::<u64>() {
        return Ok(seconds);
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    let mut seen = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            other => return Err(format!("`{other}` is not a unit (use h, m, s)")),
        };
        if digits.is_empty() {
            return Err(format!("`{c}` has no number before it"));
        }
        if seen.contains(c) {
            return Err(format!("`{c}` is given twice"));
        }
        seen.push(c);
        let n: u64 = digits
            .parse()
            .map_err(|_| "the number is too large".to_owned())?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or("the number is too large")?;
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(format!("`{digits}` has no unit (use h, m, s)"));
    }
    Ok(total)
}

/// An instance profile by default exactly when EC2 may assume the role.
pub fn instance_profile(decl: &Decl) -> bool {
    if let Some((value, _)) = decl.args.instance_profile {
        return value;
    }
    decl.args
        .trust
        .iter()
        .flat_map(|t| t.principals.iter())
        .filter(|p| p.arg == crate::syntax::ast::PrincipalArg::Service)
        .flat_map(|p| p.values.iter())
        .any(|v| v.value == "ec2.amazonaws.com")
}

/// Tags: up to 50, keys 1..128 and values up to 256 of IAM's characters, no `aws:` prefix, keys
/// unique ignoring case.
pub fn tags(decl: &Decl, findings: &mut Findings) -> Vec<Tag> {
    let tags = &decl.args.tags;
    if tags.len() > MAX_TAGS
        && let Some(spot) = decl.args.tags_spot
    {
        findings.error(
            Code::TooManyTags,
            spot,
            format!("{} tags; IAM allows 50 on a role", tags.len()),
        );
    }
    let mut out: Vec<Tag> = Vec::new();
    for tag in tags {
        check_tag_text(&tag.key, "key", 1, 128, findings);
        check_tag_text(&tag.value, "value", 0, 256, findings);
        if tag.key.value.to_ascii_lowercase().starts_with("aws:") {
            findings.error(
                Code::InvalidTag,
                tag.key.spot,
                format!(
                    "tag key `{}` starts with `aws:`, which AWS reserves",
                    tag.key.value
                ),
            );
        }
        if out
            .iter()
            .any(|t| t.key.eq_ignore_ascii_case(&tag.key.value))
        {
            findings.error(
                Code::DuplicateTag,
                tag.key.spot,
                format!(
                    "tag key `{}` is given twice (IAM compares tag keys ignoring case)",
                    tag.key.value
                ),
            );
        }
        out.push(Tag {
            key: tag.key.value.clone(),
            value: tag.value.value.clone(),
        });
    }
    out
}

fn check_tag_text(s: &Str, what: &str, min: usize, max: usize, findings: &mut Findings) {
    let count = s.value.chars().count();
    if count < min || count > max {
        findings.error(
            Code::InvalidTag,
            s.spot,
            format!(
                "tag {what} `{}` has {count} characters; IAM allows {min} to {max}",
                s.value
            ),
        );
    } else if let Some(c) = s
        .value
        .chars()
        .find(|&c| !(c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c)))
    {
        findings.error(
            Code::InvalidTag,
            s.spot,
            format!(
                "tag {what} `{}` holds `{c}`, which IAM does not allow",
                s.value
            ),
        );
    }
}

/// A managed policy: a full ARN, or an AWS managed policy name (with its path, if any).
pub fn managed(s: &Str, placeholders: &mut Placeholders, findings: &mut Findings) -> Template {
    if s.value.starts_with("arn:") || s.value.starts_with('{') {
        let template = placeholders.template(s, findings);
        let before = findings.0.len();
        arn::check(s, arn::Expect::Arn, findings);
        if findings.0.len() == before
            && let Some((_, reference)) = s.value.split_once(":iam::aws:policy/")
        {
            known_managed_policy(s, reference, findings);
        }
        return template;
    }
    let name = s.value.trim_start_matches('/');
    let valid = !name.is_empty()
        && name
            .split('/')
            .all(|part| !part.is_empty() && part.chars().all(is_name_char));
    if !valid {
        findings.push(
            Finding::error(Code::InvalidManagedPolicy, s.spot, format!("`{}` is neither a policy ARN nor a policy name", s.value))
                .with_help("write an ARN (`arn:aws:iam::aws:policy/ReadOnlyAccess`) or an AWS managed policy name (`service-role/AWSLambdaBasicExecutionRole`)"),
        );
    }
    if valid {
        known_managed_policy(s, name, findings);
    }
    arn::iam_arn(
        Template::literal("aws"),
        Template::literal(format!("policy/{name}")),
    )
}

/// An AWS managed policy that AWS has, under the path written.
fn known_managed_policy(s: &Str, reference: &str, findings: &mut Findings) {
    let Some(catalogue) = super::catalogue() else {
        return;
    };
    if reference.contains(['*', '{']) || catalogue.managed_policy(reference).is_some() {
        return;
    }
    let hint = crate::diag::did_you_mean(catalogue.suggest_managed_policy(reference).as_deref());
    findings.push(
        Finding::error(Code::UnknownManagedPolicy, s.spot, format!("AWS has no managed policy `{reference}`{hint}"))
            .with_help("AWS managed policies are named with their path, such as `service-role/AWSLambdaBasicExecutionRole`; a customer managed policy is given by its full ARN"),
    );
}

/// A quota raised above IAM's default, within what AWS allows; the default otherwise.
fn quota(
    value: Option<(u64, Spot)>,
    what: &str,
    default: usize,
    max: usize,
    findings: &mut Findings,
) -> usize {
    let Some((n, spot)) = value else {
        return default;
    };
    match usize::try_from(n) {
        Ok(n) if (default..=max).contains(&n) => n,
        _ => {
            findings.error(
                Code::InvalidArgument,
                spot,
                format!("the {what} quota is {default} by default and AWS raises it up to {max}"),
            );
            // Already reported: no second finding against a quota the user meant to raise.
            max
        }
    }
}

/// The trust policy size this role may reach: 2,048 unless the account raised it (to 4,096).
pub fn trust_size_quota(decl: &Decl, findings: &mut Findings) -> usize {
    quota(
        decl.args.quotas.trust_policy_size,
        "trust policy size",
        2048,
        4096,
        findings,
    )
}

/// A role holds at most 10 managed policies by default, 20 where the account raised it.
pub fn attachment_count(decl: &Decl, findings: &mut Findings) {
    let count = decl.args.managed.len() + decl.args.policies.len();
    let limit = quota(
        decl.args.quotas.managed_policies,
        "managed policies per role",
        MAX_ATTACHMENTS,
        20,
        findings,
    );
    if count > limit {
        let spot = decl.args.managed_spot.unwrap_or(decl.ident_spot);
        findings.push(
            Finding::error(
                Code::TooManyManagedPolicies,
                spot,
                format!(
                    "role `{}` attaches {count} managed policies; the quota is {limit}",
                    decl.ident
                ),
            )
            .with_help("merge policies; or, where the account's quota is raised, say so: `quotas(managed_policies = 20)`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h"), Ok(3600));
        assert_eq!(parse_duration("1h30m"), Ok(5400));
        assert_eq!(parse_duration("90m"), Ok(5400));
        assert_eq!(parse_duration("5400s"), Ok(5400));
        assert_eq!(parse_duration("5400"), Ok(5400));
        assert!(parse_duration("1x").is_err());
        assert!(parse_duration("h").is_err());
        assert!(parse_duration("1h1h").is_err());
        assert!(parse_duration("12").is_ok());
        assert!(parse_duration("1h 30m").is_err());
    }
}

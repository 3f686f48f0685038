//! The rules on a role's or policy's own properties: name, path, description, session length,
//! tags and attachments, as IAM constrains them.

use super::arn;
use super::placeholder::Placeholders;
use crate::diag::{Code, Finding, Findings, Spot};
use crate::limits::{self, Limit, PathKind, Problem};
use crate::model::{Part, Tag, Template};
use crate::syntax::ast::{Decl, DeclKind, DurationArg, InstanceProfileArg, PrincipalArg, Str};

const MIN_SESSION: u64 = 3600;
const MAX_SESSION: u64 = 43200;
const MAX_ATTACHMENTS: usize = 10;
const MAX_TAGS: usize = 50;

pub use crate::limits::is_name_char;

/// The characters of `text` that are literal, with their byte offsets: `{field}` placeholders
/// are skipped (their values are checked once resolved), `{{` and `}}` are one brace each.
fn literal_chars(text: &str) -> Vec<(usize, char)> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' | '}' if chars.peek().is_some_and(|&(_, next)| next == c) => {
                chars.next();
                out.push((i, c));
            }
            '{' => {
                let rest = &text[i + 1..];
                match rest.find('}') {
                    Some(end) if crate::syntax::template::is_identifier(&rest[..end]) => {
                        while chars.peek().is_some_and(|&(j, _)| j <= i + end + 1) {
                            chars.next();
                        }
                    }
                    _ => out.push((i, c)),
                }
            }
            _ => out.push((i, c)),
        }
    }
    out
}

/// `s`'s literal part against `limit`: every literal character allowed, and not too long
/// (placeholders count as empty, so a literal part over the limit is over it whatever the
/// values); too short only when nothing else can fill it.
fn check_literal(s: &Str, template: &Template, limit: &Limit) -> Option<Finding> {
    let literal = literal_chars(&s.value);
    let count = literal.len();
    let what = limit.what;
    let parameterized = template.is_parameterized();
    if count > limit.max || (count < limit.min && !parameterized) {
        let at_least = if parameterized { "at least " } else { "" };
        return Some(Finding::error(
            code_of(limit),
            s.spot,
            format!(
                "{what} `{}` has {at_least}{count} characters; IAM allows {} to {}",
                s.value, limit.min, limit.max
            ),
        ));
    }
    let (i, c) = literal.into_iter().find(|&(_, c)| !(limit.allowed)(c))?;
    Some(
        Finding::error(
            code_of(limit),
            s.spot.part(i, i + c.len_utf8()),
            format!(
                "{what} `{}` holds {}, which IAM does not allow",
                s.value,
                shown(c)
            ),
        )
        .with_help(format!("a {what} uses {}", limit.characters)),
    )
}

/// A character as a message shows it: itself, or its escape when it is not printable.
fn shown(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("{c:?}")
    } else {
        format!("`{c}`")
    }
}

fn code_of(limit: &Limit) -> Code {
    match limit.what {
        "tag key" | "tag value" => Code::InvalidTag,
        "description" => Code::InvalidDescription,
        "external id" => Code::InvalidExternalId,
        _ => Code::InvalidName,
    }
}

/// RoleName (1..64), ManagedPolicyName (1..128): the struct's identifier by default.
pub fn name(decl: &Decl, placeholders: &mut Placeholders, findings: &mut Findings) -> Template {
    let limit = match decl.kind {
        DeclKind::Role => &limits::ROLE_NAME,
        DeclKind::Policy => &limits::POLICY_NAME,
    };
    let Some(s) = &decl.args.name else {
        let template = Template::literal(decl.ident.clone());
        if let Err(problem) = limit.check(&decl.ident) {
            let message = match problem {
                Problem::Length { count, min, max } => format!(
                    "{} `{}` (the struct's identifier) has {count} characters; IAM allows {min} to {max}",
                    limit.what, decl.ident
                ),
                other => format!("{} `{}`: {other}", limit.what, decl.ident),
            };
            findings.push(
                Finding::error(Code::InvalidName, decl.ident_spot, message)
                    .with_help("give it a `name = \"...\"`"),
            );
        }
        return template;
    };
    let template = placeholders.template(s, findings);
    if let Some(finding) = check_literal(s, &template, limit) {
        findings.push(finding);
    }
    template
}

/// Description: up to 1,000 characters (for a role, of printable text); the doc comment by
/// default, taken as text (braces in prose are not placeholders).
pub fn description(
    decl: &Decl,
    placeholders: &mut Placeholders,
    findings: &mut Findings,
) -> Option<Template> {
    let limit = match decl.kind {
        DeclKind::Role => &limits::ROLE_DESCRIPTION,
        DeclKind::Policy => &limits::POLICY_DESCRIPTION,
    };
    if let Some(s) = &decl.args.description {
        let template = placeholders.template(s, findings);
        if let Some(finding) = check_literal(s, &template, limit) {
            findings.push(finding);
        }
        return Some(template);
    }
    let doc = decl.doc.clone()?;
    match limit.check(&doc) {
        Err(Problem::Length { count, max, .. }) => findings.push(
            Finding::error(
                Code::InvalidDescription,
                decl.ident_spot,
                format!("the doc comment, used as the description, has {count} characters; IAM allows {max}"),
            )
            .with_help("shorten it, or give a shorter `description = \"...\"`"),
        ),
        Err(Problem::Character { c, .. }) => findings.error(
            Code::InvalidDescription,
            decl.ident_spot,
            format!("the doc comment, used as the description, holds {c:?}, which IAM does not allow in a description"),
        ),
        _ => {}
    }
    Some(Template::literal(doc))
}

/// Path: `/`, or `/.../`, up to 512 characters; a policy's more strictly than a role's.
pub fn path(
    decl: &Decl,
    placeholders: &mut Placeholders,
    findings: &mut Findings,
) -> Option<Template> {
    let s = decl.args.path.as_ref()?;
    let kind = match decl.kind {
        DeclKind::Role => PathKind::Role,
        DeclKind::Policy => PathKind::Policy,
    };
    let template = placeholders.template(s, findings);
    let literal = literal_chars(&s.value);
    let bad_char = literal.iter().find(|&&(_, c)| !kind.allows(c));
    let shaped = match template.as_plain() {
        Some(plain) => kind.check(&plain).is_ok(),
        None => {
            let starts = match template.0.first() {
                Some(Part::Text(t)) => t.starts_with('/'),
                _ => true,
            };
            let ends = match template.0.last() {
                Some(Part::Text(t)) => t.ends_with('/'),
                _ => true,
            };
            starts && ends && literal.len() <= 512
        }
    };
    if let Some(&(i, c)) = bad_char {
        findings.push(
            Finding::error(
                Code::InvalidPath,
                s.spot.part(i, i + c.len_utf8()),
                format!(
                    "path `{}` holds {}, which IAM does not allow in a {} path",
                    s.value,
                    shown(c),
                    decl.kind.attr().trim_start_matches('#')
                ),
            )
            .with_help(kind.shape()),
        );
    } else if !shaped {
        findings.push(
            Finding::error(
                Code::InvalidPath,
                s.spot,
                format!("path `{}` is not an IAM path", s.value),
            )
            .with_help(kind.shape()),
        );
    }
    Some(template)
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

/// The role's instance profile: named after the role by default, exactly when EC2 may assume
/// it; `instance_profile = "name"` gives it a name of its own.
pub fn instance_profile(
    decl: &Decl,
    role_name: &Template,
    placeholders: &mut Placeholders,
    findings: &mut Findings,
) -> Option<Template> {
    match &decl.args.instance_profile {
        Some(InstanceProfileArg::Enabled(enabled, _)) => enabled.then(|| role_name.clone()),
        Some(InstanceProfileArg::Named(s)) => {
            let template = placeholders.template(s, findings);
            if let Some(finding) = check_literal(s, &template, &limits::INSTANCE_PROFILE_NAME) {
                findings.push(finding);
            }
            Some(template)
        }
        None => {
            let ec2 = decl
                .args
                .trust
                .iter()
                .flat_map(|t| t.principals.iter())
                .filter(|p| p.arg == PrincipalArg::Service)
                .flat_map(|p| p.values.iter())
                .any(|v| v.value == "ec2.amazonaws.com");
            ec2.then(|| role_name.clone())
        }
    }
}

/// Tags: up to 50, keys 1..128 and values up to 256 of IAM's characters, no `aws:` prefix, keys
/// unique ignoring case. Values may hold placeholders; keys are written out.
pub fn tags(decl: &Decl, placeholders: &mut Placeholders, findings: &mut Findings) -> Vec<Tag> {
    let tags = &decl.args.tags;
    if tags.len() > MAX_TAGS
        && let Some(spot) = decl.args.tags_spot
    {
        findings.error(
            Code::TooManyTags,
            spot,
            format!(
                "{} tags; IAM allows 50 on a {}",
                tags.len(),
                decl.kind.attr()
            ),
        );
    }
    let mut out: Vec<Tag> = Vec::new();
    for tag in tags {
        let key = Template::literal(tag.key.value.clone());
        if let Some(finding) = check_literal(&escaped_braces(&tag.key), &key, &limits::TAG_KEY) {
            findings.push(finding);
        }
        let value = placeholders.template(&tag.value, findings);
        if let Some(finding) = check_literal(&tag.value, &value, &limits::TAG_VALUE) {
            findings.push(finding);
        }
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
            value,
        });
    }
    out
}

/// A tag key is text, braces and all: checked as a literal whose braces are doubled.
fn escaped_braces(s: &Str) -> Str {
    Str {
        value: s.value.replace('{', "{{").replace('}', "}}"),
        spot: s.spot,
    }
}

/// External ids are 2..1224 characters of `[\w+=,.@:/-]`.
pub fn external_id(s: &Str, template: &Template, findings: &mut Findings) {
    if let Some(finding) = check_literal(s, template, &limits::EXTERNAL_ID) {
        findings.push(finding.with_help("an external id uses letters, digits and `_+=,.@:/-`"));
    }
}

/// A managed policy: a full ARN, or an AWS managed policy name (with its path, if any).
pub fn managed(s: &Str, placeholders: &mut Placeholders, findings: &mut Findings) -> Template {
    if s.value.starts_with("arn:") || s.value.starts_with('{') {
        let template = placeholders.element(s, findings);
        let before = findings.0.len();
        arn::check(s, arn::Expect::Arn, findings);
        if findings.0.len() == before {
            arn::kind(s, arn::Kind::Policy, "a managed policy", findings);
        }
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

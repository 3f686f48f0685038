//! ARN syntax: six fields, a real partition, a lowercase service, a region that is a region
//! and an account of 12 digits. Checked on the text as written, so that a finding points at the
//! exact field; placeholders and wildcards stand for values that cannot be checked here.

use crate::diag::{Code, Finding, Findings, did_you_mean, nearest};
use crate::model::{Part, Pseudo, Template};
use crate::syntax::ast::Str;

pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// `arn:{partition}:iam::ACCOUNT:RESOURCE`, the ARNs the DSL writes for its users: an account's
/// root, an OIDC provider of this account, an AWS managed policy.
pub fn iam_arn(account: Template, resource: Template) -> Template {
    let mut arn = Template::literal("arn:");
    arn.push(Part::Pseudo(Pseudo::Partition));
    arn.push_text(":iam::");
    account
        .0
        .into_iter()
        .chain(std::iter::once(Part::Text(":".into())))
        .chain(resource.0)
        .for_each(|p| arn.push(p));
    arn
}

/// What a string must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A resource: an ARN, or `*`.
    Resource,
    /// An ARN, nothing else.
    Arn,
}

/// What an ARN-valued argument must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A managed policy (`managed`, `boundary`): `arn:P:iam::ACCOUNT:policy/NAME`, the account
    /// being 12 digits or `aws` for AWS managed policies.
    Policy,
    /// A principal a trust statement names with `arn = ...`: an account's root, a user, a role,
    /// or an STS session (`assumed-role`, `federated-user`).
    Principal,
}

impl Kind {
    fn expected(self) -> &'static str {
        match self {
            Kind::Policy => {
                "an IAM policy ARN, `arn:aws:iam::123456789012:policy/NAME` (or `arn:aws:iam::aws:policy/NAME` for an AWS managed policy)"
            }
            Kind::Principal => {
                "an IAM principal: `arn:aws:iam::123456789012:root`, `...:user/NAME`, `...:role/NAME`, or `arn:aws:sts::123456789012:assumed-role/ROLE/SESSION`"
            }
        }
    }

    /// Whether the service and resource fields fit; open fields (placeholders, wildcards) fit.
    fn fits(self, service: Field, resource: Field) -> bool {
        let starts = |prefixes: &[&str]| {
            resource.text.starts_with(['{', '*'])
                || prefixes.iter().any(|p| resource.text.starts_with(p))
        };
        let service_is = |name: &str| service.is_open() || service.text == name;
        match self {
            Kind::Policy => service_is("iam") && starts(&["policy/"]),
            Kind::Principal => {
                (service_is("iam") && (resource.text == "root" || starts(&["user/", "role/"])))
                    || (service_is("sts") && starts(&["assumed-role/", "federated-user/"]))
            }
        }
    }
}

/// An ARN-valued argument against what it must name: a boundary that is a role ARN compiles
/// today and fails at deploy time. `what` names the argument in the message.
pub fn kind(s: &Str, kind: Kind, what: &str, findings: &mut Findings) {
    let Some([_, _, service, _, _, resource]) = fields(&s.value) else {
        return;
    };
    if kind.fits(service, resource) {
        return;
    }
    let part = if service.is_open()
        || matches!(
            (kind, service.text),
            (Kind::Policy, "iam") | (Kind::Principal, "iam" | "sts")
        ) {
        resource
    } else {
        service
    };
    findings.push(
        Finding::error(
            Code::WrongArnKind,
            s.spot.part(part.start, part.end),
            format!(
                "{what} `{}` does not name {}",
                s.value,
                match kind {
                    Kind::Policy => "a managed policy",
                    Kind::Principal => "a principal IAM can trust",
                }
            ),
        )
        .with_help(format!("{what} is {}", kind.expected())),
    );
}

/// One `:`-separated field of an ARN, as written, with its byte range in the value.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Field<'_> {
    /// Holds a placeholder or a wildcard: its value is not known here.
    pub fn is_open(&self) -> bool {
        self.text.contains(['{', '*', '?'])
    }
}

/// The six fields of an ARN as written (the last one keeps its own `:`), or `None` when there
/// are fewer. A `:` inside `{...}` or `${...}` does not separate fields.
pub fn fields(text: &str) -> Option<[Field<'_>; 6]> {
    let mut bounds = Vec::with_capacity(6);
    let mut start = 0;
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ':' if depth == 0 && bounds.len() < 5 => {
                bounds.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    bounds.push((start, text.len()));
    let fields: Vec<Field> = bounds
        .into_iter()
        .map(|(s, e)| Field {
            text: &text[s..e],
            start: s,
            end: e,
        })
        .collect();
    fields.try_into().ok()
}

/// Checks `s` as an ARN (or `*`, for a resource).
pub fn check(s: &Str, expect: Expect, findings: &mut Findings) {
    let text = s.value.as_str();
    if expect == Expect::Resource
        && (text == "*" || text.starts_with('{') || text.starts_with("${"))
    {
        return;
    }
    if expect == Expect::Arn && text.starts_with('{') {
        return;
    }
    if !text.starts_with("arn:") {
        let what = if expect == Expect::Resource {
            "a resource is an ARN or `*`"
        } else {
            "expected an ARN"
        };
        findings.push(
            Finding::error(Code::MalformedArn, s.spot, format!("`{text}` is not an ARN: {what}"))
                .with_help("an ARN is `arn:partition:service:region:account:resource`, such as `arn:aws:s3:::my-bucket/*`"),
        );
        return;
    }
    let Some([_, partition, service, region, account, _]) = fields(text) else {
        let count = fields_written(text);
        findings.push(
            Finding::error(Code::MalformedArn, s.spot, format!("ARN `{text}` has {count} fields; an ARN has six"))
                .with_help("an ARN is `arn:partition:service:region:account:resource`; S3 leaves region and account empty: `arn:aws:s3:::bucket`"),
        );
        return;
    };
    check_partition(s, partition, findings);
    check_service(s, service, findings);
    check_region(s, region, findings);
    check_account(s, account, findings);
}

fn fields_written(text: &str) -> usize {
    let mut depth = 0usize;
    let mut count = 1;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ':' if depth == 0 => count += 1,
            _ => {}
        }
    }
    count
}

fn check_partition(s: &Str, field: Field, findings: &mut Findings) {
    if field.is_open() || PARTITIONS.contains(&field.text) {
        return;
    }
    let hint = did_you_mean(nearest(field.text, PARTITIONS.iter().copied()));
    findings.push(
        Finding::error(
            Code::InvalidPartition,
            s.spot.part(field.start, field.end),
            format!("`{}` is not an AWS partition{hint}", field.text),
        )
        .with_help("partitions are aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc; `{partition}` follows the deployment"),
    );
}

fn check_service(s: &Str, field: Field, findings: &mut Findings) {
    if field.is_open() {
        return;
    }
    let valid = !field.text.is_empty()
        && field
            .text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        let lower = field.text.to_ascii_lowercase();
        findings.error(
            Code::InvalidArnService,
            s.spot.part(field.start, field.end),
            format!(
                "ARN service `{}` must be lowercase letters, digits and `-`{}",
                field.text,
                did_you_mean(Some(&lower).filter(|l| !l.is_empty()).map(|l| l.as_str()))
            ),
        );
    }
}

/// `us-east-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`.
pub fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return false;
    };
    (2..=4).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && !middle.is_empty()
        && middle
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && !last.is_empty()
        && last.chars().all(|c| c.is_ascii_digit())
}

fn check_region(s: &Str, field: Field, findings: &mut Findings) {
    if field.text.is_empty() || field.is_open() || is_region(field.text) {
        return;
    }
    findings.push(
        Finding::error(Code::InvalidArnRegion, s.spot.part(field.start, field.end), format!("`{}` is not an AWS region", field.text))
            .with_help("a region looks like `us-east-1`; `{region}` follows the deployment; leave it empty for global services"),
    );
}

fn check_account(s: &Str, field: Field, findings: &mut Findings) {
    let text = field.text;
    if text.is_empty()
        || field.is_open()
        || text == "aws"
        || (text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()))
    {
        return;
    }
    findings.push(
        Finding::error(
            Code::InvalidArnAccount,
            s.spot.part(field.start, field.end),
            format!("account `{text}` is not 12 digits"),
        )
        .with_help("an account id has exactly 12 digits (keep leading zeros); `{account_id}` follows the deployment"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Spot;

    fn findings_for(text: &str, expect: Expect) -> Vec<(Code, Option<(usize, usize)>)> {
        let mut findings = Findings::default();
        let s = Str {
            value: text.to_owned(),
            spot: Spot::new(proc_macro2::Span::call_site()),
        };
        check(&s, expect, &mut findings);
        findings.0.iter().map(|f| (f.code, f.spot.within)).collect()
    }

    #[test]
    fn valid_arns_pass() {
        for ok in [
            "*",
            "arn:aws:s3:::my-bucket/*",
            "arn:{partition}:s3:::{bucket}/${aws:username}/*",
            "arn:aws:dynamodb:us-east-1:123456789012:table/t",
            "arn:aws:logs:*:*:log-group:/aws/lambda/*",
            "arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:lambda:{region}:{account_id}:function:f:prod",
            "arn:aws:ec2:eusc-de-east-1:123456789012:instance/*",
        ] {
            assert!(findings_for(ok, Expect::Resource).is_empty(), "{ok}");
        }
    }

    #[test]
    fn each_field_points_at_itself() {
        // IAM takes an empty resource field, and AWS's own policies write one.
        assert_eq!(
            findings_for("arn:aws:organizations::*:", Expect::Resource),
            vec![]
        );
        assert_eq!(
            findings_for("arn:aws:s3", Expect::Resource),
            vec![(Code::MalformedArn, None)]
        );
        assert_eq!(
            findings_for("s3:::b", Expect::Resource),
            vec![(Code::MalformedArn, None)]
        );
        assert_eq!(
            findings_for("arn:amz:s3:::b", Expect::Resource),
            vec![(Code::InvalidPartition, Some((4, 7)))]
        );
        assert_eq!(
            findings_for("arn:aws:S3:::b", Expect::Resource),
            vec![(Code::InvalidArnService, Some((8, 10)))]
        );
        assert_eq!(
            findings_for("arn:aws:sqs:useast1:123456789012:q", Expect::Resource),
            vec![(Code::InvalidArnRegion, Some((12, 19)))]
        );
        assert_eq!(
            findings_for("arn:aws:sqs:us-east-1:12345:q", Expect::Resource),
            vec![(Code::InvalidArnAccount, Some((22, 27)))]
        );
        assert_eq!(
            findings_for("*", Expect::Arn),
            vec![(Code::MalformedArn, None)]
        );
    }
}

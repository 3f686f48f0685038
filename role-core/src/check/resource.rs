//! Resources against the catalogue: an allowed action must be able to act on some resource of
//! its statement, an action without resource-level permissions takes `"*"`, and an ARN holds a
//! region or account only where its service's ARNs have one.
//!
//! The first two are narrowed so that a policy IAM accepts and AWS itself writes is never
//! rejected (the AWS managed policies are the corpus that keeps them honest):
//! - they are reported only when no concrete action of the statement fits its resources: AWS's
//!   policies routinely list actions beside resources that only the others use. Such a statement
//!   grants nothing it says, which is always a mistake;
//! - a resource with a wildcard in its region or account (`arn:aws:ram:*:*:resource-share/*`)
//!   is written for every account and region, as AWS's service policies are, and is not judged;
//! - an action without resource-level permissions is reported only when every resource is
//!   written without wildcards: `s3:ListAllMyBuckets` on `arn:aws:s3:::*` is AWS's own idiom.
//!
//! A mismatch names the part to change, in the resource that comes nearest to fitting, and
//! underlines it: "the service `s3` is not `dynamodb`", "its resource part `b` names a bucket,
//! and `s3:PutObject` acts on an object (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)".

use crate::catalogue::{ARN_FIELDS, Action, Catalogue, ResourcePiece, Unfit};
use crate::diag::{Code, Finding, Findings, Spot};
use crate::model::{Effect, Part, Template};
use crate::syntax::ast::Str;

use super::action::is_unchecked;
use super::arn;

/// One statement's actions and resources, as the rule reads them.
pub struct Statement<'a> {
    pub effect: Effect,
    pub actions: &'a [Str],
    /// `Resource` (not `NotResource`) with its templates.
    pub resources: &'a [(Str, Template)],
    pub unchecked: &'a [Str],
}

pub fn check(statement: &Statement, catalogue: &Catalogue, findings: &mut Findings) {
    let before = findings.0.len();
    for (s, template) in statement.resources {
        arn_fields(s, template, catalogue, findings);
    }
    // A misplaced region or account already says why the resource fits nothing.
    if findings.0.len() > before {
        return;
    }
    if statement.effect != Effect::Allow
        || statement
            .resources
            .iter()
            .any(|(s, t)| matches_anything(s, t))
    {
        return;
    }
    let pieces: Vec<Vec<ResourcePiece>> = statement
        .resources
        .iter()
        .map(|(_, t)| resource_pieces(t))
        .collect();
    let concrete: Vec<(&Str, Action)> = statement
        .actions
        .iter()
        .filter(|s| !s.value.contains(['*', '?']) && !is_unchecked(&s.value, statement.unchecked))
        .filter_map(|s| catalogue.action_named(&s.value).map(|a| (s, a)))
        .collect();
    let all_specific = statement
        .resources
        .iter()
        .all(|(s, _)| !s.value.contains(['*', '?']));
    let fits = |action: &Action| {
        if !action.supports_resource_level_permissions() {
            return !all_specific;
        }
        pieces.iter().any(|p| action.resource_may_match(p))
    };
    if concrete.is_empty() || concrete.iter().any(|(_, action)| fits(action)) {
        return;
    }
    for (s, action) in concrete {
        findings.push(misfit(s, &action, statement.resources, &pieces, catalogue));
    }
}

/// `"*"`, a whole ARN that is a placeholder, or an ARN for every region or account: not judged.
fn matches_anything(s: &Str, template: &Template) -> bool {
    let broad = arn::fields(&s.value).is_some_and(|[_, _, _, region, account, _]| {
        region.text.contains(['*', '?']) || account.text.contains(['*', '?'])
    });
    s.value == "*"
        || broad
        || matches!(
            template.0.first(),
            Some(Part::Field(_) | Part::Var(_) | Part::List(_))
        )
}

/// The resource as the catalogue's matcher reads it: placeholders are holes.
pub fn resource_pieces(template: &Template) -> Vec<ResourcePiece<'_>> {
    template
        .0
        .iter()
        .map(|part| match part {
            Part::Text(text) => ResourcePiece::Text(text),
            Part::Field(_) | Part::Pseudo(_) | Part::Var(_) | Part::List(_) => ResourcePiece::Hole,
        })
        .collect()
}

/// The finding for an action that no resource of the statement fits: RD512 when it takes only
/// `"*"`, else RD511 naming the part of the nearest resource that does not fit.
fn misfit(
    s: &Str,
    action: &Action,
    resources: &[(Str, Template)],
    pieces: &[Vec<ResourcePiece>],
    catalogue: &Catalogue,
) -> Finding {
    let name = action.full_name();
    if !action.supports_resource_level_permissions() {
        let written = resources
            .first()
            .map(|(r, _)| format!(", and this statement names `{}`", r.value))
            .unwrap_or_default();
        return Finding::error(
            Code::NeedsAnyResource,
            s.spot,
            format!("`{name}` supports no resource-level permissions: it is allowed only on `\"*\"`{written}"),
        )
        .with_help(format!("give `{name}` a statement of its own with `on = \"*\"`"));
    }
    let formats: Vec<String> = action
        .resource_types()
        .flat_map(|link| {
            let type_name = link.resource_type.name();
            link.resource_type
                .arn_formats()
                .map(move |f| format!("{type_name}: {f}"))
        })
        .collect();
    let others = match resources.len() {
        0 | 1 => String::new(),
        n => format!("none of the statement's {n} resources fits; "),
    };
    let help = format!("{others}`{name}` acts on {}", formats.join("; "));
    // The resource that fits furthest into one of the action's formats says the most.
    let nearest = resources
        .iter()
        .zip(pieces)
        .filter_map(|((r, _), p)| Some((r, p, action.unfit(p)?)))
        .reduce(|best, next| {
            if next.2.field > best.2.field {
                next
            } else {
                best
            }
        });
    let Some((resource, resource_pieces, unfit)) = nearest else {
        let Some((resource, _)) = resources.first() else {
            return Finding::error(
                Code::ResourceMismatch,
                s.spot,
                format!("`{name}` cannot act on any resource of this statement"),
            )
            .with_help(help);
        };
        return Finding::error(
            Code::ResourceMismatch,
            resource.spot,
            format!(
                "`{name}` cannot act on `{}`: it fits no ARN format of `{name}` as a whole",
                resource.value
            ),
        )
        .with_help(help);
    };
    let (reason, spot) = match arn::fields(&resource.value) {
        Some(fields) => {
            let field = fields[unfit.field];
            let reason = reason(&unfit, &name, field.text, resource_pieces, catalogue);
            (reason, field_spot(resource, field))
        }
        None => (format!("it fits no ARN format of `{name}`"), resource.spot),
    };
    Finding::error(
        Code::ResourceMismatch,
        spot,
        format!("`{name}` cannot act on `{}`: {reason}", resource.value),
    )
    .with_help(help)
}

/// Why `written` (the field as written) does not fit: the service by name, the other fields
/// beside the formats that come nearest.
fn reason(
    unfit: &Unfit,
    action: &str,
    written: &str,
    pieces: &[ResourcePiece],
    catalogue: &Catalogue,
) -> String {
    if unfit.field == SERVICE {
        return format!(
            "the service `{written}` is {}",
            one_or_none_of(unfit.expected(SERVICE))
        );
    }
    let what = FIELD_NAMES[unfit.field];
    let other_type = (unfit.field == RESOURCE_PART)
        .then(|| catalogue.resource_type_named(pieces))
        .flatten();
    let subject = if written.is_empty() {
        format!("it names no {what}")
    } else if unfit.expected(unfit.field).iter().all(|f| f.is_empty()) {
        format!("its {what} `{written}` should be empty")
    } else if let Some(other) = other_type {
        format!(
            "its {what} `{written}` names {}",
            with_article(other.name())
        )
    } else {
        format!("its {what} `{written}` does not fit")
    };
    format!("{subject}, and `{action}` acts on {}", targets(unfit))
}

/// "an object (`arn:...`)", or several such joined by "or".
fn targets(unfit: &Unfit) -> String {
    let targets: Vec<String> = unfit
        .nearest
        .iter()
        .map(|(resource_type, format)| {
            format!("{} (`{format}`)", with_article(resource_type.name()))
        })
        .collect();
    targets.join(" or ")
}

/// The field's bytes in the literal; an empty field is shown by the `:`s around it.
fn field_spot(resource: &Str, field: arn::Field) -> Spot {
    if field.start < field.end {
        return resource.spot.part(field.start, field.end);
    }
    let end = (field.end + 1).min(resource.value.len());
    resource.spot.part(field.start.saturating_sub(1), end)
}

const SERVICE: usize = 2;
const RESOURCE_PART: usize = 5;
const FIELD_NAMES: [&str; ARN_FIELDS] = [
    "prefix",
    "partition",
    "service",
    "region",
    "account",
    "resource part",
];

/// "not `s3`", or "none of `s3`, `ec2` and `ssm`".
fn one_or_none_of(names: Vec<&str>) -> String {
    match names.as_slice() {
        [one] => format!("not `{one}`"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|n| format!("`{n}`")).collect();
            format!("none of {} and `{last}`", init.join(", "))
        }
        [] => "not the action's".to_owned(),
    }
}

/// "a bucket", "an object", "a user".
fn with_article(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    // A leading `u` or `eu` said "you" takes "a" (user, usage-plan, unit, eu-...).
    let said_you = ["us", "un", "ur", "uti", "eu"]
        .iter()
        .any(|start| lower.starts_with(start))
        && !lower.starts_with("unk");
    let vowel = lower.starts_with(['a', 'e', 'i', 'o', 'u']) && !said_you;
    format!("{} {name}", if vowel { "an" } else { "a" })
}

/// A region or an account in an ARN that fits none of its service's formats, and would fit one
/// without it: an S3 bucket or object ARN written with a region or account.
fn arn_fields(s: &Str, template: &Template, catalogue: &Catalogue, findings: &mut Findings) {
    let Some([_, _, service, region, account, _]) = arn::fields(&s.value) else {
        return;
    };
    // Only a written region or account can be the misplaced one; matching the service's formats
    // is the costly part (the proc macro runs unoptimized), so it is skipped without one.
    let written = |field: arn::Field| !field.text.is_empty() && !field.is_open();
    if service.is_open() || !(written(region) || written(account)) {
        return;
    }
    let Some(svc) = catalogue.service(service.text) else {
        return;
    };
    let formats: Vec<crate::catalogue::ArnFormat> = svc
        .resource_types()
        .flat_map(|t| t.arn_formats().collect::<Vec<_>>())
        .collect();
    let pieces = resource_pieces(template);
    if formats.is_empty() || formats.iter().any(|f| f.may_match(&pieces)) {
        return;
    }
    let both = (region.start, account.end, "region and account");
    for (start, end, what) in [
        (region.start, region.end, "region"),
        (account.start, account.end, "account"),
        both,
    ] {
        let text = &s.value[start..end];
        if text.is_empty() || text == ":" || text.contains(['{', '*', '?']) {
            continue;
        }
        let without = if what == both.2 {
            format!("{}:{}", &s.value[..start], &s.value[end..])
        } else {
            format!("{}{}", &s.value[..start], &s.value[end..])
        };
        let parsed = crate::syntax::template::parse(
            &Str {
                value: without,
                spot: s.spot,
            },
            &mut Findings::default(),
        );
        let fitting = formats
            .iter()
            .find(|f| f.may_match(&resource_pieces(&parsed.template)));
        if let Some(format) = fitting {
            findings.push(
                Finding::error(
                    Code::ArnFieldNotAllowed,
                    s.spot.part(start, end),
                    format!(
                        "these `{}` ARNs have no {what}: `{}` can name nothing",
                        svc.prefix(),
                        s.value
                    ),
                )
                .with_help(format!("leave the {what} empty, as in `{format}`")),
            );
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::template;

    /// A finding as (code, message, the bytes of the literal it underlines).
    type Seen = (Code, String, Option<(usize, usize)>);

    /// The findings of one Allow statement.
    fn check_statement(actions: &[&str], resources: &[&str]) -> Vec<Seen> {
        let spot = Spot::new(proc_macro2::Span::call_site());
        let str_of = |value: &str| Str {
            value: value.to_owned(),
            spot,
        };
        let actions: Vec<Str> = actions.iter().map(|a| str_of(a)).collect();
        let resources: Vec<(Str, Template)> = resources
            .iter()
            .map(|r| {
                let s = str_of(r);
                let parsed = template::parse(&s, &mut Findings::default());
                (s, parsed.template)
            })
            .collect();
        let statement = Statement {
            effect: Effect::Allow,
            actions: &actions,
            resources: &resources,
            unchecked: &[],
        };
        let mut findings = Findings::default();
        check(&statement, Catalogue::embedded(), &mut findings);
        findings
            .0
            .into_iter()
            .map(|f| (f.code, f.message, f.spot.within))
            .collect()
    }

    fn single(actions: &[&str], resource: &str) -> Seen {
        let mut found = check_statement(actions, &[resource]);
        assert_eq!(found.len(), 1, "{found:?}");
        found.remove(0)
    }

    #[test]
    fn the_resource_part_names_the_type_it_is() {
        let (code, message, within) = single(&["s3:PutObject"], "arn:aws:s3:::b");
        assert_eq!(code, Code::ResourceMismatch);
        assert_eq!(
            message,
            "`s3:PutObject` cannot act on `arn:aws:s3:::b`: its resource part `b` names a bucket, \
             and `s3:PutObject` acts on an object (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)"
        );
        assert_eq!(within, Some((13, 14)));

        let (_, message, within) = single(&["s3:ListBucket"], "arn:aws:s3:::logs/*");
        assert!(
            message.contains("its resource part `logs/*` names an object, and `s3:ListBucket` acts on a bucket (`arn:${Partition}:s3:::${BucketName}`)"),
            "{message}"
        );
        assert_eq!(within, Some((13, 19)));

        let (_, message, _) = single(&["iam:PassRole"], "arn:aws:iam::123456789012:user/ci");
        assert!(
            message.contains("`user/ci` names a user, and `iam:PassRole` acts on a role"),
            "{message}"
        );

        let (_, message, _) = single(
            &["kms:Decrypt"],
            "arn:aws:kms:us-east-1:123456789012:alias/aws/ebs",
        );
        assert!(
            message.contains("`alias/aws/ebs` names an alias, and `kms:Decrypt` acts on a key"),
            "{message}"
        );
    }

    #[test]
    fn a_resource_part_of_no_known_type_does_not_fit() {
        let (_, message, within) = single(
            &["dynamodb:PutItem"],
            "arn:aws:dynamodb:us-east-1:123456789012:tabel/orders",
        );
        assert!(
            message.ends_with("its resource part `tabel/orders` does not fit, and `dynamodb:PutItem` acts on a table (`arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`)"),
            "{message}"
        );
        assert_eq!(within, Some((40, 52)));
        // Placeholders are named as written.
        let (_, message, _) = single(&["s3:PutObject"], "arn:{partition}:s3:::{bucket}");
        assert!(
            message.contains("its resource part `{bucket}` names a bucket"),
            "{message}"
        );
    }

    #[test]
    fn another_service_is_named_as_such() {
        let (_, message, within) = single(&["dynamodb:PutItem"], "arn:aws:s3:::b/*");
        assert_eq!(
            message,
            "`dynamodb:PutItem` cannot act on `arn:aws:s3:::b/*`: the service `s3` is not `dynamodb`"
        );
        assert_eq!(within, Some((8, 10)));
        let (_, message, _) = single(
            &["ssm:SendCommand"],
            "arn:aws:lambda:us-east-1:123456789012:function:f",
        );
        assert!(
            message.ends_with("the service `lambda` is none of `ec2`, `s3` and `ssm`"),
            "{message}"
        );
    }

    #[test]
    fn a_missing_region_or_account_is_named_and_shown_by_its_colons() {
        let (_, message, within) = single(&["sqs:SendMessage"], "arn:aws:sqs:::jobs");
        assert!(
            message.ends_with("it names no region, and `sqs:SendMessage` acts on a queue (`arn:${Partition}:sqs:${Region}:${Account}:${QueueName}`)"),
            "{message}"
        );
        assert_eq!(within, Some((11, 13)));
        let (_, message, within) = single(&["sqs:SendMessage"], "arn:aws:sqs:us-east-1::jobs");
        assert!(message.contains("it names no account, and"), "{message}");
        assert_eq!(within, Some((21, 23)));
    }

    #[test]
    fn the_nearest_of_several_resources_is_explained() {
        let found = check_statement(
            &["s3:PutObject"],
            &[
                "arn:aws:dynamodb:us-east-1:123456789012:table/t",
                "arn:aws:s3:::b",
            ],
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].1.starts_with(
                "`s3:PutObject` cannot act on `arn:aws:s3:::b`: its resource part `b`"
            ),
            "{:?}",
            found[0]
        );
    }

    #[test]
    fn an_action_without_resource_types_names_the_resource() {
        let (code, message, _) = single(
            &["ec2:DescribeInstances"],
            "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
        );
        assert_eq!(code, Code::NeedsAnyResource);
        assert!(
            message.ends_with(
                "this statement names `arn:aws:ec2:us-east-1:123456789012:instance/i-1`"
            ),
            "{message}"
        );
    }

    #[test]
    fn aws_owned_resources_pass_and_near_misses_do_not() {
        for (action, resource) in [
            (
                "ssm:GetParameter",
                "arn:aws:ssm:us-west-2::parameter/aws/service/eks/optimized-ami/*",
            ),
            (
                "ssm:GetParameter",
                "arn:{partition}:ssm:{region}::parameter/aws/service/eks/optimized-ami/*",
            ),
            (
                "ssm:SendCommand",
                "arn:aws:ssm:us-east-1::document/AWS-RunShellScript",
            ),
            (
                "cloudformation:CreateChangeSet",
                "arn:aws:cloudformation:us-east-1:aws:transform/Serverless-2016-10-31",
            ),
            ("ec2:RunInstances", "arn:aws:ec2:us-west-2::image/*"),
            ("ec2:RunInstances", "arn:aws:ec2:*::snapshot/*"),
            ("ssm:GetParameter", "arn:aws:ssm:*::parameter/aws/*"),
        ] {
            assert_eq!(
                check_statement(&[action], &[resource]),
                vec![],
                "{action} on {resource}"
            );
        }
        // A parameter of one's own, without its account; a public one outside /aws/service/.
        let (_, message, _) = single(
            &["ssm:GetParameter"],
            "arn:aws:ssm:us-west-2::parameter/eks/optimized-ami/*",
        );
        assert!(
            message.contains("its resource part `parameter/eks/optimized-ami/*` does not fit"),
            "{message}"
        );
    }

    #[test]
    fn articles() {
        assert_eq!(with_article("bucket"), "a bucket");
        assert_eq!(with_article("object"), "an object");
        assert_eq!(with_article("user"), "a user");
        assert_eq!(with_article("usageplan"), "a usageplan");
        assert_eq!(with_article("EnabledControl"), "an EnabledControl");
        assert_eq!(with_article("alias"), "an alias");
    }
}

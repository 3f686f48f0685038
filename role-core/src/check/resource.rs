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

use crate::catalogue::{Action, Catalogue, ResourcePiece};
use crate::diag::{Code, Finding, Findings};
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
        findings.push(misfit(s, &action));
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

fn misfit(s: &Str, action: &Action) -> Finding {
    let name = action.full_name();
    if !action.supports_resource_level_permissions() {
        return Finding::error(
            Code::NeedsAnyResource,
            s.spot,
            format!("`{name}` supports no resource-level permissions: it is allowed only on `on = \"*\"`"),
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
    Finding::error(
        Code::ResourceMismatch,
        s.spot,
        format!("`{name}` cannot act on any resource of this statement"),
    )
    .with_help(format!("`{name}` acts on {}", formats.join("; ")))
}

/// A region or an account in an ARN that fits none of its service's formats, and would fit one
/// without it: an S3 bucket or object ARN written with a region or account.
fn arn_fields(s: &Str, template: &Template, catalogue: &Catalogue, findings: &mut Findings) {
    let Some([_, _, service, region, account, _]) = arn::fields(&s.value) else {
        return;
    };
    if service.is_open() {
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

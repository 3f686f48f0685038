//! The rules of `trust(...)`: one principal kind, principals IAM can read, actions that fit the
//! principal, and a well-formed external id.

use super::placeholder::Placeholders;
use super::{arn, condition, condition_key, properties, statement};
use crate::diag::{Code, Finding, Findings};
use crate::model::{Actions, Effect, Part, Principal, Pseudo, Statement, Template};
use crate::syntax::ast::{PrincipalArg, PrincipalDecl, Str, Trust};

const ASSUME_ROLE: &str = "sts:AssumeRole";
const WEB_IDENTITY: &str = "sts:AssumeRoleWithWebIdentity";
const SAML: &str = "sts:AssumeRoleWithSAML";

/// The action a principal kind assumes a role with, when `actions` is not given.
fn default_action(arg: PrincipalArg) -> &'static str {
    match arg {
        PrincipalArg::Service | PrincipalArg::Account | PrincipalArg::Arn => ASSUME_ROLE,
        PrincipalArg::Oidc => WEB_IDENTITY,
        PrincipalArg::Saml => SAML,
    }
}

pub fn statement(
    trust: &Trust,
    unchecked: &[Str],
    placeholders: &mut Placeholders,
    findings: &mut Findings,
) -> Statement {
    let decl = match trust.principals.as_slice() {
        [one] => Some(one),
        [] if trust.had_errors => None,
        [] => {
            findings.push(
                Finding::error(Code::PrincipalCount, trust.spot, "this trust(...) names no principal")
                    .with_help("name one of service, account, arn, oidc, saml: `trust(service = \"lambda.amazonaws.com\")`"),
            );
            None
        }
        [_, second, ..] => {
            findings.push(
                Finding::error(
                    Code::PrincipalCount,
                    second.spot,
                    "a trust(...) names exactly one kind of principal",
                )
                .with_help(
                    "write one trust(...) per principal kind; each becomes its own statement",
                ),
            );
            None
        }
    };
    let before = findings.0.len();
    let hosts = host_fields(trust);
    let principal = decl.map(|d| principal(d, &hosts, placeholders, findings));
    let principal_reported = findings.0.len() > before;
    let actions = actions(trust, decl, unchecked, findings);
    let oidc_hosts = oidc_hosts(decl);
    // With the provider reported, its claims are not judged against a host that may be wrong.
    let any_host = principal_reported && decl.is_some_and(|d| d.arg == PrincipalArg::Oidc);
    let scope = condition_key::Scope {
        oidc_hosts: &oidc_hosts,
        any_oidc_host: any_host,
    };
    let mut conditions = statement::conditions(&trust.conditions, scope, placeholders, findings);
    if let Some(external_id) = &trust.external_id {
        let key = Str {
            value: "sts:ExternalId".to_owned(),
            spot: external_id.spot,
        };
        let value = placeholders.template(external_id, findings);
        properties::external_id(external_id, &value, findings);
        let key_template = Template::literal(key.value.clone());
        condition::add(
            &mut conditions,
            "StringEquals",
            &key,
            key_template,
            vec![value],
            findings,
        );
    }
    Statement {
        sid: trust.sid.as_ref().map(|s| statement::sid(s, findings)),
        effect: Effect::Allow,
        principal,
        actions: Actions::Action(actions),
        resources: None,
        conditions,
    }
}

/// The fields that a trust statement's condition keys use as an OIDC host, `{field}:sub`: with
/// `oidc = "{field}"`, the field is the provider's host, not its ARN.
fn host_fields(trust: &Trust) -> Vec<String> {
    trust
        .conditions
        .iter()
        .filter_map(|c| c.key.as_ref())
        .filter_map(|key| key.value.rsplit_once(':'))
        .filter_map(|(host, _)| host.strip_prefix('{')?.strip_suffix('}'))
        .map(str::to_owned)
        .collect()
}

/// The principal of a trust statement. `host_fields` are the fields its conditions use as an
/// OIDC provider's host.
pub fn principal(
    decl: &PrincipalDecl,
    host_fields: &[String],
    placeholders: &mut Placeholders,
    findings: &mut Findings,
) -> Principal {
    let values = decl
        .values
        .iter()
        .map(|value| {
            let template = placeholders.element(value, findings);
            // A principal given whole by a parameter is known only at deploy time: a provider's
            // ARN (or host, when the conditions use it as one), a role's ARN, a list of account
            // ids (which IAM reads as the accounts' roots) or of principals.
            if is_whole(&template) {
                let host =
                    matches!(template.0.as_slice(), [Part::Field(f)] if host_fields.contains(f));
                if decl.arg == PrincipalArg::Oidc && host {
                    return oidc_arn(template);
                }
                return template;
            }
            match decl.arg {
                PrincipalArg::Service => {
                    service_shape(value, findings);
                    template
                }
                PrincipalArg::Account => account(value, template, findings),
                PrincipalArg::Arn => {
                    if value.value != "*" {
                        let before = findings.0.len();
                        arn::check(value, arn::Expect::Arn, findings);
                        if findings.0.len() == before {
                            arn::kind(value, arn::Kind::Principal, "a trust `arn`", findings);
                        }
                    }
                    template
                }
                PrincipalArg::Oidc => oidc(value, template, findings),
                PrincipalArg::Saml => {
                    provider_arn(value, "saml-provider", findings);
                    template
                }
            }
        })
        .collect();
    Principal {
        kind: decl.arg.kind(),
        values,
    }
}

/// One placeholder and nothing else: `"{provider_arn}"`, or a list field's elements.
fn is_whole(template: &Template) -> bool {
    matches!(template.0.as_slice(), [Part::Field(_) | Part::List(_)])
}

/// A service principal is a lowercase host name of an AWS service.
fn service_shape(value: &Str, findings: &mut Findings) {
    let text = &value.value;
    if text.contains('{') {
        return;
    }
    let ok = text.contains('.')
        && !text.starts_with('.')
        && !text.ends_with('.')
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    if !ok {
        findings.push(
            Finding::error(
                Code::InvalidPrincipal,
                value.spot,
                format!("`{text}` is not a service principal"),
            )
            .with_help("a service principal is a lowercase host such as `lambda.amazonaws.com`"),
        );
        return;
    }
    if let Some(catalogue) = super::catalogue()
        && !catalogue.is_service_principal(text)
    {
        let hint = crate::diag::did_you_mean(catalogue.suggest_service_principal(text).as_deref());
        findings.push(Finding::error(
            Code::UnknownServicePrincipal,
            value.spot,
            format!("unknown service principal `{text}`{hint}"),
        ));
    }
}

/// The OIDC provider hosts a trust statement names, whose standard claims its conditions may test.
pub fn oidc_hosts(decl: Option<&PrincipalDecl>) -> Vec<String> {
    let Some(decl) = decl.filter(|d| d.arg == PrincipalArg::Oidc) else {
        return Vec::new();
    };
    decl.values
        .iter()
        .map(|v| match v.value.split_once(":oidc-provider/") {
            Some((_, host)) => host.to_owned(),
            None => v.value.trim_start_matches("https://").to_owned(),
        })
        .collect()
}

/// `account = "123456789012"` trusts the account: `arn:{partition}:iam::123456789012:root`.
fn account(value: &Str, template: Template, findings: &mut Findings) -> Template {
    let text = &value.value;
    let is_account_id = text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit());
    if !text.contains('{') && !is_account_id {
        findings.push(
            Finding::error(Code::InvalidAccountId, value.spot, format!("account `{text}` is not 12 digits"))
                .with_help("an account id has exactly 12 digits (keep leading zeros); for a role or user, write `arn = \"arn:aws:iam::...\"`"),
        );
    }
    arn::iam_arn(template, Template::literal("root"))
}

/// The identity providers IAM knows without an OIDC provider resource, as `Federated` names them
/// (IAM User Guide, "Create a role for a third-party identity provider (federation)"), with the
/// claims their tokens give as condition keys (`graph.facebook.com:app_id`).
const WEB_IDENTITY_PROVIDERS: &[(&str, &[&str])] = &[
    ("cognito-identity.amazonaws.com", &["aud", "amr", "sub"]),
    ("accounts.google.com", &["aud", "oaud", "sub"]),
    ("graph.facebook.com", &["app_id", "id"]),
    ("www.amazon.com", &["app_id", "user_id"]),
];

/// The claims of a provider IAM knows by name, `None` for any other host.
pub fn web_identity_claims(host: &str) -> Option<&'static [&'static str]> {
    WEB_IDENTITY_PROVIDERS
        .iter()
        .find(|(h, _)| h.eq_ignore_ascii_case(host))
        .map(|(_, claims)| *claims)
}

/// `oidc = "token.actions.githubusercontent.com"` names the provider of this account; an ARN is
/// taken as is, and so is a provider IAM knows by name (`cognito-identity.amazonaws.com`), which
/// has no provider resource to point at.
fn oidc(value: &Str, template: Template, findings: &mut Findings) -> Template {
    let text = &value.value;
    if text.starts_with("arn:") {
        provider_arn(value, "oidc-provider", findings);
        return template;
    }
    if web_identity_claims(text).is_some() {
        return template;
    }
    if let Some(host) = text.strip_prefix("https://") {
        findings.push(
            Finding::error(
                Code::MalformedProvider,
                value.spot,
                format!("OIDC provider `{text}` is written without its scheme"),
            )
            .with_help(format!("write `oidc = \"{host}\"`")),
        );
    } else if text.is_empty() || text.contains(char::is_whitespace) || !text.contains('.') {
        findings.push(
            Finding::error(Code::MalformedProvider, value.spot, format!("`{text}` is not an OIDC provider host"))
                .with_help("write the provider's host, such as `token.actions.githubusercontent.com`, or its ARN"),
        );
    }
    oidc_arn(template)
}

/// `arn:{partition}:iam::{account_id}:oidc-provider/HOST`: a provider of this account.
fn oidc_arn(host: Template) -> Template {
    let provider: Template = std::iter::once(Part::Text("oidc-provider/".into()))
        .chain(host.0)
        .collect();
    arn::iam_arn(Template(vec![Part::Pseudo(Pseudo::AccountId)]), provider)
}

fn not_a_provider_arn(value: &Str, kind: &str) -> Finding {
    Finding::error(
        Code::MalformedProvider,
        value.spot,
        format!("`{}` is not an IAM {kind} ARN", value.value),
    )
    .with_help(format!(
        "a provider ARN is `arn:aws:iam::123456789012:{kind}/NAME`"
    ))
}

/// `arn:aws:iam::123456789012:saml-provider/NAME` (or `oidc-provider/HOST`).
fn provider_arn(value: &Str, kind: &str, findings: &mut Findings) {
    if !value.value.starts_with("arn:") && !value.value.starts_with('{') {
        findings.push(not_a_provider_arn(value, kind));
        return;
    }
    let before = findings.0.len();
    arn::check(value, arn::Expect::Arn, findings);
    if findings.0.len() > before {
        return;
    }
    let Some([_, _, service, _, _, resource]) = arn::fields(&value.value) else {
        return;
    };
    let ok = (service.text == "iam" || service.is_open())
        && resource
            .text
            .strip_prefix(kind)
            .and_then(|r| r.strip_prefix('/'))
            .is_some_and(|name| !name.is_empty());
    if !ok {
        findings.push(not_a_provider_arn(value, kind));
    }
}

/// The trust actions: the default for the principal, or those given, which must be `sts:` and
/// include the one the principal assumes the role with.
fn actions(
    trust: &Trust,
    decl: Option<&PrincipalDecl>,
    unchecked: &[Str],
    findings: &mut Findings,
) -> Vec<String> {
    let Some((_, given)) = &trust.actions else {
        return decl
            .map(|d| vec![default_action(d.arg).to_owned()])
            .unwrap_or_default();
    };
    let actions = statement::action_list(given, unchecked, findings);
    for s in given {
        if !s.value.to_ascii_lowercase().starts_with("sts:") {
            findings.push(
                Finding::error(Code::TrustActionNotSts, s.spot, format!("`{}` is not an sts: action; a trust policy grants only sts: actions", s.value))
                    .with_help("trust actions are sts:AssumeRole, sts:AssumeRoleWithWebIdentity, sts:AssumeRoleWithSAML, sts:TagSession, sts:SetSourceIdentity, sts:SetContext"),
            );
        }
    }
    let Some(decl) = decl else { return actions };
    let needed = default_action(decl.arg);
    let foreign = given.iter().find_map(|s| {
        [WEB_IDENTITY, SAML, ASSUME_ROLE]
            .into_iter()
            .find(|a| s.value.eq_ignore_ascii_case(a) && *a != needed)
            .map(|a| (s, a))
    });
    if let Some((s, action)) = foreign {
        findings.push(
            Finding::error(
                Code::PrincipalActionMismatch,
                s.spot,
                format!("`{action}` does not fit {} `{}` principal, which assumes a role with `{needed}`", article(decl.arg), decl.arg.name()),
            )
            .with_help(format!("write \"{needed}\" instead")),
        );
    }
    actions
}

/// Whether a trust statement's actions let its principal assume the role (rather than only
/// tag the session or set its source identity).
pub fn assumes(statement: &Statement) -> bool {
    statement.actions.list().iter().any(|action| {
        let pattern = wildmatch::WildMatch::new(&action.to_ascii_lowercase());
        [ASSUME_ROLE, WEB_IDENTITY, SAML]
            .iter()
            .any(|assume| pattern.matches(&assume.to_ascii_lowercase()))
    })
}

/// A role that no principal may assume: every trust statement only adds to a session
/// (`sts:TagSession`, as CDK writes beside an `sts:AssumeRole` statement).
pub fn assumable(trust: &[Statement], decl: &crate::syntax::ast::Decl, findings: &mut Findings) {
    if trust.is_empty() || trust.iter().any(assumes) {
        return;
    }
    let spot = decl.args.trust.first().map_or(decl.ident_spot, |t| t.spot);
    findings.push(
        Finding::error(
            Code::NotAssumable,
            spot,
            format!("no trust statement of role `{}` lets a principal assume it: they grant only session actions", decl.ident),
        )
        .with_help("add a trust(...) with the default action of its principal (sts:AssumeRole, sts:AssumeRoleWithWebIdentity, sts:AssumeRoleWithSAML)"),
    );
}

/// "an `oidc`", "a `service`".
fn article(arg: PrincipalArg) -> &'static str {
    match arg {
        PrincipalArg::Account | PrincipalArg::Arn | PrincipalArg::Oidc => "an",
        PrincipalArg::Service | PrincipalArg::Saml => "a",
    }
}

//! Realistic models, built by hand as the validator would build them, for the renderer tests.

use crate::env::Env;
use crate::model::*;

/// A template from its DSL spelling: `{field}`, `{partition}`, `${aws:var}`, `{{`, `}}`.
pub fn t(dsl: &str) -> Template {
    let mut template = Template::default();
    let mut rest = dsl;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("{{") {
            template.push_text("{");
            rest = after;
        } else if let Some(after) = rest.strip_prefix("}}") {
            template.push_text("}");
            rest = after;
        } else if let Some(after) = rest.strip_prefix("${") {
            let end = after.find('}').expect("fixture: unclosed policy variable");
            template.push(Part::Var(after[..end].to_owned()));
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('{') {
            let end = after.find('}').expect("fixture: unclosed placeholder");
            let name = &after[..end];
            template.push(match Pseudo::from_placeholder(name) {
                Some(pseudo) => Part::Pseudo(pseudo),
                None => Part::Field(name.to_owned()),
            });
            rest = &after[end + 1..];
        } else {
            let c = rest.chars().next().expect("rest is not empty");
            template.push_text(&rest[..c.len_utf8()]);
            rest = &rest[c.len_utf8()..];
        }
    }
    template
}

fn ts(dsls: &[&str]) -> Vec<Template> {
    dsls.iter().map(|dsl| t(dsl)).collect()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

pub fn condition(operator: &str, key: &str, values: &[&str]) -> ConditionBlock {
    ConditionBlock {
        operator: operator.into(),
        entries: vec![ConditionEntry {
            key: key.into(),
            values: ts(values),
        }],
    }
}

pub fn trust(
    kind: PrincipalKind,
    principals: &[&str],
    actions: &[&str],
    conditions: Vec<ConditionBlock>,
) -> Statement {
    Statement {
        sid: None,
        effect: Effect::Allow,
        principal: Some(Principal {
            kind,
            values: ts(principals),
        }),
        actions: Actions::Action(strings(actions)),
        resources: None,
        conditions,
    }
}

pub fn allow(actions: &[&str], on: &[&str]) -> Statement {
    Statement {
        sid: None,
        effect: Effect::Allow,
        principal: None,
        actions: Actions::Action(strings(actions)),
        resources: Some(Resources::Resource(ts(on))),
        conditions: vec![],
    }
}

/// A role with only its name and one trust statement; the fixtures fill in the rest.
pub fn role(ident: &str, trust: Statement) -> Role {
    Role {
        ident: ident.into(),
        name: ident.into(),
        description: None,
        path: None,
        max_session: None,
        trust: Document {
            statements: vec![trust],
        },
        policy: None,
        managed: vec![],
        policies: vec![],
        boundary: None,
        tags: vec![],
        instance_profile: false,
        params: vec![],
    }
}

fn service(host: &str) -> Statement {
    trust(PrincipalKind::Service, &[host], &["sts:AssumeRole"], vec![])
}

/// The DSL's first example, with its bucket as a parameter.
pub fn log_writer() -> Bundle {
    let mut role = role("LogWriter", service("lambda.amazonaws.com"));
    role.description = Some("Lets the log shipper Lambda write its logs to S3.".into());
    role.policy = Some(Document {
        statements: vec![allow(
            &["s3:PutObject"],
            &["arn:{partition}:s3:::{bucket}/*"],
        )],
    });
    role.managed =
        ts(&["arn:{partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]);
    role.params = strings(&["bucket"]);
    Bundle {
        roles: vec![role],
        policies: vec![],
    }
}

/// An EC2 role: instance profile, a path, a longer session, and a deny with conditions.
pub fn ec2_app() -> Bundle {
    let mut role = role("Ec2App", service("ec2.amazonaws.com"));
    role.name = "ec2-app".into();
    role.description = Some("Runs the application on EC2.".into());
    role.path = Some("/app/".into());
    role.max_session = Some(7200);
    role.instance_profile = true;
    let read_parameters = Statement {
        sid: Some("ReadParameters".into()),
        ..allow(
            &["ssm:GetParameter", "ssm:GetParametersByPath"],
            &["arn:{partition}:ssm:{region}:{account_id}:parameter/app/*"],
        )
    };
    let deny_outside_eu = Statement {
        sid: Some("DenyOutsideEu".into()),
        effect: Effect::Deny,
        principal: None,
        actions: Actions::NotAction(strings(&["iam:*", "sts:*", "support:*"])),
        resources: Some(Resources::Resource(ts(&["*"]))),
        conditions: vec![
            condition(
                "StringNotEquals",
                "aws:RequestedRegion",
                &["eu-west-1", "eu-central-1"],
            ),
            condition(
                "ArnNotLike",
                "aws:PrincipalArn",
                &["arn:{partition}:iam::{account_id}:role/admin/*"],
            ),
            condition("BoolIfExists", "aws:MultiFactorAuthPresent", &["false"]),
        ],
    };
    role.policy = Some(Document {
        statements: vec![read_parameters, deny_outside_eu],
    });
    Bundle {
        roles: vec![role],
        policies: vec![],
    }
}

/// GitHub Actions through OIDC, limited to one repository, with policy variables.
pub fn github_deployer() -> Bundle {
    let host = "token.actions.githubusercontent.com";
    let trust = trust(
        PrincipalKind::Federated,
        &["arn:{partition}:iam::{account_id}:oidc-provider/token.actions.githubusercontent.com"],
        &["sts:AssumeRoleWithWebIdentity"],
        vec![
            condition(
                "StringEquals",
                &format!("{host}:aud"),
                &["sts.amazonaws.com"],
            ),
            condition(
                "StringLike",
                &format!("{host}:sub"),
                &[
                    "repo:acme/app:ref:refs/heads/main",
                    "repo:acme/app:environment:prod",
                ],
            ),
        ],
    );
    let mut role = role("GitHubDeployer", trust);
    role.name = "github-deployer".into();
    role.max_session = Some(3600);
    let list = Statement {
        conditions: vec![condition(
            "StringLike",
            "s3:prefix",
            &["builds/${aws:PrincipalTag/team}/*"],
        )],
        ..allow(
            &["s3:ListBucket"],
            &["arn:{partition}:s3:::{artifact_bucket}"],
        )
    };
    let write = allow(
        &["s3:GetObject", "s3:PutObject"],
        &["arn:{partition}:s3:::{artifact_bucket}/builds/${aws:PrincipalTag/team}/*"],
    );
    role.policy = Some(Document {
        statements: vec![list, write],
    });
    role.params = strings(&["artifact_bucket"]);
    Bundle {
        roles: vec![role],
        policies: vec![],
    }
}

/// A cross-account operator role: external id, managed and customer policies, a boundary, tags,
/// and no inline policy.
pub fn platform_operator() -> Bundle {
    let trust = trust(
        PrincipalKind::Aws,
        &["arn:{partition}:iam::111122223333:root"],
        &["sts:AssumeRole"],
        vec![condition(
            "StringEquals",
            "sts:ExternalId",
            &["platform-ext-id"],
        )],
    );
    let mut role = role("PlatformOperator", trust);
    role.name = "platform-operator".into();
    role.description = Some("Operates the platform from the tooling account.".into());
    role.managed = ts(&[
        "arn:{partition}:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:iam::111122223333:policy/team/SharedTooling",
    ]);
    role.policies = strings(&["ReadConfig"]);
    role.boundary = Some(t(
        "arn:{partition}:iam::{account_id}:policy/PlatformBoundary",
    ));
    role.tags = vec![
        Tag {
            key: "team".into(),
            value: "platform".into(),
        },
        Tag {
            key: "cost-center".into(),
            value: "42".into(),
        },
    ];
    let policy = Policy {
        ident: "ReadConfig".into(),
        name: "ReadConfig".into(),
        description: Some("Read the shared configuration bucket.".into()),
        path: Some("/platform/".into()),
        document: Document {
            statements: vec![allow(
                &["s3:GetObject"],
                &["arn:{partition}:s3:::{config_bucket}/*"],
            )],
        },
        params: strings(&["config_bucket"]),
    };
    Bundle {
        roles: vec![role],
        policies: vec![policy],
    }
}

/// Every fixture in one bundle, as `role-cli render` on a whole crate would give it.
pub fn everything() -> Bundle {
    let mut all = Bundle::default();
    for bundle in [
        log_writer(),
        ec2_app(),
        github_deployer(),
        platform_operator(),
    ] {
        all.roles.extend(bundle.roles);
        all.policies.extend(bundle.policies);
    }
    all
}

/// Values for every placeholder the fixtures use.
pub fn full_env() -> Env {
    let mut env = Env {
        account_id: Some("123456789012".into()),
        region: Some("eu-west-1".into()),
        ..Env::default()
    };
    for (field, value) in [
        ("bucket", "acme-logs"),
        ("artifact_bucket", "acme-artifacts"),
        ("config_bucket", "acme-config"),
    ] {
        env.values.insert(field.into(), value.into());
    }
    env
}

#[test]
fn the_fixture_parser_reads_every_kind_of_part() {
    assert_eq!(
        t("a{{b}}{bucket}{region}${aws:username}").0,
        vec![
            Part::Text("a{b}".into()),
            Part::Field("bucket".into()),
            Part::Pseudo(Pseudo::Region),
            Part::Var("aws:username".into()),
        ]
    );
}

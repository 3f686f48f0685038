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

/// Text parameters by name.
fn params(names: &[&str]) -> Vec<Param> {
    names
        .iter()
        .map(|name| Param {
            name: (*name).to_owned(),
            kind: ParamKind::Text,
        })
        .collect()
}

/// `{name}` standing for a list parameter's elements.
pub fn each(name: &str) -> Template {
    Template(vec![Part::List(name.to_owned())])
}

pub fn condition(operator: &str, key: &str, values: &[&str]) -> ConditionBlock {
    ConditionBlock {
        operator: operator.into(),
        entries: vec![ConditionEntry {
            key: t(key),
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
        instance_profile: None,
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
    role.params = params(&["bucket"]);
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
    role.instance_profile = Some(role.name.clone());
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
    role.params = params(&["artifact_bucket"]);
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
        tags: vec![],
        params: params(&["config_bucket"]),
    };
    Bundle {
        roles: vec![role],
        policies: vec![policy],
    }
}

/// Roles as people deploy them (EKS, Karpenter): placeholders in names, a description, tags, a
/// path and condition keys; list parameters among resources, principals, managed policies and
/// condition values; a session-only trust statement; a tagged `#[policy]` whose condition key
/// holds a placeholder.
pub fn karpenter() -> Bundle {
    let oidc = trust(
        PrincipalKind::Federated,
        &["arn:{partition}:iam::{account_id}:oidc-provider/{oidc_host}"],
        &["sts:AssumeRoleWithWebIdentity"],
        vec![ConditionBlock {
            operator: "StringEquals".into(),
            entries: vec![
                ConditionEntry {
                    key: t("{oidc_host}:aud"),
                    values: ts(&["sts.amazonaws.com"]),
                },
                ConditionEntry {
                    key: t("{oidc_host}:sub"),
                    values: ts(&["system:serviceaccount:karpenter:karpenter"]),
                },
            ],
        }],
    );
    let mut role = role("KarpenterController", oidc);
    let mut admins = trust(PrincipalKind::Aws, &[], &["sts:TagSession"], vec![]);
    admins.principal.as_mut().unwrap().values = vec![each("admin_arns")];
    role.trust.statements.push(admins);
    role.name = t("KarpenterController-{cluster}");
    role.description = Some(t("Karpenter's controller in cluster {cluster}"));
    role.path = Some(t("/{cluster}/"));
    let mut resources = allow(
        &["ec2:RunInstances", "ec2:CreateFleet"],
        &["arn:{partition}:ec2:{region}::image/*"],
    );
    if let Some(Resources::Resource(list)) = &mut resources.resources {
        list.insert(0, each("subnet_arns"));
    }
    resources.conditions = vec![
        condition(
            "StringEquals",
            "aws:ResourceTag/kubernetes.io/cluster/{cluster}",
            &["owned"],
        ),
        ConditionBlock {
            operator: "ForAnyValue:StringEquals".into(),
            entries: vec![ConditionEntry {
                key: t("ec2:CreateAction"),
                values: vec![t("RunInstances"), each("extra_actions"), t("CreateFleet")],
            }],
        },
    ];
    role.policy = Some(Document {
        statements: vec![resources],
    });
    role.managed = vec![
        each("extra_policy_arns"),
        t("arn:{partition}:iam::aws:policy/ReadOnlyAccess"),
    ];
    role.policies = vec!["KarpenterNodes".into()];
    role.tags = vec![Tag {
        key: "karpenter.sh/discovery".into(),
        value: t("{cluster}"),
    }];
    role.instance_profile = Some(t("KarpenterNodeInstanceProfile-{cluster}"));
    role.params = vec![
        Param {
            name: "cluster".into(),
            kind: ParamKind::Text,
        },
        Param {
            name: "oidc_host".into(),
            kind: ParamKind::Text,
        },
        Param {
            name: "admin_arns".into(),
            kind: ParamKind::List,
        },
        Param {
            name: "subnet_arns".into(),
            kind: ParamKind::List,
        },
        Param {
            name: "extra_actions".into(),
            kind: ParamKind::List,
        },
        Param {
            name: "extra_policy_arns".into(),
            kind: ParamKind::List,
        },
    ];
    let mut nodes = allow(&["ec2:TerminateInstances"], &["*"]);
    nodes.conditions = vec![condition(
        "StringLike",
        "aws:ResourceTag/karpenter.sh/nodepool/{cluster}",
        &["*"],
    )];
    let policy = Policy {
        ident: "KarpenterNodes".into(),
        name: t("KarpenterNodes-{cluster}"),
        description: None,
        path: None,
        document: Document {
            statements: vec![nodes],
        },
        tags: vec![Tag {
            key: "cluster".into(),
            value: t("{cluster}"),
        }],
        params: params(&["cluster"]),
    };
    Bundle {
        roles: vec![role],
        policies: vec![policy],
    }
}

/// Values for every placeholder of [`karpenter`].
pub fn karpenter_env() -> Env {
    let mut env = full_env();
    env.values.insert("cluster".into(), "prod".into());
    env.values.insert(
        "oidc_host".into(),
        "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE".into(),
    );
    for (field, values) in [
        (
            "admin_arns",
            vec![
                "arn:aws:iam::123456789012:role/admin",
                "arn:aws:iam::123456789012:role/ops",
            ],
        ),
        (
            "subnet_arns",
            vec!["arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-1"],
        ),
        ("extra_actions", vec!["CreateLaunchTemplate"]),
        (
            "extra_policy_arns",
            vec![
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            ],
        ),
    ] {
        env.lists
            .insert(field.into(), values.into_iter().map(Into::into).collect());
    }
    env
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

//! The seeded generator of realistic, valid Simulations that the differential tests against
//! iam-simulate ask both evaluators about (`evaluate_oracle.rs` whole requests, `diff_oracle.rs`
//! its identity policies as the starting point of policy pairs): every policy type, element,
//! operator, modifier, wildcard and policy variable, always inside what AWS accepts, because on
//! invalid input two evaluators may legitimately differ and the comparison would say nothing.
#![allow(dead_code)]

use std::collections::BTreeMap;

use role_eval::{ContextValue, NamedPolicy, OrgPolicies, Request, RequestResource, Simulation};
use serde_json::{Map, Value, json};

pub const DEFAULT_REQUESTS: usize = 10_000;
pub const DEFAULT_SEED: u64 = 0x1A3_2026;

pub const A: &str = "111122223333";
pub const B: &str = "444455556666";
pub const ORG: &str = "o-a1b2c3d4e5";
pub const OIDC: &str =
    "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
pub const FULL_AWS_ACCESS: &str =
    "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess";
pub const RCP_FULL_AWS_ACCESS: &str =
    "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess";

// ---------------------------------------------------------------------------------------------
// The generator.

/// SplitMix64: a few lines, no dependency, and the same stream on every platform, so a seed
/// names one set of requests for good.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Role,
    Session,
    User,
    Service,
    Federated,
}

/// An action the generator asks about, with the resource it acts on (`{acct}` is the resource's
/// account), whether that resource has a resource-based policy, and whether resource control
/// policies apply to the service (AWS's list of RCP-supported services).
pub struct Act {
    pub action: &'static str,
    pub resource: &'static str,
    pub resource_policy: bool,
    pub rcp: bool,
    /// Other actions of the service, for statements that should not match.
    pub siblings: &'static [&'static str],
}

pub const ACTS: &[Act] = &[
    Act {
        action: "s3:GetObject",
        resource: "arn:aws:s3:::media-bucket/home/alice/photo.jpg",
        resource_policy: true,
        rcp: true,
        siblings: &["s3:PutObject", "s3:DeleteObject", "s3:GetObjectTagging"],
    },
    Act {
        action: "s3:PutObject",
        resource: "arn:aws:s3:::media-bucket/uploads/2026/report.csv",
        resource_policy: true,
        rcp: true,
        siblings: &["s3:GetObject", "s3:PutObjectAcl"],
    },
    Act {
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::media-bucket",
        resource_policy: true,
        rcp: true,
        siblings: &["s3:ListBucketVersions", "s3:GetBucketPolicy"],
    },
    Act {
        action: "s3:ListAllMyBuckets",
        resource: "*",
        resource_policy: false,
        rcp: false,
        siblings: &["s3:ListBucket", "s3:CreateBucket"],
    },
    Act {
        action: "dynamodb:GetItem",
        resource: "arn:aws:dynamodb:us-east-1:{acct}:table/Orders",
        resource_policy: false,
        rcp: false,
        siblings: &["dynamodb:PutItem", "dynamodb:Query", "dynamodb:DeleteTable"],
    },
    Act {
        action: "dynamodb:Query",
        resource: "arn:aws:dynamodb:us-east-1:{acct}:table/Orders/index/ByDate",
        resource_policy: false,
        rcp: false,
        siblings: &["dynamodb:Scan", "dynamodb:GetItem"],
    },
    Act {
        action: "sqs:SendMessage",
        resource: "arn:aws:sqs:us-east-1:{acct}:jobs",
        resource_policy: true,
        rcp: true,
        siblings: &["sqs:ReceiveMessage", "sqs:DeleteQueue"],
    },
    Act {
        action: "sns:Publish",
        resource: "arn:aws:sns:us-east-1:{acct}:alerts",
        resource_policy: true,
        rcp: false,
        siblings: &["sns:Subscribe", "sns:DeleteTopic"],
    },
    Act {
        action: "lambda:InvokeFunction",
        resource: "arn:aws:lambda:us-east-1:{acct}:function:resize",
        resource_policy: true,
        rcp: false,
        siblings: &["lambda:GetFunction", "lambda:UpdateFunctionCode"],
    },
    Act {
        action: "secretsmanager:GetSecretValue",
        resource: "arn:aws:secretsmanager:us-east-1:{acct}:secret:prod/db-AbCdEf",
        resource_policy: true,
        rcp: true,
        siblings: &[
            "secretsmanager:PutSecretValue",
            "secretsmanager:DescribeSecret",
        ],
    },
    Act {
        action: "ec2:DescribeInstances",
        resource: "*",
        resource_policy: false,
        rcp: false,
        siblings: &["ec2:DescribeVpcs", "ec2:RunInstances"],
    },
    Act {
        action: "ec2:StartInstances",
        resource: "arn:aws:ec2:us-east-1:{acct}:instance/i-0123456789abcdef0",
        resource_policy: false,
        rcp: false,
        siblings: &["ec2:StopInstances", "ec2:TerminateInstances"],
    },
    Act {
        action: "logs:PutLogEvents",
        resource: "arn:aws:logs:us-east-1:{acct}:log-group:/app/web:log-stream:i-1",
        resource_policy: false,
        rcp: false,
        siblings: &["logs:CreateLogStream", "logs:DeleteLogGroup"],
    },
    Act {
        action: "iam:GetRole",
        resource: "arn:aws:iam::{acct}:role/Worker",
        resource_policy: false,
        rcp: false,
        siblings: &["iam:PassRole", "iam:DeleteRole"],
    },
];

pub const ASSUME_ROLE: Act = Act {
    action: "sts:AssumeRole",
    resource: "arn:aws:iam::{acct}:role/Target",
    resource_policy: true,
    rcp: true,
    siblings: &["sts:TagSession", "sts:AssumeRoleWithSAML"],
};

pub const ASSUME_ROLE_WEB: Act = Act {
    action: "sts:AssumeRoleWithWebIdentity",
    resource: "arn:aws:iam::{acct}:role/Target",
    resource_policy: true,
    rcp: true,
    siblings: &["sts:AssumeRole", "sts:TagSession"],
};

/// Actions of a service the request is not about, for statements that cannot match.
pub const FOREIGN: &[&str] = &[
    "kinesis:PutRecord",
    "cloudwatch:PutMetricData",
    "ssm:GetParameter",
];

/// One request being generated: who asks, for what, and what the request context holds.
pub struct Req {
    pub kind: Kind,
    pub principal: String,
    /// The principal's account (none for a service or an identity provider's user).
    pub account: Option<&'static str>,
    /// The role of a session, or the principal itself.
    pub principal_arn: String,
    pub act: &'static Act,
    pub resource: String,
    pub resource_account: &'static str,
    pub context: BTreeMap<String, ContextValue>,
}

pub fn one(v: impl AsRef<str>) -> ContextValue {
    ContextValue::One(v.as_ref().to_owned())
}

pub fn many(vs: &[&str]) -> ContextValue {
    ContextValue::Many(vs.iter().map(|v| (*v).to_owned()).collect())
}

pub const TEAMS: &[&str] = &["red", "blue", "Red", "green"];
pub const ENVS: &[&str] = &["prod", "dev", "Prod"];
pub const REGIONS: &[&str] = &["us-east-1", "eu-west-1"];
pub const USERS: &[&str] = &["alice", "bob"];
pub const ORGS: &[&str] = &[ORG, "o-zzzzzzzzzz"];
pub const PREFIXES: &[&str] = &[
    "home/alice/",
    "home/bob/",
    "a*b/",
    "q?/",
    "$money/",
    "public/",
];
pub const MFA_AGES: &[&str] = &["0", "300", "3600", "86400"];
pub const MAX_KEYS: &[&str] = &["10", "100", "1000", "2.5"];
/// aws:CurrentTime values and the same instants as aws:EpochTime.
pub const TIMES: &[(&str, &str)] = &[
    ("2026-01-01T00:00:00Z", "1767225600"),
    ("2026-06-15T12:00:00Z", "1781524800"),
    ("2027-01-01T00:00:00Z", "1798761600"),
];
pub const IPS: &[&str] = &[
    "10.1.2.3",
    "203.0.113.9",
    "198.51.100.7",
    "192.0.2.1",
    "2001:db8::1",
    "2001:db8:1::5",
    "2600:1f18::1",
];
pub const CIDRS: &[&str] = &[
    "10.0.0.0/8",
    "203.0.113.0/24",
    "198.51.100.7/32",
    "192.0.2.0/25",
    "0.0.0.0/0",
    "2001:db8::/32",
    "2001:db8:1::/48",
    "2600:1f18::/36",
];
pub const TAG_KEYS: &[&str] = &["env", "team", "cost-center"];
pub const CALLED_VIA: &[&str] = &["cloudformation.amazonaws.com", "athena.amazonaws.com"];
pub const BLOBS: &[&str] = &["QmluYXJ5VmFsdWU=", "b3RoZXI="];
pub const SUBS: &[&str] = &[
    "repo:acme/app:ref:refs/heads/main",
    "repo:acme/app:pull_request",
    "repo:other/app:ref:refs/heads/main",
];
pub const SERVICES: &[&str] = &[
    "events.amazonaws.com",
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
];

pub fn new_request(g: &mut Rng) -> Req {
    // The shape of the request: most are a principal using its own account's resources, the rest
    // cross-account, role assumption (by principals, services and web identities), and services
    // calling into a resource whose policy names them.
    let shape = g.below(100);
    let (kind, account, act, resource_account): (Kind, Option<&'static str>, &'static Act, _) =
        match shape {
            0..=59 => {
                let kind = *g.pick(&[Kind::Role, Kind::Session, Kind::User]);
                (kind, Some(A), g.pick(ACTS), A)
            }
            60..=74 => {
                let kind = *g.pick(&[Kind::Role, Kind::Session, Kind::User]);
                let (p, r) = if g.chance(50) { (B, A) } else { (A, B) };
                (kind, Some(p), g.pick(ACTS), r)
            }
            75..=87 => {
                let kind = *g.pick(&[Kind::Role, Kind::Session, Kind::User, Kind::Service]);
                let account = if kind == Kind::Service {
                    None
                } else if g.chance(60) {
                    Some(A)
                } else {
                    Some(B)
                };
                (kind, account, &ASSUME_ROLE, A)
            }
            88..=92 => (Kind::Federated, None, &ASSUME_ROLE_WEB, A),
            _ => {
                let with_policy: Vec<&'static Act> =
                    ACTS.iter().filter(|a| a.resource_policy).collect();
                (Kind::Service, None, *g.pick(&with_policy), A)
            }
        };
    let user = *g.pick(USERS);
    let (principal, principal_arn) = match kind {
        Kind::Role => {
            let arn = format!("arn:aws:iam::{}:role/Worker", account.unwrap());
            (arn.clone(), arn)
        }
        Kind::Session => (
            format!(
                "arn:aws:sts::{}:assumed-role/Worker/{user}",
                account.unwrap()
            ),
            format!("arn:aws:iam::{}:role/Worker", account.unwrap()),
        ),
        Kind::User => {
            let arn = format!("arn:aws:iam::{}:user/{user}", account.unwrap());
            (arn.clone(), arn)
        }
        Kind::Service => {
            let service = (*g.pick(SERVICES)).to_owned();
            (service.clone(), service)
        }
        Kind::Federated => (OIDC.to_owned(), OIDC.to_owned()),
    };
    let resource = act.resource.replace("{acct}", resource_account);
    let mut req = Req {
        kind,
        principal,
        account,
        principal_arn,
        act,
        resource,
        resource_account,
        context: BTreeMap::new(),
    };
    fill_context(g, &mut req, user);
    req
}

/// The request context AWS would send, each key sometimes missing, so that conditions meet both
/// present and absent keys.
pub fn fill_context(g: &mut Rng, req: &mut Req, user: &str) {
    let c = &mut req.context;
    let (time, epoch) = *g.pick(TIMES);
    c.insert("aws:CurrentTime".into(), one(time));
    c.insert("aws:EpochTime".into(), one(epoch));
    if g.chance(85) {
        c.insert(
            "aws:SecureTransport".into(),
            one(g.pick(&["true", "false"])),
        );
    }
    if g.chance(80) {
        c.insert("aws:SourceIp".into(), one(g.pick(IPS)));
    }
    if g.chance(85) {
        c.insert("aws:RequestedRegion".into(), one(g.pick(REGIONS)));
    }
    // S3 objects and buckets are not tagged through aws:ResourceTag (S3 has keys of its own).
    if !req.act.action.starts_with("s3:") && g.chance(60) {
        c.insert("aws:ResourceTag/env".into(), one(g.pick(ENVS)));
    }
    match req.kind {
        Kind::Role | Kind::Session | Kind::User => {
            let account = req.account.unwrap();
            c.insert("aws:PrincipalArn".into(), one(&req.principal_arn));
            c.insert("aws:PrincipalAccount".into(), one(account));
            c.insert(
                "aws:PrincipalType".into(),
                one(match req.kind {
                    Kind::User => "User",
                    _ => "AssumedRole",
                }),
            );
            if g.chance(80) {
                c.insert(
                    "aws:PrincipalOrgID".into(),
                    one(if account == A { ORG } else { g.pick(ORGS) }),
                );
            }
            if req.kind == Kind::User {
                c.insert("aws:username".into(), one(user));
            }
            if g.chance(70) {
                c.insert("aws:PrincipalTag/team".into(), one(g.pick(TEAMS)));
            }
            if g.chance(30) {
                c.insert("aws:PrincipalTag/cert".into(), one(g.pick(BLOBS)));
            }
            if g.chance(60) {
                c.insert(
                    "aws:MultiFactorAuthPresent".into(),
                    one(g.pick(&["true", "false"])),
                );
                c.insert("aws:MultiFactorAuthAge".into(), one(g.pick(MFA_AGES)));
            }
            if g.chance(25) {
                let n = g.range(1, 2);
                let vias: Vec<&str> = CALLED_VIA[..n].to_vec();
                c.insert("aws:CalledVia".into(), many(&vias));
            }
        }
        Kind::Service => {
            if g.chance(80) {
                c.insert(
                    "aws:SourceArn".into(),
                    one(g.pick(&[
                        "arn:aws:events:us-east-1:111122223333:rule/nightly",
                        "arn:aws:events:us-east-1:444455556666:rule/nightly",
                        "arn:aws:s3:::media-bucket",
                    ])),
                );
            }
            if g.chance(80) {
                c.insert("aws:SourceAccount".into(), one(g.pick(&[A, B])));
            }
        }
        Kind::Federated => {
            if g.chance(90) {
                c.insert(
                    "token.actions.githubusercontent.com:sub".into(),
                    one(g.pick(SUBS)),
                );
            }
            if g.chance(90) {
                c.insert(
                    "token.actions.githubusercontent.com:aud".into(),
                    one(g.pick(&["sts.amazonaws.com", "other"])),
                );
            }
        }
    }
    if g.chance(30) {
        // A tagging request: the tags it sets, one value a key, and the list of their keys.
        let n = g.below(TAG_KEYS.len() + 1);
        let keys: Vec<&str> = (0..n).map(|i| TAG_KEYS[i]).collect();
        if keys.contains(&"env") {
            c.insert("aws:RequestTag/env".into(), one(g.pick(ENVS)));
        }
        c.insert("aws:TagKeys".into(), many(&keys));
    }
    if req.act.action == "s3:ListBucket" {
        if g.chance(80) {
            c.insert("s3:prefix".into(), one(g.pick(PREFIXES)));
        }
        if g.chance(50) {
            c.insert("s3:max-keys".into(), one(g.pick(MAX_KEYS)));
        }
    }
}

/// The request context's single value of `key`, if it has one.
pub fn value_of<'a>(req: &'a Req, key: &str) -> Option<&'a str> {
    match req.context.get(key) {
        Some(ContextValue::One(v)) => Some(v),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PolicyKind {
    Identity,
    Boundary,
    Session,
    Scp,
    Rcp,
    Resource,
    Trust,
}

/// `s` with its letters' case changed at random: action names are case-insensitive.
pub fn jumble_case(g: &mut Rng, s: &str) -> String {
    s.chars()
        .map(|c| {
            if g.chance(30) {
                if c.is_ascii_lowercase() {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            } else {
                c
            }
        })
        .collect()
}

/// One action pattern: the request's action (as written or in another case), its service's
/// wildcard, a prefix with `*`, one letter as `?`, everything, or another action.
pub fn action_pattern(g: &mut Rng, req: &Req, kind: PolicyKind) -> String {
    let action = req.act.action;
    let (service, name) = action.split_once(':').unwrap();
    loop {
        let p = match g.below(10) {
            0 | 1 => action.to_owned(),
            2 => jumble_case(g, action),
            3 => format!("{service}:*"),
            4 => {
                let cut = g.range(1, name.len() - 1);
                format!("{service}:{}*", &name[..cut])
            }
            5 => {
                let at = g.below(name.len());
                let mut chars: Vec<char> = name.chars().collect();
                chars[at] = '?';
                format!("{service}:{}", chars.into_iter().collect::<String>())
            }
            6 => "*".to_owned(),
            7 => (*g.pick(FOREIGN)).to_owned(),
            _ => (*g.pick(req.act.siblings)).to_owned(),
        };
        // An RCP may not name every action (AWS rejects `"Action": "*"` there).
        if kind == PolicyKind::Rcp && p == "*" {
            continue;
        }
        return p;
    }
}

/// One resource pattern for the request's resource: itself, a prefix with `*`, a `?`, `*` in
/// the region or account, a policy variable, everything, or another resource. Wildcards stay
/// after the resource type (`table/`, `function:`): AWS does not match them inside it.
pub fn resource_pattern(g: &mut Rng, req: &Req) -> String {
    let r = &req.resource;
    if r == "*" {
        return if g.chance(70) {
            "*".to_owned()
        } else {
            format!(
                "arn:aws:{}:*:*:*",
                req.act.action.split(':').next().unwrap()
            )
        };
    }
    let parts: Vec<&str> = r.splitn(6, ':').collect();
    let (head, res) = (parts[..5].join(":"), parts[5]);
    // Where the resource id starts: after the type and its separator (none for s3, sqs, sns).
    let id_start = if parts[2] == "s3" {
        0
    } else {
        match (res.find('/'), res.find(':')) {
            (Some(s), Some(c)) => s.min(c) + 1,
            (Some(s), None) => s + 1,
            (None, Some(c)) => c + 1,
            (None, None) => 0,
        }
    };
    match g.below(12) {
        0..=2 => r.clone(),
        3 | 4 => {
            let cut = g.range(id_start, res.len() - 1);
            format!("{head}:{}*", &res[..cut])
        }
        5 => {
            let at = g.range(id_start, res.len() - 1);
            let mut chars: Vec<char> = res.chars().collect();
            chars[at] = '?';
            format!("{head}:{}", chars.into_iter().collect::<String>())
        }
        6 => {
            let mut p: Vec<String> = parts.iter().map(|s| (*s).to_owned()).collect();
            if !p[3].is_empty() {
                p[3] = "*".into();
            }
            if !p[4].is_empty() && g.chance(50) {
                p[4] = "*".into();
            }
            p.join(":")
        }
        7 => "*".to_owned(),
        8 => format!("{r}-other"),
        9 => {
            // The resource id in another case: resource ids are case-sensitive.
            let upper: String = res[id_start..].to_ascii_uppercase();
            format!("{head}:{}{upper}", &res[..id_start])
        }
        _ => variable_resource(g, req),
    }
}

/// A resource pattern with a policy variable in it, resolved from the request context.
pub fn variable_resource(g: &mut Rng, req: &Req) -> String {
    let acct = req.resource_account;
    match req.act.action.split(':').next().unwrap() {
        "s3" => (*g.pick(&[
            "arn:aws:s3:::media-bucket/home/${aws:username}/*",
            "arn:aws:s3:::media-bucket/home/${aws:username, 'alice'}/*",
            "arn:aws:s3:::media-bucket/${aws:PrincipalTag/team}/*",
            "arn:aws:s3:::media-bucket/uploads/${*}",
            "arn:aws:s3:::media-bucket/uploads/${aws:SourceIp}/*",
        ]))
        .to_owned(),
        "dynamodb" => format!("arn:aws:dynamodb:${{aws:RequestedRegion}}:{acct}:table/Orders*"),
        "sqs" | "sns" => format!(
            "arn:aws:{}:us-east-1:${{aws:PrincipalAccount}}:*",
            req.act.action.split(':').next().unwrap()
        ),
        "iam" | "sts" => format!("arn:aws:iam::{acct}:role/${{aws:PrincipalTag/team, 'Worker'}}"),
        _ => format!("{}*", &req.resource[..req.resource.len() - 1]),
    }
}

/// A principal element's entry: `(type, value)`.
pub fn principal_entry(g: &mut Rng, req: &Req) -> (&'static str, String) {
    let acct = req.account.unwrap_or(A);
    let other = if acct == A { B } else { A };
    match g.below(12) {
        0 => ("AWS", acct.to_owned()),
        1 => ("AWS", format!("arn:aws:iam::{acct}:root")),
        2 => ("AWS", other.to_owned()),
        3 => ("AWS", format!("arn:aws:iam::{acct}:role/Worker")),
        4 if matches!(req.kind, Kind::Role | Kind::Session | Kind::User) => {
            ("AWS", req.principal.clone())
        }
        4 => ("AWS", format!("arn:aws:iam::{acct}:role/Worker")),
        5 => ("AWS", format!("arn:aws:iam::{acct}:user/alice")),
        6 => (
            "AWS",
            format!("arn:aws:sts::{acct}:assumed-role/Worker/alice"),
        ),
        7 => ("AWS", "*".to_owned()),
        8 => ("Service", (*g.pick(SERVICES)).to_owned()),
        9 => ("Federated", OIDC.to_owned()),
        10 => ("AWS", format!("arn:aws:iam::{other}:role/Worker")),
        _ => {
            if req.kind == Kind::Service || req.kind == Kind::Federated {
                (
                    if req.kind == Kind::Service {
                        "Service"
                    } else {
                        "Federated"
                    },
                    req.principal.clone(),
                )
            } else {
                ("AWS", req.principal.clone())
            }
        }
    }
}

pub fn principal_element(g: &mut Rng, req: &Req) -> Value {
    if g.chance(10) {
        return json!("*");
    }
    let mut by_type: Map<String, Value> = Map::new();
    for _ in 0..g.range(1, 3) {
        let (t, v) = principal_entry(g, req);
        match by_type.get_mut(t) {
            None => {
                by_type.insert(t.to_owned(), json!(v));
            }
            Some(Value::String(s)) => {
                if *s != v {
                    let first = s.clone();
                    by_type.insert(t.to_owned(), json!([first, v]));
                }
            }
            Some(Value::Array(items)) => {
                if !items.iter().any(|i| i == &json!(v)) {
                    items.push(json!(v));
                }
            }
            Some(_) => unreachable!(),
        }
    }
    Value::Object(by_type)
}

/// How a condition key is written: condition key names are case-insensitive.
pub fn key_case(g: &mut Rng, key: &str) -> String {
    match g.below(10) {
        0 => key.to_ascii_lowercase(),
        1 => match key.split_once(':') {
            Some((p, rest)) => format!("{}:{rest}", p.to_ascii_uppercase()),
            None => key.to_owned(),
        },
        _ => key.to_owned(),
    }
}

/// 1 to 3 values from `pool`, a policy value more often than not being the request's own.
pub fn values_from(g: &mut Rng, pool: &[&str], actual: Option<&str>) -> Vec<String> {
    let n = *g.pick(&[1, 1, 1, 2, 3]);
    let mut out: Vec<String> = Vec::new();
    for _ in 0..n {
        let v = match actual {
            Some(a) if g.chance(45) => a.to_owned(),
            _ => (*g.pick(pool)).to_owned(),
        };
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

pub const STRING_OPS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
];
pub const NUMERIC_OPS: &[&str] = &[
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
];
pub const DATE_OPS: &[&str] = &[
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
];
pub const ARN_OPS: &[&str] = &["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"];

/// String values for `key`: the pool of literals it takes, and patterns (wildcards, policy
/// variables, the `${*}` `${?}` `${$}` escapes) for the operators that read them.
pub fn string_values(g: &mut Rng, req: &Req, key: &str, like: bool) -> Vec<String> {
    let actual = value_of(req, key);
    let (pool, patterns): (&[&str], &[&str]) = match key {
        "aws:PrincipalTag/team" => (TEAMS, &["r*", "?ed", "*", "gr*n"]),
        "aws:ResourceTag/env" | "aws:RequestTag/env" => (
            ENVS,
            &[
                "p*",
                "d?v",
                "${aws:PrincipalTag/team}",
                "${aws:PrincipalTag/env, 'prod'}",
            ],
        ),
        "aws:RequestedRegion" => (REGIONS, &["us-*", "eu-west-?", "*-1"]),
        "aws:username" => (USERS, &["a*", "b?b", "${aws:PrincipalTag/team}"]),
        "aws:PrincipalOrgID" => (ORGS, &["o-a1b2*", "o-*"]),
        "aws:PrincipalAccount" | "aws:SourceAccount" => (&[A, B], &["1111*", "4444?5556666"]),
        "s3:prefix" => (
            PREFIXES,
            &[
                "home/${aws:username}/*",
                "home/${aws:username, 'alice'}/",
                "a${*}b/",
                "q${?}/",
                "${$}money/",
                "home/*",
                "*",
            ],
        ),
        "token.actions.githubusercontent.com:sub" => (
            SUBS,
            &[
                "repo:acme/app:*",
                "repo:acme/*:ref:refs/heads/main",
                "repo:*",
            ],
        ),
        "token.actions.githubusercontent.com:aud" => (&["sts.amazonaws.com"], &["sts.*"]),
        _ => (&["x"], &["x*"]),
    };
    let mut values = values_from(g, pool, actual);
    // Variables hold in StringEquals too (no wildcard there): the value is the resolved string.
    let variables: &[&str] = &[
        "${aws:username}",
        "${aws:PrincipalTag/team}",
        "${aws:PrincipalTag/team, 'red'}",
    ];
    if like && g.chance(60) {
        values[0] = (*g.pick(patterns)).to_owned();
    } else if !like && g.chance(15) {
        values[0] = (*g.pick(variables)).to_owned();
    } else if !like && key == "s3:prefix" && g.chance(30) {
        values[0] = "home/${aws:username}/".to_owned();
    }
    values
}

/// One condition: operator (with its modifiers), key and values.
pub fn condition(g: &mut Rng, req: &Req, kind: PolicyKind) -> (String, String, Vec<String>) {
    let mut string_keys = vec![
        "aws:PrincipalTag/team",
        "aws:ResourceTag/env",
        "aws:RequestedRegion",
        "aws:PrincipalOrgID",
        "aws:PrincipalAccount",
        "aws:RequestTag/env",
    ];
    if req.kind == Kind::User {
        string_keys.push("aws:username");
    }
    if req.act.action == "s3:ListBucket" {
        string_keys.extend(["s3:prefix", "s3:prefix"]);
    }
    if req.kind == Kind::Federated {
        string_keys.extend([
            "token.actions.githubusercontent.com:sub",
            "token.actions.githubusercontent.com:sub",
            "token.actions.githubusercontent.com:aud",
        ]);
    }
    if req.kind == Kind::Service {
        string_keys.push("aws:SourceAccount");
    }
    let if_exists = |g: &mut Rng, op: &str| {
        if g.chance(20) {
            format!("{op}IfExists")
        } else {
            op.to_owned()
        }
    };
    let family = g.below(if kind == PolicyKind::Trust { 14 } else { 13 });
    match family {
        0..=3 => {
            let key = *g.pick(&string_keys);
            let op = *g.pick(STRING_OPS);
            let like = op.contains("Like");
            let mut values = string_values(g, req, key, like);
            if op.contains("IgnoreCase") && g.chance(50) {
                values[0] = values[0].to_ascii_uppercase();
            }
            (if_exists(g, op), key.to_owned(), values)
        }
        4 => {
            let (key, pool) = if req.act.action == "s3:ListBucket" && g.chance(50) {
                ("s3:max-keys", MAX_KEYS)
            } else {
                ("aws:MultiFactorAuthAge", MFA_AGES)
            };
            let values = values_from(g, pool, value_of(req, key));
            {
                let op = *g.pick(NUMERIC_OPS);
                (if_exists(g, op), key.to_owned(), values)
            }
        }
        5 => {
            // Date values are ISO 8601 or epoch seconds, whatever the key's own format: mostly
            // the key's, sometimes the other.
            let op = *g.pick(DATE_OPS);
            let key = if g.chance(60) {
                "aws:CurrentTime"
            } else {
                "aws:EpochTime"
            };
            let iso = (key == "aws:CurrentTime") != g.chance(25);
            let pool: Vec<&str> = TIMES.iter().map(|t| if iso { t.0 } else { t.1 }).collect();
            let values = values_from(g, &pool, None);
            (if_exists(g, op), key.to_owned(), values)
        }
        6 => {
            let key = *g.pick(&["aws:SecureTransport", "aws:MultiFactorAuthPresent"]);
            let v = (*g.pick(&["true", "false"])).to_owned();
            (if_exists(g, "Bool"), key.to_owned(), vec![v])
        }
        7 => {
            let values = values_from(g, CIDRS, None);
            let op = *g.pick(&["IpAddress", "NotIpAddress"]);
            (if_exists(g, op), "aws:SourceIp".to_owned(), values)
        }
        8 => {
            let (key, pool): (&str, Vec<String>) = if req.kind == Kind::Service {
                (
                    "aws:SourceArn",
                    vec![
                        "arn:aws:events:us-east-1:111122223333:rule/*".into(),
                        "arn:aws:events:*:111122223333:rule/nightly".into(),
                        "arn:aws:s3:::media-bucket".into(),
                        "arn:aws:events:us-east-1:444455556666:rule/nightly".into(),
                    ],
                )
            } else {
                (
                    "aws:PrincipalArn",
                    vec![
                        req.principal_arn.clone(),
                        format!("arn:aws:iam::{A}:role/*"),
                        "arn:aws:iam::*:role/Work?r".into(),
                        format!("arn:aws:iam::{B}:*"),
                        format!("arn:aws:iam::{A}:user/alice"),
                        format!("arn:aws:iam::{A}:role/Admin"),
                    ],
                )
            };
            let pool: Vec<&str> = pool.iter().map(String::as_str).collect();
            let values = values_from(g, &pool, None);
            let op = *g.pick(ARN_OPS);
            (if_exists(g, op), key.to_owned(), values)
        }
        9 => {
            let key = *g.pick(&[
                "aws:PrincipalTag/team",
                "aws:ResourceTag/env",
                "aws:SourceIp",
                "aws:MultiFactorAuthAge",
                "aws:TagKeys",
                "aws:RequestTag/env",
                "aws:username",
                "aws:CalledVia",
            ]);
            let v = (*g.pick(&["true", "false"])).to_owned();
            ("Null".to_owned(), key.to_owned(), vec![v])
        }
        10 | 11 => {
            // Set operators over multivalued keys, single-valued keys and missing keys.
            let set = *g.pick(&["ForAnyValue", "ForAllValues"]);
            let op = *g.pick(&[
                "StringEquals",
                "StringLike",
                "StringNotEquals",
                "StringNotLike",
                "StringEqualsIgnoreCase",
            ]);
            let (key, pool, patterns): (&str, &[&str], &[&str]) = match g.below(4) {
                0 | 1 => ("aws:TagKeys", TAG_KEYS, &["e*", "*-center", "te?m"]),
                2 => (
                    "aws:CalledVia",
                    CALLED_VIA,
                    &["*.amazonaws.com", "athena.*"],
                ),
                _ => (
                    *g.pick(&["aws:RequestTag/env", "aws:PrincipalTag/team"]),
                    &["prod", "dev", "red", "blue"],
                    &["p*", "?ed"],
                ),
            };
            let mut values = values_from(g, pool, None);
            if op.contains("Like") && g.chance(50) {
                values[0] = (*g.pick(patterns)).to_owned();
            }
            if op.contains("IgnoreCase") && g.chance(50) {
                values[0] = values[0].to_ascii_uppercase();
            }
            (format!("{set}:{op}"), key.to_owned(), values)
        }
        12 => {
            let values = values_from(g, BLOBS, value_of(req, "aws:PrincipalTag/cert"));
            (
                if_exists(g, "BinaryEquals"),
                "aws:PrincipalTag/cert".to_owned(),
                values,
            )
        }
        _ => {
            // Trust policies: the organization of the caller, the usual guard of a shared role.
            let values = values_from(g, ORGS, None);
            (
                if_exists(g, "StringEquals"),
                "aws:PrincipalOrgID".to_owned(),
                values,
            )
        }
    }
}

pub fn condition_block(g: &mut Rng, req: &Req, kind: PolicyKind) -> Value {
    let mut block: Map<String, Value> = Map::new();
    for _ in 0..*g.pick(&[1, 1, 1, 2, 2, 3]) {
        let (op, key, values) = condition(g, req, kind);
        let key = key_case(g, &key);
        // Booleans and numbers are often written as JSON's own (`"aws:SecureTransport": false`);
        // AWS reads them as their text.
        let typed = |v: &String| -> Value {
            if op.starts_with("Bool") && (v == "true" || v == "false") {
                json!(v == "true")
            } else if op.starts_with("Numeric") && v.parse::<u64>().is_ok() {
                json!(v.parse::<u64>().unwrap())
            } else {
                json!(v)
            }
        };
        let as_json = g.chance(35);
        let item = |v: &String| if as_json { typed(v) } else { json!(v) };
        let value = if values.len() == 1 && g.chance(60) {
            item(&values[0])
        } else {
            Value::Array(values.iter().map(item).collect())
        };
        let entry = block.entry(op).or_insert_with(|| json!({}));
        let by_key = entry.as_object_mut().unwrap();
        // One key once an operator: JSON objects hold a name once.
        if !by_key.keys().any(|k| k.eq_ignore_ascii_case(&key)) {
            by_key.insert(key, value);
        }
    }
    Value::Object(block)
}

pub fn one_or_many(g: &mut Rng, mut items: Vec<String>) -> Value {
    items.dedup();
    if items.len() == 1 && g.chance(70) {
        json!(items[0])
    } else {
        json!(items)
    }
}

pub fn statement(g: &mut Rng, req: &Req, kind: PolicyKind, effect: &str) -> Value {
    let mut s: Map<String, Value> = Map::new();
    if g.chance(30) {
        s.insert("Sid".into(), json!(format!("S{}", g.below(1000))));
    }
    s.insert("Effect".into(), json!(effect));
    let resource_based = matches!(kind, PolicyKind::Resource | PolicyKind::Trust);
    if kind == PolicyKind::Rcp {
        s.insert("Principal".into(), json!("*"));
    } else if resource_based {
        // NotPrincipal only with Deny: AWS recommends against it with Allow, and iam-simulate and
        // AWS need not agree on a pattern AWS advises against.
        if effect == "Deny" && g.chance(25) {
            s.insert("NotPrincipal".into(), principal_element(g, req));
        } else {
            s.insert("Principal".into(), principal_element(g, req));
        }
    }
    let actions: Vec<String> = (0..*g.pick(&[1, 1, 2, 3]))
        .map(|_| action_pattern(g, req, kind))
        .collect();
    let not_action = kind != PolicyKind::Rcp && g.chance(15);
    s.insert(
        if not_action { "NotAction" } else { "Action" }.into(),
        one_or_many(g, actions),
    );
    if kind != PolicyKind::Trust {
        let resources: Vec<String> = if kind == PolicyKind::Scp && g.chance(60) {
            vec!["*".to_owned()]
        } else {
            (0..*g.pick(&[1, 1, 2]))
                .map(|_| resource_pattern(g, req))
                .collect()
        };
        let not_resource = g.chance(12);
        s.insert(
            if not_resource {
                "NotResource"
            } else {
                "Resource"
            }
            .into(),
            one_or_many(g, resources),
        );
    }
    // Denies carry conditions more often than allows, as guardrails do.
    let conditional = match (kind, effect) {
        (PolicyKind::Rcp, _) => 70,
        (_, "Deny") => 55,
        _ => 40,
    };
    if g.chance(conditional) {
        s.insert("Condition".into(), condition_block(g, req, kind));
    }
    Value::Object(s)
}

/// A policy of `kind` with between `statements.0` and `statements.1` statements.
pub fn policy(g: &mut Rng, req: &Req, kind: PolicyKind, statements: (usize, usize)) -> Value {
    let count = g.range(statements.0, statements.1);
    let statements: Vec<Value> = (0..count)
        .map(|_| {
            let effect = match kind {
                PolicyKind::Rcp => "Deny",
                PolicyKind::Scp => {
                    if g.chance(55) {
                        "Allow"
                    } else {
                        "Deny"
                    }
                }
                _ => {
                    if g.chance(82) {
                        "Allow"
                    } else {
                        "Deny"
                    }
                }
            };
            statement(g, req, kind, effect)
        })
        .collect();
    // A policy of one statement may give it alone, not in a list.
    if statements.len() == 1 && g.chance(20) {
        return json!({"Version": "2012-10-17", "Statement": statements[0]});
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

pub fn full_access(name: &str, principal: bool) -> NamedPolicy {
    let mut statement = json!({"Effect": "Allow", "Action": "*", "Resource": "*"});
    if principal {
        statement["Principal"] = json!("*");
    }
    NamedPolicy {
        name: name.to_owned(),
        policy: json!({"Version": "2012-10-17", "Statement": [statement]}),
    }
}

/// Organization levels (root, OU, account) of SCPs or RCPs. Every SCP level holds an Allow, as
/// AWS requires one attached at each level; RCP levels hold RCPFullAWSAccess, which AWS attaches
/// to each and which cannot be detached, and Deny policies of the customer's.
pub fn org_levels(g: &mut Rng, req: &Req, kind: PolicyKind) -> Vec<OrgPolicies> {
    let ids = ["r-root", "ou-1234-abcdefgh", A];
    let levels = g.range(1, 3);
    (0..levels)
        .map(|level| {
            let mut policies = Vec::new();
            if kind == PolicyKind::Rcp {
                policies.push(full_access(RCP_FULL_AWS_ACCESS, true));
                let extra = g.range(0, 2);
                for i in 0..extra {
                    policies.push(NamedPolicy {
                        name: format!("rcp-{level}-{i}"),
                        policy: policy(g, req, kind, (1, 2)),
                    });
                }
            } else {
                if g.chance(75) {
                    policies.push(full_access(FULL_AWS_ACCESS, false));
                }
                let extra = g.range(if policies.is_empty() { 1 } else { 0 }, 2);
                for i in 0..extra {
                    policies.push(NamedPolicy {
                        name: format!("scp-{level}-{i}"),
                        policy: policy(g, req, kind, (1, 3)),
                    });
                }
            }
            OrgPolicies {
                org_identifier: ids[level].to_owned(),
                policies,
            }
        })
        .collect()
}

pub fn simulation(g: &mut Rng) -> Simulation {
    let req = new_request(g);
    let person = matches!(req.kind, Kind::Role | Kind::Session | Kind::User);
    let mut sim = Simulation::default();
    if person {
        let names = [
            "inline",
            "arn:aws:iam::111122223333:policy/app-access",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
        ];
        let low = if g.chance(10) { 0 } else { 1 };
        let count = g.range(low, 3);
        for name in names.iter().take(count) {
            let policy = policy(g, &req, PolicyKind::Identity, (1, 3));
            sim.identity_policies.push(NamedPolicy {
                name: (*name).to_owned(),
                policy,
            });
        }
        if g.chance(25) {
            sim.permission_boundary_policies = Some(vec![NamedPolicy {
                name: "arn:aws:iam::111122223333:policy/boundary".into(),
                policy: policy(g, &req, PolicyKind::Boundary, (1, 3)),
            }]);
        }
        if req.kind == Kind::Session && g.chance(30) {
            sim.session_policy = Some(policy(g, &req, PolicyKind::Session, (1, 2)));
        }
        // SCPs limit principals of the organization's accounts; AWS services are not limited.
        if g.chance(40) {
            sim.service_control_policies = org_levels(g, &req, PolicyKind::Scp);
        }
    }
    if req.act.rcp && person && g.chance(30) {
        sim.resource_control_policies = org_levels(g, &req, PolicyKind::Rcp);
    }
    let trust = req.act.action.starts_with("sts:");
    let cross = req.account != Some(req.resource_account);
    if trust
        || (req.act.resource_policy
            && (req.kind == Kind::Service || g.chance(if cross { 85 } else { 50 })))
    {
        let kind = if trust {
            PolicyKind::Trust
        } else {
            PolicyKind::Resource
        };
        sim.resource_policy = Some(policy(g, &req, kind, (1, 3)));
    }
    sim.request = Request {
        principal: req.principal.clone(),
        action: req.act.action.to_owned(),
        resource: RequestResource {
            resource: req.resource.clone(),
            account_id: req.resource_account.to_owned(),
        },
        context_variables: req.context.clone(),
    };
    sim
}

pub fn generate(seed: u64, n: usize) -> Vec<Simulation> {
    let mut g = Rng(seed);
    (0..n).map(|_| simulation(&mut g)).collect()
}

pub fn requests() -> usize {
    std::env::var("ROLE_EVAL_ORACLE_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_REQUESTS)
}

pub fn seed() -> u64 {
    std::env::var("ROLE_EVAL_ORACLE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

//! The whole pipeline of `role-cli render`, in process: Rust source text → `Project::scan`
//! (parse + validate + the checks across files) → `bundle()` → `render`, for 1,000 and 10,000
//! generated roles. Throughput is in roles, so criterion prints roles per second: the per-role
//! time is its inverse, and should be the same at both sizes (linear cost).
//!
//! The roles come in five shapes, taken in turn, 50 roles to a file with one `#[policy]` per
//! file: the four of `benches/vs-cdk.sh` (Lambda log writer, EC2 reader with conditions and a
//! deny, cross-account auditor, GitHub OIDC deployer) and an ECS task that attaches the file's
//! `#[policy]` and has a permissions boundary.
//!
//! CloudFormation allows 500 resources and 200 outputs in one template, so the CloudFormation
//! render makes one template per 100 roles (with the policies they attach), as a user splits
//! stacks with `--role`; Terraform has no such limit and renders one module of every role.
//!
//! Run: `cargo bench -p role-core --bench pipeline`; `python3 benches/pipeline-summary.py`
//! then prints the per-role times.

use std::collections::{BTreeSet, HashMap};
use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use role_core::Env;
use role_core::check::{self, Checked};
use role_core::diag::Findings;
use role_core::model::{Bundle, Policy};
use role_core::project::{Project, SourceFile};
use role_core::render::{Format, render};
use role_core::syntax;

/// The sizes measured; `PIPELINE_SIZES=1000,2000,5000` measures others.
const SIZES: [usize; 2] = [1_000, 10_000];
const ROLES_PER_FILE: usize = 50;
const ROLES_PER_STACK: usize = 100;

/// `%` stands for the file's index, `@` for the role's: the text is full of DSL `{...}`.
const POLICY: &str = r#"
/// Read the shared configuration of group %.
#[policy(
    name = "read-config-%",
    allow("s3:GetObject", on = "arn:{partition}:s3:::{config_bucket}/group-%/*"),
    allow("kms:Decrypt", on = "arn:{partition}:kms:{region}:{account_id}:key/*",
          when(StringEquals("kms:ViaService", "s3.{region}.amazonaws.com"))),
)]
pub struct ReadConfig% {
    pub config_bucket: String,
}
"#;

const SHAPES: [&str; 5] = [
    r#"
/// Lets the Lambda function fn-@ write its logs to S3.
#[role(
    name = "log-writer-@",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:{partition}:s3:::{bucket}/fn-@/*"),
    managed = ["service-role/AWSLambdaBasicExecutionRole"],
    tags(team = "platform", "cost-center" = "42"),
)]
pub struct LogWriter@ {
    pub bucket: String,
}
"#,
    r#"
/// Lets the reporting hosts of fleet @ read their input data.
#[role(
    name = "ec2-reader-@",
    path = "/compute/",
    max_session = "2h",
    trust(service = "ec2.amazonaws.com"),
    allow(
        "s3:GetObject",
        "s3:ListBucket",
        on = ["arn:{partition}:s3:::{data_bucket}", "arn:{partition}:s3:::{data_bucket}/fleet-@/*"],
        when(Bool("aws:SecureTransport", true)),
        sid = "ReadData",
    ),
    allow(
        "ssm:GetParameter",
        "ssm:GetParametersByPath",
        on = "arn:{partition}:ssm:{region}:{account_id}:parameter/reporting/fleet-@/*",
    ),
    deny("s3:DeleteObject", "s3:DeleteBucket", on = "*", sid = "NeverDelete"),
)]
pub struct Ec2Reader@ {
    pub data_bucket: String,
}
"#,
    r#"
/// Read-only access for auditor @ of the security account.
#[role(
    name = "security-auditor-@",
    path = "/audit/",
    max_session = "12h",
    trust(account = "111122223333", external_id = "audit-@"),
    managed = ["SecurityAudit", "arn:{partition}:iam::aws:policy/job-function/ViewOnlyAccess"],
    deny(not_actions = ["iam:Get*", "iam:List*", "sts:GetCallerIdentity"], on = "*", when(StringLike("aws:RequestedRegion", "cn-*"))),
    instance_profile = false,
)]
pub struct Auditor@;
"#,
    r#"
/// Deploys site @ from GitHub Actions.
#[role(
    name = "github-deploy-@",
    max_session = "1h",
    trust(
        oidc = "token.actions.githubusercontent.com",
        when(
            StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
            StringLike("token.actions.githubusercontent.com:sub", "repo:{github_org}/site-@:ref:refs/heads/main"),
        ),
    ),
    allow(
        "s3:PutObject",
        "s3:DeleteObject",
        on = "arn:{partition}:s3:::{site_bucket}/site-@/*",
    ),
    allow("s3:ListBucket", on = "arn:{partition}:s3:::{site_bucket}"),
    allow(
        "cloudfront:CreateInvalidation",
        on = "arn:{partition}:cloudfront::{account_id}:distribution/*",
        when(StringEquals("aws:ResourceTag/site", "${aws:PrincipalTag/site}")),
    ),
)]
pub struct GithubDeploy@ {
    pub github_org: &'static str,
    pub site_bucket: &'static str,
}
"#,
    r#"
/// Runs report job @ in ECS and writes under the caller's own prefix.
#[role(
    name = "reporting-task-@",
    trust(service = "ecs-tasks.amazonaws.com", when(StringEquals("aws:SourceAccount", "{account_id}"))),
    policies(ReadConfig%),
    allow("s3:PutObject", on = "arn:{partition}:s3:::{reports_bucket}/job-@/${aws:PrincipalTag/team}/*"),
    allow(
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        on = "arn:{partition}:dynamodb:{region}:{account_id}:table/reports-@",
        when(ForAllValues::StringEquals("dynamodb:Attributes", "id", "status", "report_url")),
    ),
    boundary = "arn:{partition}:iam::{account_id}:policy/reporting-boundary",
)]
pub struct ReportingTask@ {
    pub reports_bucket: String,
}
"#,
];

/// `n` roles as source files of [`ROLES_PER_FILE`] roles each.
fn sources(n: usize) -> Vec<SourceFile> {
    (0..n.div_ceil(ROLES_PER_FILE))
        .map(|file| {
            let mut text = String::from("use role_dsl::{policy, role};\n");
            text.push_str(&POLICY.replace('%', &file.to_string()));
            for i in file * ROLES_PER_FILE..((file + 1) * ROLES_PER_FILE).min(n) {
                text.push_str(
                    &SHAPES[i % SHAPES.len()]
                        .replace('%', &file.to_string())
                        .replace('@', &i.to_string()),
                );
            }
            SourceFile {
                path: format!("src/roles_{file}.rs"),
                text,
            }
        })
        .collect()
}

fn sizes() -> Vec<usize> {
    match std::env::var("PIPELINE_SIZES") {
        Ok(list) => list
            .split(',')
            .map(|n| n.trim().parse().expect("PIPELINE_SIZES: numbers"))
            .collect(),
        Err(_) => SIZES.to_vec(),
    }
}

fn scan(files: &[SourceFile]) -> Bundle {
    Project::scan(files).bundle()
}

/// What `Project::scan` does file by file, without the checks across files: parse each file,
/// validate each declaration.
fn parse_and_validate(files: &[SourceFile]) -> Vec<Option<Checked>> {
    let mut findings = Findings::default();
    let mut checked = Vec::new();
    for file in files {
        for decl in syntax::scan_file(&file.text, &mut findings) {
            checked.push(check::decl(&decl, &mut findings));
        }
    }
    assert!(findings.0.is_empty());
    checked
}

/// One CloudFormation template per [`ROLES_PER_STACK`] roles, each with the policies its roles
/// attach; the total length of the templates.
fn cloudformation(bundle: &Bundle) -> usize {
    let env = Env::default();
    let by_ident: HashMap<&str, &Policy> = bundle
        .policies
        .iter()
        .map(|p| (p.ident.as_str(), p))
        .collect();
    bundle
        .roles
        .chunks(ROLES_PER_STACK)
        .map(|roles| {
            let attached: BTreeSet<&str> = roles
                .iter()
                .flat_map(|r| r.policies.iter().map(String::as_str))
                .collect();
            let policies = attached
                .into_iter()
                .map(|ident| by_ident[ident].clone())
                .collect();
            let stack = Bundle {
                roles: roles.to_vec(),
                policies,
            };
            render(&stack, Format::CloudFormation, &env)
                .expect("renders")
                .stdout
                .len()
        })
        .sum()
}

fn terraform(bundle: &Bundle) -> usize {
    render(bundle, Format::Terraform, &Env::default())
        .expect("renders")
        .stdout
        .len()
}

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    for n in sizes() {
        let files = sources(n);
        let project = Project::scan(&files);
        assert!(
            project.findings.is_empty(),
            "the generated roles are valid: {:?}",
            project.findings.first()
        );
        let bundle = project.bundle();
        assert_eq!(bundle.roles.len(), n);
        assert_eq!(bundle.policies.len(), files.len());

        group.throughput(Throughput::Elements(n as u64));
        if n >= 10_000 {
            // Each iteration takes long enough that one per sample is plenty.
            group
                .sampling_mode(SamplingMode::Flat)
                .measurement_time(Duration::from_secs(8));
        } else {
            group
                .sampling_mode(SamplingMode::Auto)
                .measurement_time(Duration::from_secs(3));
        }
        // The whole of `role-cli render`, less reading files and writing the output.
        group.bench_with_input(
            BenchmarkId::new("scan+cloudformation", n),
            &files,
            |b, files| b.iter(|| cloudformation(&scan(black_box(files)))),
        );
        group.bench_with_input(BenchmarkId::new("scan+terraform", n), &files, |b, files| {
            b.iter(|| terraform(&scan(black_box(files))))
        });
        // Where the time goes: parse + validate file by file; then `Project::scan` + `bundle()`,
        // which adds the checks across files (duplicates, attached policies) and the bundle;
        // then each render alone.
        group.bench_with_input(BenchmarkId::new("parse+validate", n), &files, |b, files| {
            b.iter(|| parse_and_validate(black_box(files)))
        });
        group.bench_with_input(BenchmarkId::new("scan", n), &files, |b, files| {
            b.iter(|| scan(black_box(files)))
        });
        group.bench_with_input(
            BenchmarkId::new("cloudformation", n),
            &bundle,
            |b, bundle| b.iter(|| cloudformation(black_box(bundle))),
        );
        group.bench_with_input(BenchmarkId::new("terraform", n), &bundle, |b, bundle| {
            b.iter(|| terraform(black_box(bundle)))
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);

//! The diff of two versions of a 10 KB policy, over every action of the catalogue: version two
//! has its statements reordered and split, one resource widened, one condition narrowed and a
//! Deny dropped. `diff` reads the catalogue's actions on each call; `diff_over` takes them read
//! once, as `role-cli diff` does for all roles; and with each action's resource types' ARN
//! formats, as `role-cli diff` reads them. Also the policy against itself reordered.

use criterion::{Criterion, criterion_group, criterion_main};
use role_eval::NamedPolicy;
use serde_json::{Value, json};

/// About 10 KB of statements over a dozen services, with wildcards, conditions and denies.
fn policy(version: u32) -> Value {
    let mut statements = Vec::new();
    let services = [
        ("s3", "arn:aws:s3:::bucket-{i}/*"),
        ("sqs", "arn:aws:sqs:eu-west-1:111122223333:queue-{i}"),
        (
            "dynamodb",
            "arn:aws:dynamodb:eu-west-1:111122223333:table/t-{i}",
        ),
        ("kms", "arn:aws:kms:eu-west-1:111122223333:key/k-{i}"),
        (
            "lambda",
            "arn:aws:lambda:eu-west-1:111122223333:function:f-{i}*",
        ),
        (
            "ssm",
            "arn:aws:ssm:eu-west-1:111122223333:parameter/app-{i}/*",
        ),
    ];
    for i in 0..8 {
        for (service, resource) in services {
            let resource = resource.replace("{i}", &i.to_string());
            let resource = if version == 2 && i == 3 && service == "s3" {
                "arn:aws:s3:::bucket-3*".to_string()
            } else {
                resource
            };
            let prefix = if version == 2 && i == 5 {
                "app/a*"
            } else {
                "app/*"
            };
            statements.push(json!({
                "Sid": format!("{service}{i}"),
                "Effect": "Allow",
                "Action": [format!("{service}:Get*"), format!("{service}:List*"), format!("{service}:Describe*")],
                "Resource": resource,
                "Condition": {"StringLike": {"aws:PrincipalTag/path": prefix}, "Bool": {"aws:SecureTransport": "true"}},
            }));
        }
    }
    statements.push(json!({"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}));
    if version == 1 {
        statements.push(json!({"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}}));
    }
    if version == 2 {
        statements.reverse();
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn bench(c: &mut Criterion) {
    let catalogue = role_core::catalogue::Catalogue::current().unwrap();
    let actions: Vec<String> = catalogue
        .services()
        .flat_map(|s| s.actions().map(|a| a.full_name()).collect::<Vec<_>>())
        .collect();
    let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
    let side = |v: u32| {
        vec![NamedPolicy {
            name: "p".into(),
            policy: policy(v),
        }]
    };
    let (one, two) = (side(1), side(2));
    let size = serde_json::to_string(&policy(1)).unwrap().len();
    let d = role_eval::diff::diff(&one, &two, &actions).unwrap();
    eprintln!(
        "policy of {size} bytes: {} findings ({} added)",
        d.findings.len(),
        d.added().count()
    );
    c.bench_function("diff two versions of a 10 KB policy", |b| {
        b.iter(|| role_eval::diff::diff(&one, &two, &actions).unwrap())
    });
    let mut reordered = policy(1);
    reordered["Statement"].as_array_mut().unwrap().reverse();
    let reordered = vec![NamedPolicy {
        name: "p".into(),
        policy: reordered,
    }];
    let read = role_eval::diff::Actions::new(&actions);
    c.bench_function(
        "diff_over (actions read once) two versions of a 10 KB policy",
        |b| b.iter(|| role_eval::diff::diff_over(&one, &two, &read).unwrap()),
    );
    c.bench_function("diff_over a 10 KB policy against itself reordered", |b| {
        b.iter(|| role_eval::diff::diff_over(&one, &reordered, &read).unwrap())
    });
    c.bench_function("Actions::new over the catalogue", |b| {
        b.iter(|| role_eval::diff::Actions::new(&actions))
    });
    // As `role-cli diff` reads them: each action with its resource types' ARN formats.
    let typed = || catalogue.diff_actions();
    let read = typed();
    let d = role_eval::diff::diff_over(&one, &two, &read).unwrap();
    eprintln!(
        "by resource type: {} findings ({} added)",
        d.findings.len(),
        d.added().count()
    );
    c.bench_function(
        "diff_over by resource type, two versions of a 10 KB policy",
        |b| b.iter(|| role_eval::diff::diff_over(&one, &two, &read).unwrap()),
    );
    c.bench_function(
        "diff_over by resource type, a 10 KB policy against itself reordered",
        |b| b.iter(|| role_eval::diff::diff_over(&one, &reordered, &read).unwrap()),
    );
    c.bench_function("Actions with resource formats over the catalogue", |b| {
        b.iter(typed)
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

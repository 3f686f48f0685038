//! What the catalogue costs: loading it (the proc macro pays that on its first invocation in a
//! build process), and one role's checks with the catalogue loaded and without it (what every
//! invocation after the first pays for the catalogue rules).
//! `cargo bench -p role-core --bench catalogue` (optimized), and
//! `cargo bench -p role-core --bench catalogue --profile dev` (as cargo builds proc macros).

use criterion::{Criterion, criterion_group, criterion_main};
use role_core::catalogue::Catalogue;
use role_core::check;
use role_core::diag::Findings;
use role_core::syntax;

const TEXT: &str = include_str!("../data/catalogue.txt");

fn load(c: &mut Criterion) {
    c.bench_function("load the embedded catalogue", |b| {
        b.iter(Catalogue::load_embedded_uncached)
    });
    c.bench_function("load it, then read 8 common services", |b| {
        b.iter(|| {
            let catalogue = Catalogue::load_embedded_uncached();
            for prefix in [
                "s3", "logs", "lambda", "sts", "iam", "kms", "dynamodb", "ec2",
            ] {
                assert!(
                    catalogue
                        .service(prefix)
                        .and_then(|s| s.actions().next())
                        .is_some()
                );
            }
        })
    });
    c.bench_function("parse all of it, as a user-given file", |b| {
        b.iter(|| Catalogue::parse(std::hint::black_box(TEXT)).expect("parses"))
    });
}

/// A role of the EC2 example's shape: actions, ARNs, a condition key, a service principal.
const ROLE: &str = r#"
#[role(
    trust(service = "ec2.amazonaws.com"),
    allow("s3:GetObject", "s3:ListBucket",
          on = ["arn:{partition}:s3:::{bucket}", "arn:{partition}:s3:::{bucket}/*"],
          when(Bool("aws:SecureTransport", true))),
    allow("ssm:GetParameter", on = "arn:{partition}:ssm:{region}:{account_id}:parameter/app/*"),
    deny("s3:DeleteObject", on = "*"),
    managed = ["service-role/AmazonEC2RoleforSSM"],
)]
pub struct Reader { pub bucket: String }
"#;

fn check_one_role(c: &mut Criterion) {
    let decls = syntax::scan_file(ROLE, &mut Findings::default());
    let decl = &decls[0];
    assert!(
        check::decl(decl, &mut Findings::default()).is_some(),
        "the role is valid"
    );
    c.bench_function("check one role, catalogue loaded", |b| {
        b.iter(|| check::decl(std::hint::black_box(decl), &mut Findings::default()))
    });

    c.bench_function("parse one role", |b| {
        b.iter(|| syntax::scan_file(std::hint::black_box(ROLE), &mut Findings::default()))
    });
}

criterion_group!(benches, load, check_one_role);
criterion_main!(benches);

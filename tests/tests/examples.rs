//! Every example, rendered in every format: snapshots of the output, the same bytes on every
//! run, and the three formats describing the same documents.

use std::path::{Path, PathBuf};

use role_core::Env;
use role_core::model::Bundle;
use role_core::project::{Project, SourceFile};
use role_core::render::equivalence::assert_equivalent;
use role_core::render::{Format, render};

fn examples() -> Vec<(String, Bundle)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/src");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/src exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "rs") && p.file_name().is_some_and(|n| n != "lib.rs")
        })
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "the examples are there");
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable example");
            let project = Project::scan(&[SourceFile {
                path: path.display().to_string(),
                text,
            }]);
            assert!(
                !project.has_errors(),
                "{} has errors: {:?}",
                path.display(),
                project.findings
            );
            (
                path.file_stem()
                    .expect("a name")
                    .to_string_lossy()
                    .into_owned(),
                project.bundle(),
            )
        })
        .collect()
}

fn env_for(bundle: &Bundle) -> Env {
    Env {
        partition: "aws".into(),
        account_id: Some("123456789012".into()),
        region: Some("eu-west-1".into()),
        values: bundle
            .params()
            .into_iter()
            .map(|p| (p.clone(), format!("example-{}", p.replace('_', "-"))))
            .collect(),
    }
}

#[test]
fn every_format_of_every_example() {
    for (name, bundle) in examples() {
        let env = env_for(&bundle);
        for format in Format::ALL {
            let rendered = render(&bundle, format, &env).expect("renders");
            insta::assert_snapshot!(format!("{name}.{}", format.as_str()), rendered.stdout);
        }
    }
}

#[test]
fn output_is_the_same_bytes_every_time() {
    for (_, bundle) in examples() {
        let env = env_for(&bundle);
        for format in Format::ALL {
            let first = render(&bundle, format, &env).expect("renders");
            let again = render(&bundle.clone(), format, &env.clone()).expect("renders");
            assert_eq!(first, again);
        }
    }
}

#[test]
fn formats_describe_the_same_documents() {
    for (_, bundle) in examples() {
        assert_equivalent(&bundle, &env_for(&bundle));
    }
    let all: Vec<Bundle> = examples().into_iter().map(|(_, b)| b).collect();
    let merged = Bundle {
        roles: all.iter().flat_map(|b| b.roles.clone()).collect(),
        policies: all.iter().flat_map(|b| b.policies.clone()).collect(),
    };
    assert_equivalent(&merged, &env_for(&merged));
}

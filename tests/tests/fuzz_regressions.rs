//! Every crash the fuzzers found, minimised and checked in under `fuzz/regressions/TARGET/`,
//! replayed through the same entry points as the fuzz target that found it
//! (`role_fuzz::targets`). A defect not yet fixed is `#[ignore]`d with its name (FUZZ-n, as in
//! fuzz/README.md); un-ignore it with the fix.

use std::path::PathBuf;

use role_fuzz::targets;

fn regression(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions")
        .join(path)
}

/// A generated case as kept: `NAME.rs` and `NAME.env.json`.
fn case(name: &str) -> (String, role_model::Env) {
    let source = std::fs::read_to_string(regression(&format!("{name}.rs"))).expect("source");
    let env = std::fs::read_to_string(regression(&format!("{name}.env.json"))).expect("env");
    (source, targets::env_from_json(&env))
}

/// A raw input, through the target named by its folder.
fn replay_raw(path: &str) {
    let target = path.split('/').next().expect("TARGET/NAME");
    let run = targets::by_name(target).expect("a target");
    run(&std::fs::read(regression(path)).expect("input"));
}

/// Every raw input checked in (`TARGET/NAME.input`) goes through its target without a panic,
/// but those of defects not fixed yet, which have ignored tests of their own below.
#[test]
fn every_raw_crash_input_replays_cleanly() {
    for target in ["source", "attr", "json"] {
        let Ok(entries) = std::fs::read_dir(regression(target)) else {
            continue;
        };
        for entry in entries {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            let path = format!("{target}/{name}");
            if name.ends_with(".input") && !KNOWN_RAW.contains(&path.as_str()) {
                replay_raw(&path);
            }
        }
    }
}

/// Raw inputs of defects not fixed yet. A stack overflow aborts the whole test binary, so these
/// must not run with the others until their defect is fixed.
const KNOWN_RAW: &[&str] = &[
    "source/deep_parens.input",
    "source/deep_blocks.input",
    "attr/deep_meta.input",
];

#[test]
fn fuzz_1_equivalence_finds_a_role_whose_identifier_has_an_underscore() {
    let (source, env) = case("equivalence/underscore_ident");
    assert!(targets::equivalence_of_source(&source, &env));
}

#[test]
fn fuzz_2_role_names_that_differ_in_case_are_a_finding() {
    let source =
        std::fs::read_to_string(regression("source/role_names_differ_in_case.rs")).expect("source");
    let project = targets::scan_case(&source);
    assert!(
        project.has_errors(),
        "`role-cli check` passes what every renderer refuses"
    );
}

#[test]
fn fuzz_3_the_yaml_template_escapes_control_characters() {
    // The fuzz targets pass over this defect (targets::has_known_yaml_defect); this test does not.
    let (source, _) = case("dsl/yaml_del");
    targets::yaml_means_the_json(&targets::scan_case(&source).bundle());
}

#[test]
fn fuzz_3_the_yaml_template_keeps_a_next_line_character() {
    let (source, env) = case("equivalence/yaml_nel");
    assert!(targets::equivalence_of_source(&source, &env));
}

#[test]
fn fuzz_4_equivalence_keeps_each_roles_attachments_apart() {
    let (source, env) = case("equivalence/attachment_prefix");
    assert!(targets::equivalence_of_source(&source, &env));
}

#[test]
fn fuzz_5_deeply_nested_parentheses_in_a_file() {
    // Not through `targets::source`, which passes over this defect until it is fixed.
    targets::read_source(&std::fs::read_to_string(regression("source/deep_parens.input")).unwrap());
}

#[test]
fn fuzz_5_deeply_nested_blocks_in_a_file() {
    targets::read_source(&std::fs::read_to_string(regression("source/deep_blocks.input")).unwrap());
}

#[test]
fn fuzz_6_deeply_nested_attribute_arguments() {
    targets::read_attr(&std::fs::read(regression("attr/deep_meta.input")).unwrap());
}

#[test]
fn fuzz_7_the_yaml_template_holds_a_long_condition_key() {
    let source = std::fs::read_to_string(regression("source/yaml_long_key.rs")).expect("source");
    targets::yaml_means_the_json(&targets::scan_case(&source).bundle());
}

#[test]
fn fuzz_8_a_declaration_with_a_parse_error_is_not_in_the_bundle() {
    let source =
        std::fs::read_to_string(regression("source/parse_error_in_bundle.rs")).expect("source");
    let project = targets::scan_case(&source);
    assert!(project.has_errors());
    assert!(
        project.bundle().roles.is_empty(),
        "a role with an error is in the bundle"
    );
}

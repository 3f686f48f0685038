//! The fuzz targets, as plain functions of a byte string: the libFuzzer binaries call them, and
//! the regression tests replay checked-in inputs through exactly the same code. Each one panics
//! when an invariant breaks (a panic in the engine is itself a broken invariant).

use std::str::FromStr;

use proc_macro2::TokenStream;
use role_core::check;
use role_core::diag::Findings;
use role_core::project::{Project, SourceFile};
use role_core::syntax::{self, DeclKind};
use role_model::render::{self, Format, Rendered};
use role_model::{Bundle, Env};

use crate::choices::Choices;
use crate::dsl::{self, Flavour};

/// A fuzz target: one input, checked; a panic is a failure.
pub type Target = fn(&[u8]);

/// The targets by name, as `fuzz/run` and the regression tests name them.
pub const ALL: &[(&str, Target)] = &[
    ("source", source),
    ("attr", attr),
    ("json", json),
    ("import", import),
    ("dsl", dsl),
    ("equivalence", equivalence),
    ("evaluate", evaluate),
];

/// The target called `name`.
pub fn by_name(name: &str) -> Option<Target> {
    ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// proc-macro2 keeps the text of every string it has parsed, in a map per thread, and its
/// offsets are `u32`: a long fuzzing run would grow it without end and overflow. No span of an
/// earlier input is alive when the next one starts.
fn fresh_spans() {
    proc_macro2::extra::invalidate_current_thread_spans();
}

/// Arbitrary Rust text through the CLI's reading: `role-cli check FILE.rs` and, for what is
/// valid, `role-cli render` in every format.
pub fn source(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    read_source(&text);
}

/// What `source` does with its text, without passing over the known defects.
pub fn read_source(text: &str) {
    fresh_spans();
    let files = [SourceFile {
        path: "fuzz.rs".into(),
        text: text.to_owned(),
    }];
    let project = Project::scan(&files);
    role_core::lint::project(&files, &project);
    renders_are_stable(&project.bundle(), &full_env());
}

/// The tokens of a `#[role(...)]` or `#[policy(...)]` attribute, as a macro receives them. The
/// first byte chooses the attribute and the item it stands on.
pub fn attr(data: &[u8]) {
    read_attr(data);
}

/// What `attr` does with its input.
pub fn read_attr(data: &[u8]) {
    fresh_spans();
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let kind = if first & 1 == 0 {
        DeclKind::Role
    } else {
        DeclKind::Policy
    };
    let items = [
        "pub struct Target;",
        "pub struct Target { pub bucket: String, pub team: &'static str }",
        "pub struct Target(String);",
        "enum Target {}",
        "pub struct Target<T> { t: T }",
    ];
    let item: syn::Item =
        syn::parse_str(items[usize::from(first >> 1) % items.len()]).expect("a fixed item");
    let Ok(tokens) = TokenStream::from_str(&String::from_utf8_lossy(rest)) else {
        return;
    };
    let mut findings = Findings::default();
    if let Some(decl) = syntax::parse_decl(kind, tokens, &item, &mut findings) {
        check::decl(&decl, &mut findings);
    }
}

/// A raw IAM policy document, as `role-cli check policy.json` and `role-cli lint policy.json`
/// read it.
pub fn json(data: &[u8]) {
    fresh_spans();
    let text = String::from_utf8_lossy(data);
    let files = [SourceFile {
        path: "policy.json".into(),
        text: text.into_owned(),
    }];
    let project = Project::scan(&files);
    role_core::lint::project(&files, &project);
}

/// Arbitrary text through `role-cli import`, read as IAM JSON (or a template or configuration in
/// JSON), as YAML and as HCL: the import never panics, and the source it writes is always Rust
/// that parses, whatever the input's strings hold.
pub fn import(data: &[u8]) {
    fresh_spans();
    let text = String::from_utf8_lossy(data);
    for path in ["fuzz.json", "fuzz.yaml", "fuzz.tf"] {
        let input = role_core::import::Input::new(path, text.as_ref());
        let Ok(imported) = role_core::import::import(std::slice::from_ref(&input)) else {
            continue;
        };
        for done in imported {
            let source = done.source();
            let project = Project::scan(&[SourceFile {
                path: "imported.rs".into(),
                text: source.clone(),
            }]);
            let unparsed = project
                .findings
                .iter()
                .find(|f| f.finding.code == role_core::diag::Code::SourceError);
            if let Some(found) = unparsed {
                panic!(
                    "the import of {path} wrote source that does not parse: {}\n{source}",
                    found.finding.message
                );
            }
        }
    }
}

/// Generated DSL source (valid, or bent now and then) with a generated `Env`: through the
/// parser and the validator, and every renderer twice.
pub fn dsl(data: &[u8]) {
    fresh_spans();
    let case = dsl::case(&mut Choices::new(data), Flavour::Mixed);
    renders_of_source(&case.source, &case.env);
}

/// What `dsl` checks of one source file: every renderer twice, on what is valid in it.
pub fn renders_of_source(source: &str, env: &Env) {
    renders_are_stable(&scan_case(source).bundle(), env);
}

/// Generated valid declarations: every format means the documents `--format iam` prints.
pub fn equivalence(data: &[u8]) {
    fresh_spans();
    let case = dsl::case(&mut Choices::new(data), Flavour::Valid);
    equivalence_of_source(&case.source, &case.env);
}

/// What `equivalence` checks of one source file, when it has no error and every format renders
/// it: every format means the documents of `--format iam`, and the YAML template reads back as
/// the JSON one. Returns whether the formats were compared. A format may refuse a valid bundle
/// with a clear error (Terraform cannot write `&{`): that is no crash, and `dsl` covers it.
pub fn equivalence_of_source(source: &str, env: &Env) -> bool {
    let project = scan_case(source);
    if project.has_errors() {
        return false;
    }
    let bundle = project.bundle();
    if Format::ALL
        .into_iter()
        .any(|format| render::render(&bundle, format, env).is_err())
    {
        return false;
    }
    render::equivalence::assert_equivalent(&bundle, env);
    yaml_means_the_json(&bundle);
    true
}

/// An `Env` as the regression files keep it: `{"partition": ..., "account_id": ...,
/// "region": ..., "values": {...}}`, every key optional.
pub fn env_from_json(text: &str) -> Env {
    let value: serde_json::Value = serde_json::from_str(text).expect("an Env as JSON");
    let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    Env {
        partition: text("partition").unwrap_or_else(|| "aws".into()),
        account_id: text("account_id"),
        region: text("region"),
        values: value
            .get("values")
            .and_then(|v| v.as_object())
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
            .collect(),
        lists: value
            .get("lists")
            .and_then(|v| v.as_object())
            .into_iter()
            .flatten()
            .map(|(k, v)| {
                let items = v.as_array().into_iter().flatten();
                (
                    k.clone(),
                    items
                        .filter_map(|i| i.as_str().map(str::to_owned))
                        .collect(),
                )
            })
            .collect(),
    }
}

/// The inverse of [`env_from_json`], for `examples/show.rs` to write a regression's files.
pub fn env_to_json(env: &Env) -> String {
    let value = serde_json::json!({
        "partition": env.partition,
        "account_id": env.account_id,
        "region": env.region,
        "values": env.values,
        "lists": env.lists,
    });
    serde_json::to_string_pretty(&value).expect("JSON")
}

/// The project one generated source file gives.
pub fn scan_case(source: &str) -> Project {
    Project::scan(&[SourceFile {
        path: "generated.rs".into(),
        text: source.to_owned(),
    }])
}

/// An `Env` with every pseudo-parameter given.
pub fn full_env() -> Env {
    Env {
        partition: "aws".into(),
        account_id: Some("123456789012".into()),
        region: Some("us-east-1".into()),
        ..Env::default()
    }
}

/// Every format, rendered twice, gives the same bytes; and what it prints is JSON (or YAML).
pub fn renders_are_stable(bundle: &Bundle, env: &Env) {
    for format in Format::ALL {
        let first = render::render(bundle, format, env);
        let again = render::render(bundle, format, env);
        assert_eq!(first, again, "{format} renders differ between two runs");
        if let Ok(rendered) = first {
            parses(format, &rendered);
        }
    }
}

fn parses(format: Format, rendered: &Rendered) {
    match format {
        Format::CloudFormationYaml => {
            if let Err(err) = yaml_serde::from_str::<serde_json::Value>(&rendered.stdout) {
                panic!("{format} output is not YAML: {err}\n{}", rendered.stdout);
            }
        }
        _ => {
            if let Err(err) = serde_json::from_str::<serde_json::Value>(&rendered.stdout) {
                panic!("{format} output is not JSON: {err}\n{}", rendered.stdout);
            }
        }
    }
}

/// The YAML template, read back, is the JSON template: same strings, same types.
pub fn yaml_means_the_json(bundle: &Bundle) {
    let env = Env::default();
    let (Ok(json), Ok(yaml)) = (
        render::render(bundle, Format::CloudFormation, &env),
        render::render(bundle, Format::CloudFormationYaml, &env),
    ) else {
        return;
    };
    let json: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON template");
    let yaml: serde_json::Value = yaml_serde::from_str(&yaml.stdout).expect("YAML template");
    assert_eq!(yaml, json, "the YAML template reads back as another value");
}

/// Arbitrary bytes as JSON through the evaluator: as a whole `Simulation`, and as one policy
/// document in every place a policy goes (identity, boundary, session, SCP, RCP, resource) for a
/// few requests. No panic; the same answer twice; `Compiled::outcome` says what `decide` says;
/// a document compared with itself by `diff` grants nothing new.
pub fn evaluate(data: &[u8]) {
    use role_eval::{Compiled, NamedPolicy, OrgPolicies, Simulation};
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let mut simulations = Vec::new();
    if let Ok(simulation) = serde_json::from_value::<Simulation>(value.clone()) {
        simulations.push(simulation);
    }
    let named = || {
        vec![NamedPolicy {
            name: "fuzz".into(),
            policy: value.clone(),
        }]
    };
    let requests = [
        (
            "arn:aws:iam::111122223333:role/r",
            "s3:GetObject",
            "arn:aws:s3:::b/k",
        ),
        (
            "arn:aws:sts::111122223333:assumed-role/r/s",
            "sts:AssumeRole",
            "arn:aws:iam::111122223333:role/t",
        ),
        (
            "lambda.amazonaws.com",
            "sqs:SendMessage",
            "arn:aws:sqs:us-east-1:444455556666:q",
        ),
    ];
    for (principal, action, resource) in requests {
        let mut simulation = Simulation::default();
        simulation.request.principal = principal.into();
        simulation.request.action = action.into();
        simulation.request.resource.resource = resource.into();
        simulation.request.resource.account_id = "111122223333".into();
        simulation.identity_policies = named();
        simulation.permission_boundary_policies = Some(named());
        simulation.session_policy = Some(value.clone());
        simulation.service_control_policies = vec![OrgPolicies {
            org_identifier: "r-root".into(),
            policies: named(),
        }];
        simulation.resource_control_policies = vec![OrgPolicies {
            org_identifier: "r-root".into(),
            policies: named(),
        }];
        simulation.resource_policy = Some(value.clone());
        simulations.push(simulation);
    }
    for simulation in &simulations {
        let Ok(compiled) = Compiled::new(simulation) else {
            continue;
        };
        let first = compiled.decide(&simulation.request);
        assert_eq!(
            first,
            compiled.decide(&simulation.request),
            "the same answer twice"
        );
        if let Ok(decision) = &first {
            let outcome = compiled.outcome(&simulation.request).expect("decided once");
            assert_eq!(outcome, decision.decision, "outcome and decide agree");
        }
    }
    let policies = named();
    if let Ok(diff) = role_eval::diff::diff(&policies, &policies, &["s3:GetObject", "iam:PassRole"])
    {
        assert_eq!(
            diff.added().count(),
            0,
            "a policy grants nothing new over itself"
        );
    }
}

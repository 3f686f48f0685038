//! The real-world suite: roles and managed policies of widely used public projects, written in
//! the DSL as their users would write them (`tests/realworld/src`), rendered with `--format iam`
//! and compared statement by statement with the documents the projects publish
//! (`tests/realworld/originals`); and every original read by `role-cli check` as raw IAM JSON.
//!
//! The DSL files are read with `Project::scan`, as `role-cli render` reads them, so that a case
//! that needs a feature still being built fails here, by name, instead of breaking the build.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use role_core::Env;
use role_core::diag::{Finding, Severity};
use role_core::model::Bundle;
use role_core::project::{Project, SourceFile};
use role_core::render::{Format, render};
use role_core::syntax::DeclKind;
use serde_json::Value;

mod support;

use support::meaning::{compare, scalar};

/// Cases written with DSL features that have not landed yet, or held back by a false positive of
/// ours: (module, struct, what they need). Each must fail; one that passes fails the test, so
/// that this list only shrinks. Empty: every case renders what its project publishes.
#[rustfmt::skip]
const NOT_YET: &[(&str, &str, &[&str])] = &[];

/// Findings of `role-cli check` on the raw originals that the projects' authors would call
/// wrong, false positives of ours to fix: (module/file, code, why the original is right).
const FALSE_POSITIVES: &[(&str, &str, &str)] = &[];

#[test]
fn the_dsl_renders_what_the_projects_publish() {
    let modules = modules();
    for (module, ident, _) in NOT_YET {
        assert!(
            modules
                .iter()
                .any(|m| m.name == *module && m.cases.iter().any(|c| c.ident == *ident)),
            "NOT_YET names {module}::{ident}, which is no case"
        );
    }
    let mut unexpected = Vec::new();
    let mut now_passing = Vec::new();
    for module in &modules {
        let project = Project::scan(std::slice::from_ref(&module.source));
        for case in &module.cases {
            let outcome = case.run(module, &project);
            let waiver = NOT_YET
                .iter()
                .find(|(m, i, _)| *m == module.name && *i == case.ident);
            match (outcome, waiver) {
                (Ok(()), None) => {}
                (Ok(()), Some((_, _, needs))) => now_passing.push(format!(
                    "{}::{} passes now: remove it from NOT_YET (it needed {})",
                    module.name,
                    case.ident,
                    needs.join("; ")
                )),
                (Err(why), Some((_, _, needs))) => eprintln!(
                    "expected failure, {}::{} needs {}:\n{why}\n",
                    module.name,
                    case.ident,
                    needs.join("; ")
                ),
                (Err(why), None) => {
                    unexpected.push(format!("{}::{}:\n{why}", module.name, case.ident))
                }
            }
        }
    }
    assert!(
        unexpected.is_empty() && now_passing.is_empty(),
        "\n{}\n",
        unexpected
            .iter()
            .chain(&now_passing)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    let cases: usize = modules.iter().map(|m| m.cases.len()).sum();
    assert!(
        cases >= 20,
        "the suite holds {cases} cases; it needs at least 20"
    );
}

#[test]
fn check_accepts_every_original_document() {
    let mut unexpected = Vec::new();
    let mut seen = BTreeSet::new();
    for module in modules() {
        for (file, document) in module.documents() {
            let path = format!("{}/{file}", module.name);
            let text = serde_json::to_string_pretty(&module.substitute(&document))
                .expect("a JSON value prints");
            let project = Project::scan(&[SourceFile {
                path: path.clone(),
                text,
            }]);
            assert_eq!(project.documents, 1, "{path} is read as a policy document");
            for found in project.findings {
                let finding = found.finding;
                if finding.severity != Severity::Error {
                    continue;
                }
                let code = finding.code.code();
                match FALSE_POSITIVES
                    .iter()
                    .find(|(p, c, _)| *p == path && *c == code)
                {
                    Some(known) => {
                        seen.insert(*known);
                    }
                    None => unexpected.push(format!("{path}: {}", describe(&finding))),
                }
            }
        }
    }
    let stale: Vec<_> = FALSE_POSITIVES
        .iter()
        .filter(|known| !seen.contains(*known))
        .map(|(path, code, _)| {
            format!("{path} no longer gets {code}: remove it from FALSE_POSITIVES")
        })
        .collect();
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "errors on documents the projects publish:\n{}",
        unexpected
            .iter()
            .chain(&stale)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_comparison_is_by_meaning_and_sees_every_difference() {
    let original = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"},
        {"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole",
         "Condition": {"Bool": {"aws:SecureTransport": false}}}
    ]});
    let same = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole",
         "Principal": {"AWS": ["arn:aws:iam::123456789012:root"]},
         "Condition": {"Bool": {"aws:SecureTransport": ["false"]}}},
        {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["*"]}
    ]});
    let mut diffs = Vec::new();
    compare("same", &original, Some(&same), "aws", &mut diffs);
    assert!(diffs.is_empty(), "{diffs:?}");
    let mut other = same.clone();
    other["Statement"][1]["Action"] = serde_json::json!("s3:GetObject");
    other["Statement"][0]["Sid"] = serde_json::json!("Trust");
    compare("other", &original, Some(&other), "aws", &mut diffs);
    assert_eq!(diffs.len(), 1);
    assert_eq!(
        diffs[0].matches("only in the original").count(),
        2,
        "{}",
        diffs[0]
    );
    assert_eq!(
        diffs[0].matches("only in the DSL").count(),
        2,
        "{}",
        diffs[0]
    );
}

/// `tests/realworld`.
fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("realworld")
}

/// One DSL file with the originals it ports.
struct Module {
    name: String,
    dir: PathBuf,
    source: SourceFile,
    values: Value,
    /// The originals' placeholders, longest first so that none is replaced inside another.
    tokens: Vec<(String, Value)>,
    cases: Vec<Case>,
}

/// One `#[role]` or `#[policy]` and the documents it must render.
struct Case {
    ident: String,
    kind: DeclKind,
    /// The RoleName or ManagedPolicyName, as the original writes it.
    name: String,
    /// The managed policy ARNs the original attaches, when it says (tokens unresolved).
    managed: Option<Value>,
    /// `trust`, `policy` (the inline one) or `document` (a managed policy), by file name.
    documents: Vec<(&'static str, String)>,
}

/// Every module of `tests/realworld/originals`, each with its DSL file.
fn modules() -> Vec<Module> {
    let originals = suite_dir().join("originals");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&originals)
        .expect("tests/realworld/originals exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let sources: BTreeSet<String> = std::fs::read_dir(suite_dir().join("src"))
        .expect("tests/realworld/src exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| Some(p.file_stem()?.to_string_lossy().into_owned()))
        .filter(|stem| stem != "lib")
        .collect();
    let modules: Vec<Module> = dirs.into_iter().map(Module::load).collect();
    let ported: BTreeSet<String> = modules.iter().map(|m| m.name.clone()).collect();
    assert_eq!(
        sources, ported,
        "each DSL module has its originals, and each originals folder its module"
    );
    modules
}

impl Module {
    fn load(dir: PathBuf) -> Module {
        let name = dir
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let path = suite_dir().join("src").join(format!("{name}.rs"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let values = read_json(&dir.join("values.json"));
        let mut tokens: Vec<(String, Value)> = values["tokens"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        tokens.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let cases = values["cases"]
            .as_object()
            .unwrap_or_else(|| panic!("{name}/values.json lists its cases"))
            .iter()
            .map(|(ident, case)| Case::load(&dir, ident, case))
            .collect::<Vec<_>>();
        let mut expected: BTreeSet<String> = cases
            .iter()
            .flat_map(|c| c.documents.iter().map(|(_, f)| f.clone()))
            .collect();
        expected.insert("values.json".into());
        let present: BTreeSet<String> = std::fs::read_dir(&dir)
            .expect("readable folder")
            .map(|e| {
                e.expect("readable entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|f| f.ends_with(".json"))
            .collect();
        assert_eq!(
            present, expected,
            "{name}: every original belongs to a case of values.json"
        );
        assert!(
            dir.join("ORIGIN").is_file(),
            "{name}/ORIGIN names where the originals come from"
        );
        Module {
            source: SourceFile {
                path: format!("tests/realworld/src/{name}.rs"),
                text,
            },
            name,
            dir,
            values,
            tokens,
            cases,
        }
    }

    /// Every original document: (file name, the document as the project writes it).
    fn documents(&self) -> Vec<(String, Value)> {
        self.cases
            .iter()
            .flat_map(|c| c.documents.iter())
            .map(|(_, file)| (file.clone(), read_json(&self.dir.join(file))))
            .collect()
    }

    /// The values the DSL's placeholders take: the same place and parameters as the tokens.
    fn env(&self) -> Env {
        let text = |key: &str| {
            self.values[key]
                .as_str()
                .unwrap_or_else(|| panic!("{}/values.json gives `{key}`", self.name))
                .to_owned()
        };
        let fields = self.values["fields"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let (lists, values): (Vec<_>, Vec<_>) = fields.iter().partition(|(_, v)| v.is_array());
        Env {
            partition: text("partition"),
            account_id: Some(text("account_id")),
            region: Some(text("region")),
            values: values
                .into_iter()
                .map(|(name, value)| (name.clone(), scalar(value)))
                .collect(),
            lists: lists
                .into_iter()
                .map(|(name, value)| {
                    let items = value.as_array().into_iter().flatten().map(scalar);
                    (name.clone(), items.collect())
                })
                .collect(),
        }
    }

    /// `value` with every token of the original replaced by its value. A list token standing
    /// alone as a string is spliced in as the list's elements.
    fn substitute(&self, value: &Value) -> Value {
        match value {
            Value::String(text) => self
                .list_token(text)
                .map(|items| Value::Array(items.clone()))
                .unwrap_or_else(|| Value::String(self.substitute_text(text))),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .flat_map(
                        |item| match item.as_str().and_then(|t| self.list_token(t)) {
                            Some(list) => list.clone(),
                            None => vec![self.substitute(item)],
                        },
                    )
                    .collect(),
            ),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (self.substitute_text(k), self.substitute(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn list_token(&self, text: &str) -> Option<&Vec<Value>> {
        self.tokens
            .iter()
            .find(|(token, _)| token == text)
            .and_then(|(_, value)| value.as_array())
    }

    fn substitute_text(&self, text: &str) -> String {
        self.tokens
            .iter()
            .filter_map(|(token, value)| Some((token, value.as_str()?)))
            .fold(text.to_owned(), |text, (token, value)| {
                text.replace(token.as_str(), value)
            })
    }
}

impl Case {
    fn load(dir: &Path, ident: &str, case: &Value) -> Case {
        let exists = |file: &str| dir.join(file).is_file();
        let trust = format!("{ident}.trust.json");
        let inline = format!("{ident}.policy.json");
        let managed_doc = format!("{ident}.json");
        let (kind, documents) = if exists(&trust) {
            let mut documents = vec![("trust", trust)];
            if exists(&inline) {
                documents.push(("policy", inline));
            }
            (DeclKind::Role, documents)
        } else if exists(&managed_doc) {
            (DeclKind::Policy, vec![("document", managed_doc)])
        } else {
            panic!("{}: no {trust} nor {managed_doc}", dir.display())
        };
        Case {
            ident: ident.to_owned(),
            kind,
            name: case["name"]
                .as_str()
                .unwrap_or_else(|| panic!("{ident} has a name in values.json"))
                .to_owned(),
            managed: case.get("managed").cloned(),
            documents,
        }
    }

    /// Renders the case's declaration and compares it with the originals.
    fn run(&self, module: &Module, project: &Project) -> Result<(), String> {
        let bundle = self.bundle(module, project)?;
        let rendered = render(&bundle, Format::Iam, &module.env())
            .map_err(|e| format!("`render --format iam` fails: {e}"))?;
        let out: Value = serde_json::from_str(&rendered.stdout).expect("the render is JSON");
        let name = module.substitute_text(&self.name);
        let group = if self.kind == DeclKind::Role {
            "roles"
        } else {
            "policies"
        };
        let entry = out[group].get(&name).ok_or_else(|| {
            let names: Vec<&String> = out[group]
                .as_object()
                .into_iter()
                .flat_map(|m| m.keys())
                .collect();
            format!("no {group} entry named `{name}`; rendered: {names:?}")
        })?;
        let partition = module.values["partition"].as_str().unwrap_or("aws");
        let mut diffs = Vec::new();
        for (what, file) in &self.documents {
            let original = module.substitute(&read_json(&module.dir.join(file)));
            let key = if *what == "document" { "policy" } else { what };
            compare(
                &format!("{what} ({file})"),
                &original,
                entry.get(key),
                partition,
                &mut diffs,
            );
        }
        if self.kind == DeclKind::Role
            && !self.documents.iter().any(|(what, _)| *what == "policy")
            && entry.get("policy").is_some()
        {
            diffs.push("the DSL renders an inline policy that the original does not have".into());
        }
        if let Some(expected) = &self.managed {
            let expected: BTreeSet<String> = module
                .substitute(expected)
                .as_array()
                .map(|arns| arns.iter().map(scalar).collect())
                .unwrap_or_default();
            let got: BTreeSet<String> = entry["managed_policy_arns"]
                .as_array()
                .map(|arns| arns.iter().map(scalar).collect())
                .unwrap_or_default();
            if expected != got {
                diffs.push(format!(
                    "managed policies differ:\n  original: {expected:?}\n  DSL:      {got:?}"
                ));
            }
        }
        if diffs.is_empty() {
            Ok(())
        } else {
            Err(diffs.join("\n"))
        }
    }

    /// The case's declaration and the `#[policy]`s it attaches, when all of them check.
    fn bundle(&self, module: &Module, project: &Project) -> Result<Bundle, String> {
        let source = &module.source.text;
        let found = project
            .found
            .iter()
            .find(|f| f.decl.ident == self.ident)
            .ok_or_else(|| {
                format!(
                    "no #[role]/#[policy] `{}` was read:\n{}",
                    self.ident,
                    findings_of(project, source, &self.ident)
                )
            })?;
        // A declaration with a mistake the parser found still gets a model; its findings say.
        let errors = own_findings(project, source, &self.ident)
            .iter()
            .any(|f| f.severity == Severity::Error);
        if found.checked.is_none() || errors {
            return Err(format!(
                "`{}` does not check:\n{}",
                self.ident,
                findings_of(project, source, &self.ident)
            ));
        }
        let mut bundle = Bundle::default();
        match self.kind {
            DeclKind::Role => {
                let role = project
                    .roles()
                    .find(|r| r.ident == self.ident)
                    .ok_or_else(|| {
                        format!("`{}` is a #[policy]; its original is a role", self.ident)
                    })?;
                for attached in &role.policies {
                    let fails = own_findings(project, source, attached)
                        .iter()
                        .any(|f| f.severity == Severity::Error);
                    let policy = project
                        .policies()
                        .find(|p| &p.ident == attached)
                        .filter(|_| !fails)
                        .ok_or_else(|| {
                            format!(
                                "`{}` attaches `{attached}`, which does not check:\n{}",
                                self.ident,
                                findings_of(project, source, attached)
                            )
                        })?;
                    bundle.policies.push(policy.clone());
                }
                bundle.roles.push(role.clone());
            }
            DeclKind::Policy => {
                let policy = project
                    .policies()
                    .find(|p| p.ident == self.ident)
                    .ok_or_else(|| {
                        format!(
                            "`{}` is a #[role]; its original is a managed policy",
                            self.ident
                        )
                    })?;
                bundle.policies.push(policy.clone());
            }
        }
        Ok(bundle)
    }
}

/// The findings on the lines of one declaration: from the end of the struct before it to the
/// end of its own (its attribute stands above it, its fields inside it).
fn own_findings<'a>(project: &'a Project, source: &str, ident: &str) -> Vec<&'a Finding> {
    let mut structs = Vec::new();
    let lines: Vec<&str> = source.lines().collect();
    for (at, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("pub struct ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let end = (at..lines.len())
            .find(|&i| lines[i].trim() == "}" || lines[i].trim_end().ends_with(';'))
            .unwrap_or(at);
        structs.push((name, end + 1));
    }
    let Some(at) = structs.iter().position(|(name, _)| name == ident) else {
        return Vec::new();
    };
    let from = if at == 0 { 1 } else { structs[at - 1].1 + 1 };
    let until = structs[at].1;
    project
        .findings
        .iter()
        .map(|f| &f.finding)
        .filter(|f| (from..=until).contains(&f.spot.span.start().line))
        .collect()
}

/// The declaration's findings, or all of the file's when none falls on its lines, one a line.
fn findings_of(project: &Project, source: &str, ident: &str) -> String {
    let own = own_findings(project, source, ident);
    let shown: Vec<&Finding> = if own.is_empty() {
        project.findings.iter().map(|f| &f.finding).collect()
    } else {
        own
    };
    shown
        .into_iter()
        .map(describe)
        .collect::<Vec<_>>()
        .join("\n")
}

fn describe(finding: &Finding) -> String {
    let level = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "  {level}[{}] line {}: {}",
        finding.code.code(),
        finding.spot.span.start().line,
        finding.message
    )
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The real-world roles in every format: CloudFormation's intrinsics and Terraform's
/// expressions, evaluated with the suite's values, mean the documents and names of
/// `--format iam`; and every string of the Terraform modules is a template Terraform reads.
#[test]
fn every_format_means_the_same_for_the_real_world_roles() {
    for (name, bundle, env) in support::realworld_bundles() {
        role_model::render::equivalence::assert_equivalent(&bundle, &env);
        let module = render(&bundle, Format::Terraform, &env).expect("renders");
        for file in &module.files {
            let value: Value = serde_json::from_str(&file.contents).expect("JSON");
            every_string(&value, &mut |text| {
                if let Err(err) = <hcl::Template as std::str::FromStr>::from_str(text) {
                    panic!(
                        "{name}/{}: `{text}` is no Terraform template: {err}",
                        file.path
                    );
                }
            });
        }
    }
}

fn every_string(value: &Value, each: &mut dyn FnMut(&str)) {
    match value {
        Value::String(text) => each(text),
        Value::Array(items) => items.iter().for_each(|v| every_string(v, each)),
        Value::Object(map) => map.values().for_each(|v| every_string(v, each)),
        _ => {}
    }
}

/// The same roles compiled with the macros and used through the run-time API: the registry holds
/// each, and a struct's own values (a `Vec<String>` among them) fill in its documents as
/// `--format iam` does.
#[test]
fn the_run_time_api_gives_the_same_documents() {
    use role_dsl::Role;
    use role_realworld::cdk_bootstrap::FilePublishingRole;

    let registered: BTreeSet<&str> = role_dsl::roles().iter().map(|r| r.ident.as_str()).collect();
    for (_, bundle, _) in support::realworld_bundles() {
        for role in &bundle.roles {
            assert!(
                registered.contains(role.ident.as_str()),
                "{} is registered",
                role.ident
            );
        }
    }
    let (_, bundle, env) = support::realworld_bundles()
        .into_iter()
        .find(|(name, _, _)| name == "cdk_bootstrap")
        .expect("the CDK bootstrap module");
    let role = FilePublishingRole {
        qualifier: env.values["qualifier"].clone(),
        trusted_accounts: env.lists["trusted_accounts"].clone(),
        file_assets_key_id: env.values["file_assets_key_id"].clone(),
    };
    let place = Env {
        values: Default::default(),
        lists: Default::default(),
        ..env.clone()
    };
    let iam = render(&bundle, Format::Iam, &env).expect("renders");
    let iam: Value = serde_json::from_str(&iam.stdout).expect("JSON");
    let name = role.name(&place).expect("a name");
    assert_eq!(
        iam["roles"][&name]["trust"],
        role.trust_policy(&place).expect("resolves")
    );
    assert_eq!(
        iam["roles"][&name]["policy"],
        role.inline_policy(&place)
            .expect("resolves")
            .expect("an inline policy")
    );
}

//! The escalation rules on the smallest projects that pin down what the corpus does not: denies
//! and trusts that break a path, a path across three roles, and the steps a finding carries.

use crate::lint::{LintFinding, project};
use crate::project::{Project, SourceFile};

fn lint(text: &str) -> Vec<LintFinding> {
    let files = [SourceFile {
        path: "roles.rs".into(),
        text: text.into(),
    }];
    let scanned = Project::scan(&files);
    assert!(!scanned.has_errors(), "{:?}", scanned.findings);
    project(&files, &scanned)
        .into_iter()
        .map(|f| f.finding)
        .filter(|f| matches!(f.lint.code, "RL114" | "RL115"))
        .collect()
}

const APP: &str = r#"
#[role(
    name = "app",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
)]
pub struct App;
"#;

fn deployer(extra: &str) -> String {
    format!(
        r#"
#[role(
    name = "deployer",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PassRole", on = "arn:aws:iam::123456789012:role/app", when(StringEquals("iam:PassedToService", "lambda.amazonaws.com"))),
    allow("lambda:CreateFunction", "lambda:InvokeFunction", on = "arn:aws:lambda:us-east-1:123456789012:function:d-*"),
{extra})]
pub struct Deployer;
{APP}"#
    )
}

#[test]
fn a_pass_role_path_is_found_with_its_steps() {
    let found = lint(&deployer(""));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].item, "role Deployer");
    assert_eq!(found[0].path.len(), 1);
    let step = &found[0].path[0];
    assert!(
        step.message.contains("(lambda-create-invoke)"),
        "{}",
        step.message
    );
    assert!(
        step.message.contains("statement 1 of `deployer`"),
        "{}",
        step.message
    );
    assert!(step.spot.is_some() && step.file.is_none());
}

#[test]
fn a_deny_breaks_the_path() {
    let deny = r#"    deny("iam:PassRole", on = "arn:aws:iam::123456789012:role/app"),
"#;
    assert!(lint(&deployer(deny)).is_empty());
}

#[test]
fn a_target_whose_trust_does_not_let_the_service_in_is_no_target() {
    let text = deployer("").replace(
        r#"trust(service = "lambda.amazonaws.com")"#,
        r#"trust(service = "ecs-tasks.amazonaws.com")"#,
    );
    assert!(lint(&text).is_empty());
}

#[test]
fn a_path_across_three_roles_is_reported_from_its_start() {
    let text = format!(
        r#"
#[role(
    name = "ci",
    trust(arn = "arn:aws:iam::123456789012:role/build"),
    allow("sts:AssumeRole", on = "arn:aws:iam::123456789012:role/deployer"),
)]
pub struct Ci;
{}"#,
        deployer(
            r#"    allow("s3:GetObject", on = "arn:aws:s3:::artifacts/*"),
"#
        )
    );
    let found = lint(&text);
    let ci = found
        .iter()
        .find(|f| f.item == "role Ci")
        .expect("Ci's path");
    // The nearest gain is the deployer itself (it may read the artifacts); the finding names
    // the shortest path, one step.
    assert_eq!(ci.path.len(), 1, "{:?}", ci.path);
    assert!(ci.message.contains("role `Deployer`"), "{}", ci.message);
    assert!(found.iter().any(|f| f.item == "role Deployer"));
}

#[test]
fn a_role_that_reaches_only_what_it_has_is_no_escalation() {
    let text = deployer(
        r#"    allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),
"#,
    );
    assert!(lint(&text).is_empty());
}

#[test]
fn findings_are_the_same_on_every_run() {
    let text = deployer("");
    // Spans move between parses (proc-macro2 counts bytes across them): compare the words.
    let words = |found: Vec<LintFinding>| -> Vec<String> {
        found
            .iter()
            .flat_map(|f| {
                std::iter::once(f.message.clone()).chain(f.path.iter().map(|s| s.message.clone()))
            })
            .collect()
    };
    let once = words(lint(&text));
    let again = words(lint(&text));
    assert_eq!(once, again);
}

#[test]
fn a_function_it_may_create_but_not_invoke_is_no_way_in() {
    let text = deployer("").replace(
        r#"allow("lambda:CreateFunction", "lambda:InvokeFunction", on = "arn:aws:lambda:us-east-1:123456789012:function:d-*"),"#,
        r#"allow("lambda:CreateFunction", on = "arn:aws:lambda:us-east-1:123456789012:function:d-*"),
    allow("lambda:InvokeFunction", on = "arn:aws:lambda:us-east-1:123456789012:function:x-*"),"#,
    );
    assert!(text.contains("function:x-*"));
    assert!(lint(&text).is_empty());
}

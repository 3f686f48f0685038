//! The escalation rules on the smallest projects that pin down what the corpus does not: denies
//! and trusts that break a path, a path across three roles, the steps a finding carries, and
//! what a possible path (a takeover, an existing user) says it depends on.

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

fn updater(extra: &str) -> String {
    format!(
        r#"
#[role(
    name = "updater",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("lambda:UpdateFunctionCode", on = "arn:aws:lambda:us-east-1:123456789012:function:app-*"),
{extra})]
pub struct Updater;
{APP}"#
    )
}

#[test]
fn a_takeover_is_reported_as_possible_with_what_it_depends_on() {
    let found = lint(&updater(""));
    assert_eq!(found.len(), 1, "{found:?}");
    let wanted = "if a Lambda function that `Updater` may update runs with `App` and is invoked";
    assert!(found[0].message.ends_with(wanted), "{}", found[0].message);
    let step = &found[0].path[0].message;
    assert!(
        step.contains("(lambda-update-code), if a Lambda function"),
        "{step}"
    );
    // The pattern of the role's own statement stands for the functions it may take over.
    assert!(step.contains("function:app-*"), "{step}");
}

#[test]
fn a_takeover_needs_the_target_to_trust_the_service() {
    let text = updater("").replace(
        r#"trust(service = "lambda.amazonaws.com")"#,
        r#"trust(service = "ec2.amazonaws.com")"#,
    );
    assert!(lint(&text).is_empty());
}

#[test]
fn a_certain_way_in_is_named_before_a_possible_one() {
    // The deployer may both pass `app` to a function it creates and update existing ones.
    let found = lint(&deployer(
        r#"    allow("lambda:UpdateFunctionCode", on = "arn:aws:lambda:us-east-1:123456789012:function:d-*"),
"#,
    ));
    assert_eq!(found.len(), 1);
    assert!(!found[0].message.contains(", if "), "{}", found[0].message);
    assert!(found[0].path[0].message.contains("(lambda-create-invoke)"));
}

#[test]
fn a_role_that_may_make_a_user_an_administrator_says_if_one_exists() {
    let text = r#"
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:PutUserPolicy", "iam:CreateAccessKey", on = "arn:aws:iam::123456789012:user/tmp-*"),
)]
pub struct Ops;
"#;
    let found = lint(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].lint.code, "RL114");
    assert!(
        found[0].message.ends_with(
            ", if an IAM user with fewer than two access keys exists that `Ops` may change"
        ),
        "{}",
        found[0].message
    );
    // With iam:CreateUser it needs no user to exist: the path is certain.
    let created = lint(&text.replace(
        "\"iam:PutUserPolicy\"",
        "\"iam:CreateUser\", \"iam:PutUserPolicy\"",
    ));
    assert_eq!(created.len(), 1);
    assert!(
        !created[0].message.contains(", if "),
        "{}",
        created[0].message
    );
}

#[test]
fn a_role_it_creates_under_a_boundary_is_no_way_up() {
    let text = r#"
#[role(
    name = "ops",
    trust(arn = "arn:aws:iam::123456789012:role/ci"),
    allow("iam:CreateRole", on = "arn:aws:iam::123456789012:role/tmp-*", when(StringEquals("iam:PermissionsBoundary", "arn:aws:iam::123456789012:policy/boundary"))),
    allow("iam:PutRolePolicy", "sts:AssumeRole", on = "arn:aws:iam::123456789012:role/tmp-*"),
)]
pub struct Ops;
"#;
    assert!(lint(text).is_empty());
    let found = lint(&text.replace(
        r#", when(StringEquals("iam:PermissionsBoundary", "arn:aws:iam::123456789012:policy/boundary"))"#,
        "",
    ));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].path[0]
            .message
            .contains("(iam-create-role-put-policy)")
    );
}

#[test]
fn a_path_of_two_possible_steps_says_both() {
    let text = updater("").replace(
        r#"allow("s3:DeleteObject", on = "arn:aws:s3:::app-data/*"),"#,
        r#"allow("iam:PutUserPolicy", "iam:CreateAccessKey", on = "arn:aws:iam::123456789012:user/tmp-*"),"#,
    );
    let found = lint(&text);
    let updater = found
        .iter()
        .find(|f| f.item == "role Updater")
        .expect("the updater's path");
    assert_eq!(updater.path.len(), 2, "{:?}", updater.path);
    let wanted = "an administrator, in 2 steps, if a Lambda function that `Updater` may update runs with `App` and is invoked, and if an IAM user with fewer than two access keys exists that `App` may change";
    assert!(updater.message.ends_with(wanted), "{}", updater.message);
}

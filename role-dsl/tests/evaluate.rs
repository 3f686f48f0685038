//! The test API an application uses (`assert_allows!`, `assert_denies!`, `decide`), on roles
//! declared here: what each form asks, and what a failing assertion says.

use role_dsl::evaluate::{self, EvaluateError, Outcome, Request};
use role_dsl::{Env, assert_allows, assert_denies, policy, role};

/// Writes the logs of one bucket, and never deletes.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:{partition}:s3:::{bucket}/*", sid = "Write"),
    deny("s3:DeleteObject", on = "*", sid = "NeverDelete"),
    tags(team = "platform")
)]
pub struct Writer {
    pub bucket: String,
}

/// Reads from the office network only.
#[role(
    trust(service = "ecs-tasks.amazonaws.com"),
    allow(
        "s3:GetObject",
        on = "arn:aws:s3:::data/*",
        when(IpAddress("aws:SourceIp", "10.0.0.0/8"))
    ),
    allow(
        "s3:ListBucket",
        on = "arn:aws:s3:::data",
        when(ForAllValues::StringEquals("s3:prefix", "a", "b")),
        accept(
            "RL301",
            "the case is of ForAllValues on a missing key, which lets it through"
        )
    ),
    policies(ReadConfig)
)]
pub struct Reader;

/// Read the shared configuration bucket.
#[policy(allow("s3:GetObject", on = "arn:{partition}:s3:::{config_bucket}/*"))]
pub struct ReadConfig {
    pub config_bucket: String,
}

fn writer() -> Writer {
    Writer {
        bucket: "logs".into(),
    }
}

fn env() -> Env {
    Env {
        values: [("config_bucket".to_owned(), "config".to_owned())].into(),
        ..Env::default()
    }
}

#[test]
fn a_role_may_do_what_its_policy_allows_and_nothing_else() {
    assert_allows!(writer(), "s3:PutObject", "arn:aws:s3:::logs/a.txt");
    assert_denies!(writer(), "s3:PutObject", "arn:aws:s3:::other/a.txt");
    assert_denies!(writer(), "s3:GetObject", "arn:aws:s3:::logs/a.txt");
}

#[test]
fn an_explicit_deny_is_said_with_its_statement() {
    let decision = evaluate::decide(
        &writer(),
        &Request::new("s3:DeleteObject", "arn:aws:s3:::logs/a.txt"),
    );
    assert_eq!(decision.decision, Outcome::ExplicitDeny);
    assert!(
        decision
            .reasons
            .iter()
            .any(|r| r.sid.as_deref() == Some("NeverDelete")),
        "{}",
        evaluate::describe(&decision)
    );
}

#[test]
fn context_and_env_are_given_after_the_resource() {
    let env = env();
    assert_allows!(
        Reader,
        "s3:GetObject",
        "arn:aws:s3:::data/x",
        context = [("aws:SourceIp", "10.1.2.3")],
        env = &env,
    );
    assert_denies!(
        Reader,
        "s3:GetObject",
        "arn:aws:s3:::data/x",
        context = [("aws:SourceIp", "192.0.2.1")],
        env = &env
    );
    // The attached #[policy], its parameter from the environment.
    assert_allows!(
        Reader,
        "s3:GetObject",
        "arn:aws:s3:::config/app.toml",
        env = &env
    );
}

#[test]
fn a_key_given_twice_is_multi_valued() {
    let request = Request::new("s3:ListBucket", "arn:aws:s3:::data")
        .context("s3:prefix", "a")
        .context("s3:prefix", "b")
        .env(&env());
    assert_allows!(Reader, request);
    let request = Request::new("s3:ListBucket", "arn:aws:s3:::data")
        .context("s3:prefix", "a")
        .context("s3:prefix", "c")
        .env(&env());
    assert_denies!(Reader, request);
}

#[test]
fn the_trust_policy_decides_who_may_assume_the_role() {
    assert_allows!(writer(), Request::assume("lambda.amazonaws.com"));
    assert_denies!(writer(), Request::assume("ec2.amazonaws.com"));
}

#[test]
fn a_value_missing_is_an_error_naming_it() {
    let err = evaluate::try_decide(&Reader, &Request::new("s3:GetObject", "*")).unwrap_err();
    assert!(matches!(err, EvaluateError::Role(_)), "{err:?}");
    assert!(
        err.to_string().contains("the parameter `config_bucket`"),
        "{err}"
    );
}

#[test]
#[should_panic(
    expected = "role `Writer` is allowed `s3:PutObject` on `arn:aws:s3:::logs/a.txt`: expected deny, decided allow\n  statement `Write` of the identity-based policy `Writer` allows the request"
)]
fn a_failing_assertion_says_the_decision_and_its_reasons() {
    assert_denies!(writer(), "s3:PutObject", "arn:aws:s3:::logs/a.txt");
}

//! The documented edge cases of IAM's evaluation logic, one test each, with the page of AWS's
//! documentation that decides it. The differential test against iam-simulate covers the bulk;
//! these pin down the rules that are easy to get wrong.

use role_eval::{ContextValue, NamedPolicy, OrgPolicies, Outcome, Simulation, simulate};
use serde_json::{Value, json};

const ROLE: &str = "arn:aws:iam::111122223333:role/app";
const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/app/session";
const USER: &str = "arn:aws:iam::111122223333:user/alice";
const OTHER_ACCOUNT_ROLE: &str = "arn:aws:iam::444455556666:role/partner";

/// A request by `principal`, with no policies yet.
fn request(principal: &str, action: &str, resource: &str) -> Simulation {
    let mut simulation: Simulation = serde_json::from_value(json!({
        "request": {
            "principal": principal,
            "action": action,
            "resource": { "resource": resource, "accountId": "111122223333" },
            "contextVariables": {}
        }
    }))
    .unwrap();
    simulation.request.context_variables.clear();
    simulation
}

fn policy(statements: Value) -> Value {
    json!({ "Version": "2012-10-17", "Statement": statements })
}

fn named(name: &str, statements: Value) -> NamedPolicy {
    NamedPolicy {
        name: name.into(),
        policy: policy(statements),
    }
}

fn with_identity(mut s: Simulation, statements: Value) -> Simulation {
    s.identity_policies.push(named("inline", statements));
    s
}

fn with_context(mut s: Simulation, key: &str, value: ContextValue) -> Simulation {
    s.request.context_variables.insert(key.into(), value);
    s
}

fn one(v: &str) -> ContextValue {
    ContextValue::One(v.into())
}

fn many(vs: &[&str]) -> ContextValue {
    ContextValue::Many(vs.iter().map(|v| v.to_string()).collect())
}

fn outcome(s: &Simulation) -> Outcome {
    simulate(s).unwrap().decision
}

const ALLOW_ALL: fn() -> Value = || json!([{ "Effect": "Allow", "Action": "*", "Resource": "*" }]);

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
#[test]
fn an_explicit_deny_overrides_any_allow() {
    let s = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"),
        json!([
            { "Effect": "Allow", "Action": "s3:*", "Resource": "*" },
            { "Sid": "NoObjects", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }
        ]),
    );
    let decision = simulate(&s).unwrap();
    assert_eq!(decision.decision, Outcome::ExplicitDeny);
    assert_eq!(decision.reasons[0].sid.as_deref(), Some("NoObjects"));
}

#[test]
fn nothing_allows_by_default() {
    let s = request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k");
    assert_eq!(outcome(&s), Outcome::ImplicitDeny);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
#[test]
fn not_action_allows_everything_but_what_it_names() {
    let statements = json!([{ "Effect": "Allow", "NotAction": "iam:*", "Resource": "*" }]);
    let iam = with_identity(
        request(ROLE, "iam:CreateUser", "arn:aws:iam::111122223333:user/x"),
        statements.clone(),
    );
    let s3 = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"),
        statements,
    );
    assert_eq!(outcome(&iam), Outcome::ImplicitDeny);
    assert_eq!(outcome(&s3), Outcome::Allow);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
#[test]
fn not_resource_allows_every_other_resource() {
    let statements =
        json!([{ "Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*" }]);
    let secret = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::secret/k"),
        statements.clone(),
    );
    let other = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::public/k"),
        statements,
    );
    assert_eq!(outcome(&secret), Outcome::ImplicitDeny);
    assert_eq!(outcome(&other), Outcome::Allow);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html:
// "action names are not case-sensitive"; reference_policies_elements_resource.html: ARNs are.
#[test]
fn action_names_ignore_case_and_arns_do_not() {
    let action = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"),
        json!([{ "Effect": "Allow", "Action": "S3:getobject", "Resource": "*" }]),
    );
    assert_eq!(outcome(&action), Outcome::Allow);
    let arn = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"),
        json!([{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::B/*" }]),
    );
    assert_eq!(outcome(&arn), Outcome::ImplicitDeny);
}

#[test]
fn question_mark_is_exactly_one_character() {
    let statements = json!([{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/?.txt" }]);
    let hit = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::b/a.txt"),
        statements.clone(),
    );
    let miss = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::b/ab.txt"),
        statements,
    );
    assert_eq!(outcome(&hit), Outcome::Allow);
    assert_eq!(outcome(&miss), Outcome::ImplicitDeny);
}

fn conditioned(operator: &str, key: &str, values: Value) -> Simulation {
    with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"),
        json!([{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { operator: { key: values } } }]),
    )
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html:
// "ForAllValues ... also returns true if there are no context keys in the request".
#[test]
fn for_all_values_is_true_on_a_missing_key() {
    let s = conditioned(
        "ForAllValues:StringEquals",
        "aws:TagKeys",
        json!(["a", "b"]),
    );
    assert_eq!(outcome(&s), Outcome::Allow);
    let present = with_context(s.clone(), "aws:TagKeys", many(&["a", "c"]));
    assert_eq!(outcome(&present), Outcome::ImplicitDeny);
    let subset = with_context(s, "aws:TagKeys", many(&["a"]));
    assert_eq!(outcome(&subset), Outcome::Allow);
}

// Same page: "ForAnyValue ... If the key is not present, the condition returns false."
#[test]
fn for_any_value_is_false_on_a_missing_key() {
    let s = conditioned("ForAnyValue:StringEquals", "aws:TagKeys", json!(["a"]));
    assert_eq!(outcome(&s), Outcome::ImplicitDeny);
    let present = with_context(s, "aws:TagKeys", many(&["z", "a"]));
    assert_eq!(outcome(&present), Outcome::Allow);
}

// Same page: a single-valued operator on a multivalued key does not match.
#[test]
fn a_single_valued_operator_on_a_multivalued_key_is_false() {
    let s = with_context(
        conditioned("StringEquals", "aws:TagKeys", json!("a")),
        "aws:TagKeys",
        many(&["a"]),
    );
    assert_eq!(outcome(&s), Outcome::ImplicitDeny);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
#[test]
fn if_exists_is_true_on_a_missing_key_and_compares_a_present_one() {
    let s = conditioned(
        "StringEqualsIfExists",
        "ec2:InstanceType",
        json!(["t3.micro"]),
    );
    assert_eq!(outcome(&s), Outcome::Allow);
    let big = with_context(s, "ec2:InstanceType", one("m5.24xlarge"));
    assert_eq!(outcome(&big), Outcome::ImplicitDeny);
}

// Same page: "If the key that you specify in a policy condition is not present in the request
// context, the values do not match and the condition is false. If the policy condition requires
// that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not
// present, the condition is true."
#[test]
fn a_missing_key_fails_a_positive_operator_and_passes_a_negated_one() {
    let positive = conditioned("StringEquals", "aws:PrincipalTag/team", json!("a"));
    let negated = conditioned("StringNotEquals", "aws:PrincipalTag/team", json!("a"));
    assert_eq!(outcome(&positive), Outcome::ImplicitDeny);
    assert_eq!(outcome(&negated), Outcome::Allow);
}

// Same page, "Condition operator to check existence of condition keys".
#[test]
fn null_checks_presence() {
    let s = conditioned("Null", "aws:TokenIssueTime", json!("true"));
    assert_eq!(outcome(&s), Outcome::Allow);
    let present = with_context(s, "aws:TokenIssueTime", one("2026-01-01T00:00:00Z"));
    assert_eq!(outcome(&present), Outcome::ImplicitDeny);
}

#[test]
fn condition_keys_ignore_case() {
    let s = with_context(
        conditioned("StringEquals", "AWS:PrincipalTag/Team", json!("a")),
        "aws:principaltag/team",
        one("a"),
    );
    assert_eq!(outcome(&s), Outcome::Allow);
}

// Same page: several values of one key are alternatives (OR); a negated operator needs none.
#[test]
fn values_of_one_key_are_alternatives() {
    let positive = conditioned(
        "StringEquals",
        "aws:RequestedRegion",
        json!(["eu-west-1", "eu-central-1"]),
    );
    let negated = conditioned(
        "StringNotEquals",
        "aws:RequestedRegion",
        json!(["eu-west-1", "eu-central-1"]),
    );
    let region = |s: Simulation, r: &str| with_context(s, "aws:RequestedRegion", one(r));
    assert_eq!(
        outcome(&region(positive.clone(), "eu-central-1")),
        Outcome::Allow
    );
    assert_eq!(
        outcome(&region(positive, "us-east-1")),
        Outcome::ImplicitDeny
    );
    assert_eq!(
        outcome(&region(negated.clone(), "eu-central-1")),
        Outcome::ImplicitDeny
    );
    assert_eq!(outcome(&region(negated, "us-east-1")), Outcome::Allow);
}

#[test]
fn ip_address_takes_cidr_blocks_of_both_families() {
    let s = conditioned(
        "IpAddress",
        "aws:SourceIp",
        json!(["203.0.113.0/24", "2001:db8::/32"]),
    );
    let ip = |v: &str| with_context(s.clone(), "aws:SourceIp", one(v));
    assert_eq!(outcome(&ip("203.0.113.7")), Outcome::Allow);
    assert_eq!(outcome(&ip("2001:db8::1")), Outcome::Allow);
    assert_eq!(outcome(&ip("198.51.100.1")), Outcome::ImplicitDeny);
    let not = conditioned("NotIpAddress", "aws:SourceIp", json!("203.0.113.0/24"));
    assert_eq!(
        outcome(&with_context(not, "aws:SourceIp", one("198.51.100.1"))),
        Outcome::Allow
    );
}

// Same page, date condition operators: epoch seconds or W3C ISO 8601.
#[test]
fn dates_compare_as_instants_whatever_their_notation() {
    let s = conditioned(
        "DateLessThan",
        "aws:CurrentTime",
        json!("2026-06-01T00:00:00Z"),
    );
    let at = |v: &str| with_context(s.clone(), "aws:CurrentTime", one(v));
    assert_eq!(outcome(&at("2026-05-31T23:59:59Z")), Outcome::Allow);
    assert_eq!(outcome(&at("1780272000")), Outcome::ImplicitDeny); // 2026-06-01T00:00:00Z
    assert_eq!(outcome(&at("2026-06-01T01:00:00+02:00")), Outcome::Allow);
}

#[test]
fn bool_and_numbers() {
    let mfa = conditioned("Bool", "aws:MultiFactorAuthPresent", json!(true));
    assert_eq!(
        outcome(&with_context(
            mfa.clone(),
            "aws:MultiFactorAuthPresent",
            one("true")
        )),
        Outcome::Allow
    );
    assert_eq!(
        outcome(&with_context(
            mfa,
            "aws:MultiFactorAuthPresent",
            one("false")
        )),
        Outcome::ImplicitDeny
    );
    let age = conditioned("NumericLessThan", "aws:MultiFactorAuthAge", json!("3600"));
    assert_eq!(
        outcome(&with_context(
            age.clone(),
            "aws:MultiFactorAuthAge",
            one("60")
        )),
        Outcome::Allow
    );
    assert_eq!(
        outcome(&with_context(age, "aws:MultiFactorAuthAge", one("7200"))),
        Outcome::ImplicitDeny
    );
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
#[test]
fn policy_variables_resolve_from_the_context() {
    let statements = json!([{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/home/${aws:username}/*" }]);
    let s = with_identity(
        request(USER, "s3:GetObject", "arn:aws:s3:::b/home/alice/k"),
        statements,
    );
    assert_eq!(
        outcome(&with_context(s.clone(), "aws:username", one("alice"))),
        Outcome::Allow
    );
    assert_eq!(
        outcome(&with_context(s.clone(), "aws:username", one("bob"))),
        Outcome::ImplicitDeny
    );
    // "If there is no value for the variable ... the statement does not match".
    assert_eq!(outcome(&s), Outcome::ImplicitDeny);
}

// Same page: "Specifying default values" and "Special characters".
#[test]
fn variable_defaults_and_special_characters() {
    let defaulted = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::b/shared/k"),
        json!([{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:PrincipalTag/folder, 'shared'}/*" }]),
    );
    assert_eq!(outcome(&defaulted), Outcome::Allow);
    let literal_star = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::b/a*"),
        json!([{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/a${*}" }]),
    );
    assert_eq!(outcome(&literal_star), Outcome::Allow);
    let not_a_wildcard = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::b/abc"),
        json!([{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/a${*}" }]),
    );
    assert_eq!(outcome(&not_a_wildcard), Outcome::ImplicitDeny);
}

fn with_resource_policy(mut s: Simulation, statements: Value) -> Simulation {
    s.resource_policy = Some(policy(statements));
    s
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
#[test]
fn across_accounts_both_sides_must_allow() {
    let bucket = "arn:aws:s3:::shared/k";
    let resource_allows = json!([{ "Effect": "Allow", "Principal": { "AWS": OTHER_ACCOUNT_ROLE }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/*" }]);
    let only_resource = with_resource_policy(
        request(OTHER_ACCOUNT_ROLE, "s3:GetObject", bucket),
        resource_allows.clone(),
    );
    assert_eq!(outcome(&only_resource), Outcome::ImplicitDeny);
    let only_identity = with_identity(
        request(OTHER_ACCOUNT_ROLE, "s3:GetObject", bucket),
        ALLOW_ALL(),
    );
    assert_eq!(outcome(&only_identity), Outcome::ImplicitDeny);
    let both = with_resource_policy(only_identity, resource_allows);
    assert_eq!(outcome(&both), Outcome::Allow);
    // Naming the account delegates to its identity policies: enough across accounts too.
    let account = with_resource_policy(
        with_identity(
            request(OTHER_ACCOUNT_ROLE, "s3:GetObject", bucket),
            ALLOW_ALL(),
        ),
        json!([{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" }, "Action": "s3:GetObject", "Resource": "*" }]),
    );
    assert_eq!(outcome(&account), Outcome::Allow);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html:
// within an account, an allow in either an identity-based or a resource-based policy suffices.
#[test]
fn in_one_account_a_resource_policy_naming_the_session_suffices() {
    let s = with_resource_policy(
        request(SESSION, "s3:GetObject", "arn:aws:s3:::b/k"),
        json!([{ "Effect": "Allow", "Principal": { "AWS": ROLE }, "Action": "s3:GetObject", "Resource": "*" }]),
    );
    assert_eq!(outcome(&s), Outcome::Allow);
    // Naming the account instead delegates to identity policies, which allow nothing here.
    let account = with_resource_policy(
        request(SESSION, "s3:GetObject", "arn:aws:s3:::b/k"),
        json!([{ "Effect": "Allow", "Principal": { "AWS": "111122223333" }, "Action": "s3:GetObject", "Resource": "*" }]),
    );
    assert_eq!(outcome(&account), Outcome::ImplicitDeny);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html (trust
// policy) and the evaluation logic's note that role trust policies must name the account or the
// principal even within one account.
#[test]
fn a_trust_policy_must_trust_the_account_before_identity_permissions_count() {
    let assume = |trust: Value| {
        with_resource_policy(
            with_identity(
                request(
                    USER,
                    "sts:AssumeRole",
                    "arn:aws:iam::111122223333:role/target",
                ),
                json!([{ "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*" }]),
            ),
            trust,
        )
    };
    let trusts_account = assume(
        json!([{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "sts:AssumeRole" }]),
    );
    assert_eq!(outcome(&trusts_account), Outcome::Allow);
    let trusts_service = assume(
        json!([{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }]),
    );
    assert_eq!(outcome(&trusts_service), Outcome::ImplicitDeny);
    let service = with_resource_policy(
        request(
            "ec2.amazonaws.com",
            "sts:AssumeRole",
            "arn:aws:iam::111122223333:role/target",
        ),
        json!([{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }]),
    );
    assert_eq!(outcome(&service), Outcome::Allow);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
#[test]
fn a_permissions_boundary_caps_identity_permissions() {
    let mut s = with_identity(
        request(ROLE, "s3:PutObject", "arn:aws:s3:::b/k"),
        ALLOW_ALL(),
    );
    s.permission_boundary_policies = Some(vec![named(
        "boundary",
        json!([{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]),
    )]);
    assert_eq!(outcome(&s), Outcome::ImplicitDeny);
    s.request.action = "s3:GetObject".into();
    assert_eq!(outcome(&s), Outcome::Allow);
    // The boundary grants nothing by itself.
    s.identity_policies.clear();
    assert_eq!(outcome(&s), Outcome::ImplicitDeny);
}

// Same page, "Resource-based policies": an implicit deny in a boundary does not limit a
// resource-based policy that names an IAM user directly.
#[test]
fn a_resource_policy_naming_a_user_is_not_capped_by_the_boundary() {
    let mut s = with_resource_policy(
        request(USER, "s3:GetObject", "arn:aws:s3:::b/k"),
        json!([{ "Effect": "Allow", "Principal": { "AWS": USER }, "Action": "s3:GetObject", "Resource": "*" }]),
    );
    s.permission_boundary_policies = Some(vec![named(
        "boundary",
        json!([{ "Effect": "Allow", "Action": "ec2:*", "Resource": "*" }]),
    )]);
    assert_eq!(outcome(&s), Outcome::Allow);
}

// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
#[test]
fn every_scp_level_must_allow() {
    let mut s = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"),
        ALLOW_ALL(),
    );
    s.service_control_policies = vec![
        OrgPolicies {
            org_identifier: "r-root".into(),
            policies: vec![named("FullAWSAccess", ALLOW_ALL())],
        },
        OrgPolicies {
            org_identifier: "ou-team".into(),
            policies: vec![named(
                "OnlyEc2",
                json!([{ "Effect": "Allow", "Action": "ec2:*", "Resource": "*" }]),
            )],
        },
    ];
    let decision = simulate(&s).unwrap();
    assert_eq!(decision.decision, Outcome::ImplicitDeny);
    assert_eq!(decision.reasons[0].policy.as_deref(), Some("ou-team"));
}

// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html:
// RCPFullAWSAccess is attached to every level and cannot be detached; an RCP can only deny.
#[test]
fn an_rcp_only_denies() {
    let mut s = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"),
        ALLOW_ALL(),
    );
    s.resource_control_policies = vec![OrgPolicies {
        org_identifier: "r-root".into(),
        policies: vec![named(
            "Nothing",
            json!([{ "Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*" }]),
        )],
    }];
    assert_eq!(outcome(&s), Outcome::Allow);
    s.request.action = "sqs:SendMessage".into();
    assert_eq!(outcome(&s), Outcome::ExplicitDeny);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
#[test]
fn a_session_policy_must_allow_too() {
    let mut s = with_identity(
        request(SESSION, "s3:PutObject", "arn:aws:s3:::b/k"),
        ALLOW_ALL(),
    );
    s.session_policy = Some(policy(
        json!([{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]),
    ));
    assert_eq!(outcome(&s), Outcome::ImplicitDeny);
    s.request.action = "s3:GetObject".into();
    assert_eq!(outcome(&s), Outcome::Allow);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
#[test]
fn not_principal_with_deny_denies_everyone_else() {
    let deny_others = json!([
        { "Effect": "Allow", "Principal": { "AWS": "111122223333" }, "Action": "s3:*", "Resource": "*" },
        { "Effect": "Deny", "NotPrincipal": { "AWS": USER }, "Action": "s3:*", "Resource": "*" }
    ]);
    let alice = with_resource_policy(
        with_identity(
            request(USER, "s3:GetObject", "arn:aws:s3:::b/k"),
            ALLOW_ALL(),
        ),
        deny_others.clone(),
    );
    assert_eq!(outcome(&alice), Outcome::Allow);
    let other = with_resource_policy(
        with_identity(
            request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"),
            ALLOW_ALL(),
        ),
        deny_others,
    );
    assert_eq!(outcome(&other), Outcome::ExplicitDeny);
}

// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
#[test]
fn get_caller_identity_needs_no_permission() {
    let s = with_identity(
        request(ROLE, "sts:GetCallerIdentity", "*"),
        json!([{ "Effect": "Deny", "Action": "*", "Resource": "*" }]),
    );
    assert_eq!(outcome(&s), Outcome::Allow);
}

// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html: "Unless the key
// policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key."
#[test]
fn a_kms_key_policy_must_trust_the_account() {
    let key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let identity_only = with_identity(request(ROLE, "kms:Decrypt", key), ALLOW_ALL());
    let without = with_resource_policy(
        identity_only.clone(),
        json!([{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/admin" }, "Action": "kms:*", "Resource": "*" }]),
    );
    assert_eq!(outcome(&without), Outcome::ImplicitDeny);
    let default_policy = with_resource_policy(
        identity_only,
        json!([{ "Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" }]),
    );
    assert_eq!(outcome(&default_policy), Outcome::Allow);
}

#[test]
fn an_implicit_deny_names_the_condition_that_failed() {
    let s = with_context(
        conditioned("StringEquals", "aws:SourceVpc", json!("vpc-111")),
        "aws:SourceVpc",
        one("vpc-222"),
    );
    let decision = simulate(&s).unwrap();
    assert_eq!(decision.decision, Outcome::ImplicitDeny);
    assert!(
        decision.reasons[0]
            .message
            .contains("`StringEquals` on `aws:SourceVpc` does not hold"),
        "{decision:?}"
    );
}

#[test]
fn a_malformed_document_is_an_error_not_a_decision() {
    let mut s = request(ROLE, "s3:GetObject", "*");
    s.identity_policies.push(NamedPolicy {
        name: "broken".into(),
        policy: json!({ "Statement": [{ "Action": "*" }] }),
    });
    let error = simulate(&s).unwrap_err();
    assert!(
        error.message.contains("`broken`") && error.message.contains("no `Effect`"),
        "{error}"
    );
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value:
// a variable without a value never widens a grant, under `NotResource` neither.
#[test]
fn a_variable_without_a_value_makes_not_resource_not_apply() {
    let statements = json!([{ "Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b/home/${aws:username}/*" }]);
    let s = with_identity(
        request(ROLE, "s3:GetObject", "arn:aws:s3:::other/k"),
        statements,
    );
    assert_eq!(outcome(&s), Outcome::ImplicitDeny);
    assert_eq!(
        outcome(&with_context(s, "aws:username", one("alice"))),
        Outcome::Allow
    );
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session: a
// resource-based policy that names the session's ARN grants beyond the session policy; one that
// names the role is limited by it.
#[test]
fn a_resource_policy_naming_the_session_itself_is_not_limited_by_the_session_policy() {
    let around = |principal: &str| {
        let mut s = with_resource_policy(
            request(SESSION, "s3:GetObject", "arn:aws:s3:::b/k"),
            json!([{ "Effect": "Allow", "Principal": { "AWS": principal }, "Action": "s3:GetObject", "Resource": "*" }]),
        );
        s.session_policy = Some(policy(
            json!([{ "Effect": "Allow", "Action": "ec2:*", "Resource": "*" }]),
        ));
        s
    };
    assert_eq!(outcome(&around(SESSION)), Outcome::Allow);
    assert_eq!(outcome(&around(ROLE)), Outcome::ImplicitDeny);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html: "If you
// don't include the Version element ... variables like ${aws:username} are treated as literal
// strings."
#[test]
fn variables_are_text_before_version_2012_10_17() {
    let old = |version: Option<&str>| {
        let mut document = json!({ "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*" }] });
        if let Some(version) = version {
            document["Version"] = json!(version);
        }
        let mut s = request(USER, "s3:GetObject", "arn:aws:s3:::b/alice/k");
        s.identity_policies.push(NamedPolicy {
            name: "p".into(),
            policy: document,
        });
        with_context(s, "aws:username", one("alice"))
    };
    assert_eq!(outcome(&old(Some("2012-10-17"))), Outcome::Allow);
    assert_eq!(outcome(&old(Some("2008-10-17"))), Outcome::ImplicitDeny);
    assert_eq!(outcome(&old(None)), Outcome::ImplicitDeny);
}

//! An EC2 role with its instance profile: reads one bucket over TLS only, and may never
//! delete.

use role_dsl::role;

/// Lets the reporting hosts read their input data.
#[role(
    name = "ec2-data-reader",
    path = "/compute/",
    max_session = "2h",
    trust(service = "ec2.amazonaws.com"),
    allow(
        "s3:GetObject",
        "s3:ListBucket",
        on = ["arn:{partition}:s3:::{data_bucket}", "arn:{partition}:s3:::{data_bucket}/*"],
        when(Bool("aws:SecureTransport", true)),
        sid = "ReadData",
    ),
    allow(
        "ssm:GetParameter",
        "ssm:GetParametersByPath",
        on = "arn:{partition}:ssm:{region}:{account_id}:parameter/reporting/*",
    ),
    deny("s3:DeleteObject", "s3:DeleteBucket", on = "*", sid = "NeverDelete"),
)]
pub struct Ec2DataReader {
    pub data_bucket: String,
}

/// What the role may do, decided as AWS would: `cargo test -p role-examples`.
#[cfg(test)]
mod access {
    use role_dsl::evaluate::{self, Outcome, Request};
    use role_dsl::{Env, assert_allows, assert_denies};

    use super::Ec2DataReader;

    fn reader() -> Ec2DataReader {
        Ec2DataReader {
            data_bucket: "reports-input".into(),
        }
    }

    /// `{region}` is in the role's SSM statement: every request resolves the whole role.
    fn env() -> Env {
        Env {
            region: Some("eu-west-1".into()),
            ..Env::default()
        }
    }

    #[test]
    fn reads_its_bucket_over_tls_only() {
        let object = "arn:aws:s3:::reports-input/2026/01.csv";
        let env = env();
        assert_allows!(
            reader(),
            "s3:GetObject",
            object,
            context = [("aws:SecureTransport", "true")],
            env = &env
        );
        assert_denies!(
            reader(),
            "s3:GetObject",
            object,
            context = [("aws:SecureTransport", "false")],
            env = &env
        );
        // A missing key fails `Bool` as it does in AWS.
        assert_denies!(reader(), "s3:GetObject", object, env = &env);
    }

    #[test]
    fn never_deletes_whatever_else_allows() {
        let request = Request::new("s3:DeleteObject", "arn:aws:s3:::reports-input/a.csv")
            .context("aws:SecureTransport", "true")
            .env(&env());
        let decision = evaluate::decide(&reader(), &request);
        assert_eq!(
            decision.decision,
            Outcome::ExplicitDeny,
            "{}",
            evaluate::describe(&decision)
        );
    }
}

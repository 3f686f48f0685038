//! The seed: a Lambda function that writes its logs to an S3 bucket.

use role_dsl::role;

/// Lets the log shipper Lambda write its logs to S3.
#[role(
    name = "log-writer",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:{partition}:s3:::{bucket}/*"),
    managed = ["service-role/AWSLambdaBasicExecutionRole"],
    tags(team = "platform", "cost-center" = "42"),
)]
pub struct LogWriter {
    pub bucket: String,
}

/// What the role may do, decided as AWS would: `cargo test -p role-examples`.
#[cfg(test)]
mod access {
    use role_dsl::evaluate::Request;
    use role_dsl::{assert_allows, assert_denies};

    use super::LogWriter;

    fn writer() -> LogWriter {
        LogWriter {
            bucket: "logs".into(),
        }
    }

    #[test]
    fn writes_its_own_bucket_and_reads_nothing() {
        assert_allows!(writer(), "s3:PutObject", "arn:aws:s3:::logs/2026/app.log");
        assert_denies!(writer(), "s3:PutObject", "arn:aws:s3:::other/app.log");
        assert_denies!(writer(), "s3:GetObject", "arn:aws:s3:::logs/2026/app.log");
    }

    #[test]
    fn writes_cloudwatch_logs_through_its_aws_managed_policy() {
        assert_allows!(
            writer(),
            "logs:PutLogEvents",
            "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/shipper:log-stream:1"
        );
    }

    #[test]
    fn only_lambda_may_assume_it() {
        assert_allows!(writer(), Request::assume("lambda.amazonaws.com"));
        assert_denies!(writer(), Request::assume("ec2.amazonaws.com"));
    }
}

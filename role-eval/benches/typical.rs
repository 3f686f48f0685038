//! The typical role the evaluator is measured on: an inline policy of a dozen statements with
//! conditions and variables, two managed policies, a permissions boundary, an SCP, and a bucket
//! policy; requests that allow, deny and miss. Shared by the criterion bench and the
//! `evaluations` example, which counts CPU time alone (`perf stat`), whatever the load.

use role_eval::{Request, Simulation};
use serde_json::json;

pub fn typical() -> Simulation {
    serde_json::from_value(json!({
        "request": {
            "principal": "arn:aws:iam::111122223333:role/service/log-shipper",
            "action": "s3:PutObject",
            "resource": { "resource": "arn:aws:s3:::logs-111122223333/app/2026/12/03/a.gz", "accountId": "111122223333" },
            "contextVariables": {}
        },
        "identityPolicies": [
            { "name": "inline", "policy": { "Version": "2012-10-17", "Statement": [
                { "Sid": "Write", "Effect": "Allow", "Action": ["s3:PutObject", "s3:PutObjectTagging"],
                  "Resource": "arn:aws:s3:::logs-111122223333/app/*" },
                { "Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::logs-111122223333",
                  "Condition": { "StringLike": { "s3:prefix": ["app/*"] } } },
                { "Sid": "Kms", "Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                  "Resource": "arn:aws:kms:eu-west-1:111122223333:key/*",
                  "Condition": { "StringEquals": { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } } },
                { "Sid": "Queue", "Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:GetQueueUrl"],
                  "Resource": "arn:aws:sqs:eu-west-1:111122223333:log-*" },
                { "Sid": "Params", "Effect": "Allow", "Action": "ssm:GetParameter*",
                  "Resource": "arn:aws:ssm:eu-west-1:111122223333:parameter/log-shipper/*" },
                { "Sid": "Secrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                  "Resource": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:log-shipper/*",
                  "Condition": { "StringEquals": { "aws:ResourceTag/team": "${aws:PrincipalTag/team}" } } },
                { "Sid": "Metrics", "Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*",
                  "Condition": { "StringEquals": { "cloudwatch:namespace": "LogShipper" } } },
                { "Sid": "Xray", "Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": "*" },
                { "Sid": "NoDelete", "Effect": "Deny", "Action": ["s3:DeleteObject*", "s3:PutLifecycleConfiguration"], "Resource": "*" },
                { "Sid": "Network", "Effect": "Deny", "Action": "*", "Resource": "*",
                  "Condition": { "NotIpAddress": { "aws:SourceIp": ["10.0.0.0/8", "172.16.0.0/12"] }, "Bool": { "aws:ViaAWSService": "false" } } },
                { "Sid": "Regions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "cloudfront:*"], "Resource": "*",
                  "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } } }
            ] } },
            { "name": "AWSLambdaBasicExecutionRole", "policy": { "Version": "2012-10-17", "Statement": [
                { "Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*" }
            ] } },
            { "name": "AWSXRayDaemonWriteAccess", "policy": { "Version": "2012-10-17", "Statement": [
                { "Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                  "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"], "Resource": ["*"] }
            ] } }
        ],
        "permissionBoundaryPolicies": [
            { "name": "boundary", "policy": { "Version": "2012-10-17", "Statement": [
                { "Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*" }
            ] } }
        ],
        "serviceControlPolicies": [
            { "orgIdentifier": "r-root", "policies": [
                { "name": "FullAWSAccess", "policy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }] } },
                { "name": "DenyLeaveOrg", "policy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*" }] } }
            ] }
        ],
        "resourcePolicy": { "Version": "2012-10-17", "Statement": [
            { "Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
              "Condition": { "Bool": { "aws:SecureTransport": "false" } } },
            { "Sid": "Delivery", "Effect": "Allow", "Principal": { "Service": "delivery.logs.amazonaws.com" },
              "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs-111122223333/AWSLogs/*",
              "Condition": { "StringEquals": { "aws:SourceAccount": "111122223333" } } }
        ] }
    }))
    .expect("the typical simulation is valid")
}

pub fn requests(base: &Request) -> Vec<Request> {
    let context = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), role_eval::ContextValue::One(v.to_string())))
            .collect()
    };
    let common = [
        ("aws:SourceIp", "10.1.2.3"),
        ("aws:RequestedRegion", "eu-west-1"),
        ("aws:SecureTransport", "true"),
    ];
    let with = |action: &str, resource: &str, extra: &[(&str, &str)]| {
        let mut r = base.clone();
        r.action = action.into();
        r.resource.resource = resource.into();
        let mut pairs = common.to_vec();
        pairs.extend_from_slice(extra);
        r.context_variables = context(&pairs);
        r
    };
    vec![
        with(
            "s3:PutObject",
            "arn:aws:s3:::logs-111122223333/app/2026/12/03/a.gz",
            &[],
        ),
        with(
            "s3:GetObject",
            "arn:aws:s3:::logs-111122223333/app/2026/12/03/a.gz",
            &[],
        ),
        with(
            "s3:DeleteObject",
            "arn:aws:s3:::logs-111122223333/app/a.gz",
            &[],
        ),
        with(
            "s3:ListBucket",
            "arn:aws:s3:::logs-111122223333",
            &[("s3:prefix", "app/2026/")],
        ),
        with(
            "logs:PutLogEvents",
            "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/f:*",
            &[],
        ),
        with(
            "sqs:SendMessage",
            "arn:aws:sqs:eu-west-1:111122223333:log-events",
            &[],
        ),
        with("iam:PassRole", "arn:aws:iam::111122223333:role/admin", &[]),
        with(
            "secretsmanager:GetSecretValue",
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:log-shipper/db-AbCdEf",
            &[
                ("aws:ResourceTag/team", "obs"),
                ("aws:PrincipalTag/team", "obs"),
            ],
        ),
    ]
}

// Values at IAM's limits, which must be accepted: a 64-character role name, a 128-character
// policy name, a 1,000-character description, a 512-character path, 50 tags, 10 attachments, a
// 128-character tag key and a 256-character value, external ids of 2 and 1,224 characters, 12h.
use role_dsl::role;

#[role(
    name = "platform-production-eu-west-1-log-shipper-lambda-execution-roles",
    description = "Lets the log shipper write the logs of every service into the central bucket. Lets the log shipper write the logs of every service into the central bucket. Lets the log shipper write the logs of every service into the central bucket. Lets the log shipper write the logs of every service into the central bucket. Lets the log shipper write the logs of every service into the central bucket. Lets the log shipper write the logs of every service into the central bucket. Lets the log shipper write the logs of every service into the central bucket. Lets the log shipper write the logs of every service into the central bucket. Lets the log shipper write the logs of every service into the central bucket. Lets the log shipper write the logs of every service into the central bucket. Lets the log shipper write the logs of every service into the central bucket. Lets the log shipper write the logs of every service into the central bucket. Lets the log shipper write the logs of every service into the ce",
    path = "/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/service/servic/",
    max_session = "12h",
    trust(account = "111122223333", external_id = "ab"),
    trust(account = "444455556666", external_id = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    managed = [
        "ReadOnlyAccess", "SecurityAudit", "job-function/ViewOnlyAccess", "AWSXRayDaemonWriteAccess",
        "service-role/AWSLambdaBasicExecutionRole", "AmazonS3ReadOnlyAccess", "AmazonSQSReadOnlyAccess",
        "AmazonSNSReadOnlyAccess", "AmazonSSMReadOnlyAccess",
    ],
    policies(ReadConfig),
    tags(
        "platform.example.com/cost-allocation/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" = "Owned by the platform team. Page the on-call engineer before changing it. Owned by the platform team. Page the on-call engineer before changing it. Owned by the platform team. Page the on-call engineer before changing it. Owned by the platform team. Page t",
        "label-02" = "v2",
        "label-03" = "v3",
        "label-04" = "v4",
        "label-05" = "v5",
        "label-06" = "v6",
        "label-07" = "v7",
        "label-08" = "v8",
        "label-09" = "v9",
        "label-10" = "v10",
        "label-11" = "v11",
        "label-12" = "v12",
        "label-13" = "v13",
        "label-14" = "v14",
        "label-15" = "v15",
        "label-16" = "v16",
        "label-17" = "v17",
        "label-18" = "v18",
        "label-19" = "v19",
        "label-20" = "v20",
        "label-21" = "v21",
        "label-22" = "v22",
        "label-23" = "v23",
        "label-24" = "v24",
        "label-25" = "v25",
        "label-26" = "v26",
        "label-27" = "v27",
        "label-28" = "v28",
        "label-29" = "v29",
        "label-30" = "v30",
        "label-31" = "v31",
        "label-32" = "v32",
        "label-33" = "v33",
        "label-34" = "v34",
        "label-35" = "v35",
        "label-36" = "v36",
        "label-37" = "v37",
        "label-38" = "v38",
        "label-39" = "v39",
        "label-40" = "v40",
        "label-41" = "v41",
        "label-42" = "v42",
        "label-43" = "v43",
        "label-44" = "v44",
        "label-45" = "v45",
        "label-46" = "v46",
        "label-47" = "v47",
        "label-48" = "v48",
        "label-49" = "v49",
        "label-50" = "v50",
    ),
)]
pub struct AtTheLimits;

/// Read the shared configuration bucket.
#[role_dsl::policy(
    name = "read-config-pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp",
    allow("s3:GetObject", on = "arn:aws:s3:::shared-config/*"),
)]
pub struct ReadConfig;

fn main() {}

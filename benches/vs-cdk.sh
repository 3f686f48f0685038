#!/usr/bin/env bash
# role-cli against AWS CDK, whole commands, in one run: the same 100 roles (four shapes, see
# benches/gen-roles.py) rendered as one CloudFormation template by
#
#     role-cli render roles.rs --format cloudformation          (release build)
#     node benches/cdk/app.js 100 OUTDIR                         (aws-cdk-lib, app.synth())
#
# The CDK side builds the App and the Stack and calls app.synth(), which is what `cdk synth`
# runs in its child process; `cdk synth` adds its own start-up on top, so the CDK time here is a
# lower bound. Before timing, benches/cdk/compare.js checks that both templates describe the
# same roles (same trust, statements, conditions, managed policies, instance profiles, outputs)
# and the script stops if they do not.
#
# Usage: benches/vs-cdk.sh [N]          N roles, 100 by default
# Env:   RUNS_MIN=10 WARMUP=3           hyperfine's --min-runs and --warmup
#        ROLE_CLI=path                  a role-cli binary to use instead of building one
#
# Needs cargo, node and npm; uses hyperfine when it is on PATH (apt-get install hyperfine),
# else a loop over `date +%s%N`. Leaves nothing behind but benches/cdk/node_modules (git-ignored)
# and the release build in target/.

set -euo pipefail

n="${1:-100}"
runs_min="${RUNS_MIN:-10}"
warmup="${WARMUP:-3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/vs-cdk.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ -z "${ROLE_CLI:-}" ]]; then
  echo "== building role-cli (release)"
  (cd "$root" && cargo build --release --quiet -p role-cli)
  target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
  ROLE_CLI="$target_dir/release/role-cli"
fi
role_cli="$ROLE_CLI"

if [[ ! -d "$here/cdk/node_modules/aws-cdk-lib" ]]; then
  echo "== installing aws-cdk-lib and constructs (npm ci)"
  (cd "$here/cdk" && npm ci --no-audit --no-fund --loglevel=error)
fi
cdk_version="$(node -p "require('$here/cdk/node_modules/aws-cdk-lib/package.json').version")"

echo "== generating $n roles"
python3 "$here/gen-roles.py" roles "$n" > "$work/roles.rs"
echo "   $(grep -c '^#\[role(' "$work/roles.rs") roles, $(wc -l < "$work/roles.rs") lines"

echo "== checking that both sides produce the same roles"
"$role_cli" render "$work/roles.rs" --format cloudformation > "$work/role-cli.json"
node "$here/cdk/app.js" "$n" "$work/cdk.out"
node "$here/cdk/compare.js" "$work/role-cli.json" "$work/cdk.out/Roles.template.json"

cli_cmd="$role_cli render $work/roles.rs --format cloudformation"
cdk_cmd="node $here/cdk/app.js $n $work/cdk.out"

if command -v hyperfine > /dev/null; then
  echo "== timing with $(hyperfine --version)"
  hyperfine --shell=none --warmup "$warmup" --min-runs "$runs_min" --export-json "$work/times.json" \
    --command-name "role-cli render ($n roles)" "$cli_cmd" \
    --command-name "CDK $cdk_version app.synth() ($n roles)" "$cdk_cmd"
  python3 - "$work/times.json" <<'EOF'
import json, sys
a, b = json.load(open(sys.argv[1]))["results"]
print(f"\nrole-cli: mean {a['mean']*1e3:.2f} ms ± {a['stddev']*1e3:.2f} ms, median {a['median']*1e3:.2f} ms ({len(a['times'])} runs)")
print(f"CDK:      mean {b['mean']*1e3:.1f} ms ± {b['stddev']*1e3:.1f} ms, median {b['median']*1e3:.1f} ms ({len(b['times'])} runs)")
print(f"ratio CDK / role-cli: {b['mean']/a['mean']:.0f}x (means), {b['median']/a['median']:.0f}x (medians)")
EOF
else
  echo "== timing with a date +%s%N loop (hyperfine not found)"
  time_it() { # runs, command...: prints the mean in ms
    local runs="$1"; shift
    for _ in $(seq "$warmup"); do "$@" > /dev/null; done
    local start end
    start="$(date +%s%N)"
    for _ in $(seq "$runs"); do "$@" > /dev/null; done
    end="$(date +%s%N)"
    echo "$(( (end - start) / runs / 1000 ))"
  }
  # shellcheck disable=SC2086
  cli_us="$(time_it 200 $cli_cmd)"
  # shellcheck disable=SC2086
  cdk_us="$(time_it "$runs_min" $cdk_cmd)"
  echo "role-cli: mean $((cli_us / 1000)).$(printf '%03d' $((cli_us % 1000))) ms (200 runs)"
  echo "CDK:      mean $((cdk_us / 1000)).$(printf '%03d' $((cdk_us % 1000))) ms ($runs_min runs)"
  echo "ratio CDK / role-cli: $((cdk_us / cli_us))x (means)"
fi
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# What the #[role] macro costs `cargo check`: two generated crates of N roles (200 by default,
# the four shapes of benches/gen-roles.py), one with the macro and one where every attribute is
# switched off with `#[cfg_attr(any(), role(...))]` (same tokens parsed, no expansion). Both
# depend on role-dsl by path and are checked with the same dependency versions as the
# workspace (its Cargo.lock is copied in), in a target dir of their own under /tmp. A third
# crate, "expanded", is the plain one plus the items the macro generates, written out by hand
# (see gen-roles.py): it splits the macro's cost into rustc checking the generated items
# (expanded − plain) and the macro's own run (macro − expanded).
#
# After a warm-up that builds the dependencies (role-dsl, role-macros, role-core, syn...), each
# timed run touches src/lib.rs and runs `cargo check`, so only the crate itself is checked. The
# macro's cost per role is (time with the macro − time without) / N.
#
#     benches/macro-cost.sh [N]
# Env: RUNS=10 WARMUP=2        runs per crate and variant (hyperfine --runs / --warmup)
#      INCREMENTAL=0|1|both     CARGO_INCREMENTAL for the timed runs (default both: 0 is a
#                               whole-crate check, 1 what an edit-check loop gets)
#      PARTS=1                  also time the hand-expanded crate less each part of the
#                               expansion (CARGO_INCREMENTAL=0): what each part costs rustc
#                               (needs hyperfine)
#      KEEP=1                   keep the generated crates and target dir (in $WORK)
#      WORK=/tmp/role-dsl-macro-cost
#
# Uses hyperfine when it is on PATH (apt-get install hyperfine), else a `date +%s%N` loop. Then
# `cargo check --timings` of each crate (stable cargo, no -Z flag) gives rustc's own duration for
# the crate alone, without cargo's start-up and fingerprinting.

set -euo pipefail

n="${1:-200}"
runs="${RUNS:-10}"
warmup="${WARMUP:-2}"
incremental="${INCREMENTAL:-both}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="${WORK:-/tmp/role-dsl-macro-cost}"
export CARGO_TARGET_DIR="$work/target"
cleanup() { if [[ "${KEEP:-0}" != 1 ]]; then rm -rf "$work"; fi; }
trap cleanup EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); $(rustc --version)"
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"

variants=(macro plain expanded)
rm -rf "${variants[@]/#/$work/}"
for variant in "${variants[@]}"; do
  python3 "$here/gen-roles.py" crate "$n" "$work/$variant" "$variant"
  cp "$root/Cargo.lock" "$work/$variant/Cargo.lock"
done
echo "== generated $n roles; src/lib.rs: macro $(wc -c < "$work/macro/src/lib.rs") bytes, plain $(wc -c < "$work/plain/src/lib.rs"), expanded $(wc -c < "$work/expanded/src/lib.rs")"

echo "== warm-up: building the dependencies in $CARGO_TARGET_DIR"
for variant in "${variants[@]}"; do
  cargo check --quiet --manifest-path "$work/$variant/Cargo.toml"
done
# The macro crate must really expand: its roles are registered and valid.
grep -q 'cfg_attr(any(), role(' "$work/macro/src/lib.rs" && { echo "macro crate has switched-off attributes" >&2; exit 1; }

summary() { # json file, label
  python3 - "$1" "$2" "$n" <<'EOF'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
label, n = sys.argv[2], int(sys.argv[3])
m, p, e = results["macro"], results["plain"], results["expanded"]
for name, r in [("with macro", m), ("without", p), ("hand-expanded", e)]:
    print(f"{label}: {name:13} {r['mean']*1e3:5.0f} ms ± {r['stddev']*1e3:3.0f} (median {r['median']*1e3:.0f}, {len(r['times'])} runs)")
per = lambda a, b, key: (a[key] - b[key]) / n * 1e3
print(f"{label}: macro cost per role: {per(m, p, 'mean'):.2f} ms (means), {per(m, p, 'median'):.2f} ms (medians)")
print(f"{label}:   rustc checking the generated items (expanded - plain): {per(e, p, 'mean'):.2f} ms per role")
print(f"{label}:   the macro's own run (macro - expanded):                {per(m, e, 'mean'):.2f} ms per role")
EOF
}

time_variants() { # CARGO_INCREMENTAL value
  local inc="$1" json="$work/times-inc$1.json"
  echo "== cargo check, CARGO_INCREMENTAL=$inc, $runs runs each (touching src/lib.rs before each)"
  if command -v hyperfine > /dev/null; then
    CARGO_INCREMENTAL="$inc" hyperfine --warmup "$warmup" --runs "$runs" --export-json "$json" \
      --prepare "touch $work/macro/src/lib.rs" --command-name macro "cargo check --quiet --manifest-path $work/macro/Cargo.toml" \
      --prepare "touch $work/plain/src/lib.rs" --command-name plain "cargo check --quiet --manifest-path $work/plain/Cargo.toml" \
      --prepare "touch $work/expanded/src/lib.rs" --command-name expanded "cargo check --quiet --manifest-path $work/expanded/Cargo.toml"
  else
    python3 - "$json" "$inc" "$runs" "$warmup" "$work" <<'EOF'
import json, os, statistics, subprocess, sys, time
out, inc, runs, warmup, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
env = dict(os.environ, CARGO_INCREMENTAL=inc)
results = []
for variant in ["macro", "plain", "expanded"]:
    times = []
    for i in range(warmup + runs):
        os.utime(f"{work}/{variant}/src/lib.rs")
        start = time.perf_counter_ns()
        subprocess.run(["cargo", "check", "--quiet", "--manifest-path", f"{work}/{variant}/Cargo.toml"], env=env, check=True)
        if i >= warmup:
            times.append((time.perf_counter_ns() - start) / 1e9)
    results.append({"command": variant, "mean": statistics.mean(times), "stddev": statistics.stdev(times),
                    "median": statistics.median(times), "times": times})
json.dump({"results": results}, open(out, "w"))
EOF
  fi
  summary "$json" "CARGO_INCREMENTAL=$inc"
}

case "$incremental" in
  both) time_variants 0; time_variants 1 ;;
  0 | 1) time_variants "$incremental" ;;
  *) echo "INCREMENTAL: 0, 1 or both" >&2; exit 2 ;;
esac

echo "== cargo check --timings (CARGO_INCREMENTAL=0): rustc's duration for the crate alone"
for variant in "${variants[@]}"; do
  touch "$work/$variant/src/lib.rs"
  (cd "$work/$variant" && CARGO_INCREMENTAL=0 cargo check --quiet --timings)
done
python3 - "$CARGO_TARGET_DIR/cargo-timings" "$n" <<'EOF'
import glob, json, os, re, sys
folder, n = sys.argv[1], int(sys.argv[2])
durations = {}
for path in sorted(glob.glob(os.path.join(folder, "cargo-timing-*.html")), key=os.path.getmtime):
    html = open(path).read()
    units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
    for unit in units:
        if unit["name"].startswith("roles-"):
            durations[unit["name"]] = unit["duration"]
m, p, e = durations["roles-macro"], durations["roles-plain"], durations["roles-expanded"]
print(f"--timings: roles-macro {m*1e3:.0f} ms, roles-plain {p*1e3:.0f} ms, roles-expanded {e*1e3:.0f} ms")
print(f"--timings: macro cost {(m-p)/n*1e3:.2f} ms per role = rustc on generated items {(e-p)/n*1e3:.2f} + macro run {(m-e)/n*1e3:.2f}")
EOF
if [[ "${PARTS:-0}" == 1 ]] && command -v hyperfine > /dev/null; then
  parts=(register match definition)
  echo "== what each part of the expansion costs rustc: the hand-expanded crate less one part, CARGO_INCREMENTAL=0"
  args=(--prepare "touch $work/expanded/src/lib.rs" --command-name expanded "cargo check --quiet --manifest-path $work/expanded/Cargo.toml")
  for part in "${parts[@]}"; do
    python3 "$here/gen-roles.py" crate "$n" "$work/without-$part" "expanded-without-$part"
    cp "$root/Cargo.lock" "$work/without-$part/Cargo.lock"
    cargo check --quiet --manifest-path "$work/without-$part/Cargo.toml"
    args+=(--prepare "touch $work/without-$part/src/lib.rs" --command-name "$part" "cargo check --quiet --manifest-path $work/without-$part/Cargo.toml")
  done
  CARGO_INCREMENTAL=0 hyperfine --warmup "$warmup" --runs "$runs" --export-json "$work/parts.json" "${args[@]}" > /dev/null
  python3 - "$work/parts.json" "$n" <<'EOF'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
n, whole = int(sys.argv[2]), results.pop("expanded")
print(f"hand-expanded: {whole['mean']*1e3:.0f} ms ± {whole['stddev']*1e3:.0f}")
for part, r in results.items():
    saved = (whole["mean"] - r["mean"]) / n * 1e3
    print(f"without {part:12} {r['mean']*1e3:5.0f} ms ± {r['stddev']*1e3:3.0f}: the part costs {saved:5.2f} ms per role")
EOF
fi
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"

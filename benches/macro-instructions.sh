#!/usr/bin/env bash
# What the #[role] macro costs `cargo check`, counted in instructions rather than seconds: the
# same three generated crates as benches/macro-cost.sh (macro, plain, expanded; see there), each
# checked once by rustc under valgrind's callgrind, which counts every instruction rustc runs,
# the proc macro's included. Unlike wall time, the count is the same on every run whatever else
# the machine is doing, so it can compare two commits on a busy machine.
#
#     benches/macro-instructions.sh [N]          # N roles, 200 by default
#     REPO=/path/to/other/checkout benches/macro-instructions.sh 200
#
# Prints the count of each crate and, per role, macro - plain (the macro's whole cost), expanded
# - plain (rustc on the generated items) and macro - expanded (the macro's own run). Takes a
# minute or two for 200 roles, after the dependencies are built.

set -euo pipefail
n="${1:-200}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="${REPO:-$(cd "$here/.." && pwd)}"
work="${WORK:-/tmp/role-dsl-macro-instructions}"
command -v valgrind > /dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 2; }
rm -rf "$work"; mkdir -p "$work"
trap '[[ "${KEEP:-0}" == 1 ]] || rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0
declare -A count
for variant in macro plain expanded; do
  python3 "$repo/benches/gen-roles.py" crate "$n" "$work/$variant" "$variant" > /dev/null
  cp "$repo/Cargo.lock" "$work/$variant/"
  cargo check --quiet --manifest-path "$work/$variant/Cargo.toml"
  touch "$work/$variant/src/lib.rs"
  # The rustc command cargo runs for the crate, run again under callgrind.
  command=$(cargo check -v --manifest-path "$work/$variant/Cargo.toml" 2>&1 \
    | grep -o 'Running `.*rustc --crate-name roles_[a-z_]*.*`' | sed 's/^Running `//; s/`$//')
  touch "$work/$variant/src/lib.rs"
  count[$variant]=$(cd "$work/$variant" && eval "valgrind --tool=callgrind --callgrind-out-file=/dev/null $command" 2>&1 \
    | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*')
  echo "$variant: ${count[$variant]} instructions"
done
python3 - "${count[macro]}" "${count[plain]}" "${count[expanded]}" "$n" <<'PY'
import sys
m, p, e, n = map(int, sys.argv[1:])
per = lambda a, b: (a - b) / n / 1e6
print(f"per role: macro cost {per(m, p):.2f}M instructions = generated items {per(e, p):.2f}M + the macro's run {per(m, e):.2f}M")
PY

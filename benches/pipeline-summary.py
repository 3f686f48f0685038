#!/usr/bin/env python3
"""Per-role times of the last `cargo bench -p role-core --bench pipeline`, from criterion's files.

    python3 benches/pipeline-summary.py [CRITERION_DIR]

CRITERION_DIR defaults to target/criterion of this workspace (CARGO_TARGET_DIR when set). For
each benchmark: the mean and median time of one iteration at each size, the time per role, and
how the per-role time at each size compares with the smallest size: 1.00 is linear growth.
Prints a Markdown table.
"""

import json
import os
import sys
from collections import defaultdict

ORDER = ["scan+cloudformation", "scan+terraform", "parse+validate", "scan", "cloudformation", "terraform"]


def main() -> None:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(target, "criterion")
    group = os.path.join(folder, "pipeline")
    found = defaultdict(dict)
    for bench in os.listdir(group):
        for size in os.listdir(os.path.join(group, bench)):
            new = os.path.join(group, bench, size, "new")
            if not os.path.exists(os.path.join(new, "estimates.json")):
                continue
            meta = json.load(open(os.path.join(new, "benchmark.json")))
            estimates = json.load(open(os.path.join(new, "estimates.json")))
            n = meta["throughput"]["Elements"]
            found[meta["function_id"]][n] = (estimates["mean"]["point_estimate"], estimates["median"]["point_estimate"])
    if not found:
        sys.exit(f"no pipeline results under {group}: run `cargo bench -p role-core --bench pipeline` first")
    print("| benchmark | roles | mean | median | per role (mean) | per role vs smallest size |")
    print("|---|---:|---:|---:|---:|---:|")
    for bench in sorted(found, key=lambda b: ORDER.index(b) if b in ORDER else len(ORDER)):
        sizes = sorted(found[bench])
        base = found[bench][sizes[0]][0] / sizes[0]
        for n in sizes:
            mean, median = found[bench][n]
            per = mean / n
            print(f"| {bench} | {n:,} | {fmt(mean)} | {fmt(median)} | {per / 1e3:.1f} µs | {per / base:.2f} |")


def fmt(ns: float) -> str:
    return f"{ns / 1e9:.3f} s" if ns >= 1e9 else f"{ns / 1e6:.1f} ms"


if __name__ == "__main__":
    main()

"""Round-robin builds of two checkouts at one demo scale (e.g. before and after a change); print a Markdown table."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _build(root: Path, raw: Path, db: Path) -> tuple[float, float]:
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    args = [sys.executable, "-m", "etl.build", "--raw", str(raw), "--dataset", "demo", "--db", str(db)]
    proc = subprocess.Popen(args, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"build failed in {root}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.build_ab", description=__doc__)
    parser.add_argument("before", type=Path, help="checkout of the earlier code (e.g. a git worktree)")
    parser.add_argument("after", type=Path, help="checkout of the later code")
    parser.add_argument("--scale", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/gcm-build-ab"))
    args = parser.parse_args(argv)
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}
    for name, root in sides.items():  # each side's own demo: a change to the generator is part of what is compared
        raw = args.work / f"{name}-raw"
        if not (raw / "manifest.yml").exists():
            cmd = [sys.executable, "-m", "etl.demo", "--scale", str(args.scale), "--out", str(raw)]
            subprocess.run(cmd, cwd=root, check=True, capture_output=True)
    print("| pair | before (s) | after (s) | after / before | load average |\n|---|---:|---:|---:|---:|")
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
    for pair in range(1, args.pairs + 1):
        loads = []
        for name, root in sides.items():
            runs[name].append(_build(root, args.work / f"{name}-raw", args.work / f"{name}.duckdb"))
            loads.append(f"{os.getloadavg()[0]:.1f}")
        before, after = runs["before"][-1][0], runs["after"][-1][0]
        print(f"| {pair} | {before:.1f} | {after:.1f} | {after / before:.2f} | {' / '.join(loads)} |", flush=True)
    for name, measured in runs.items():
        median = statistics.median(s for s, _ in measured)
        print(f"\n{name}: median {median:.1f} s, peak RSS {max(m for _, m in measured):,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time the demo generator, the full build and the progress fill at several demo scales; print a Markdown table."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from statistics import median

import duckdb

from etl import paths
from etl.progress import MethodConfig
from etl.progress_sql import fill as fill_progress

PROGRESS_TABLES = ("progress_cells", "group_cells", "breadth_cells", "share_cells", "cell_reasons", "coverage")


def run_measured(args: list[str]) -> tuple[float, float]:
    """Run a command; return its wall seconds and peak resident memory in MB (from wait4, this child only)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=paths.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def time_progress_fill(db: Path, work: Path) -> float:
    """Refill the progress tables of a built database in a scratch copy; seconds."""
    copy = work / "progress.duckdb"
    shutil.copy(db, copy)
    con = duckdb.connect(str(copy))
    try:
        for table in PROGRESS_TABLES:
            con.execute(f"DELETE FROM {table}")
        cutoff: date = con.execute("SELECT data_cutoff FROM build_info").fetchone()[0]
        started = time.perf_counter()
        fill_progress(con, cutoff, MethodConfig())
        return time.perf_counter() - started
    finally:
        con.close()
        copy.unlink()


def measure_scale(scale: int, runs: int, work: Path) -> dict:
    raw, db = work / f"demo-x{scale}", work / f"demo-x{scale}.duckdb"
    python = sys.executable
    generate_s, _ = run_measured([python, "-m", "etl.demo", "--seed", "42", "--scale", str(scale), "--out", str(raw)])
    builds = [
        run_measured([python, "-m", "etl.build", "--raw", str(raw), "--dataset", "demo", "--db", str(db)])
        for _ in range(runs)
    ]
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT count(*) FROM activities").fetchone()[0]
    cells = con.execute("SELECT count(*) FROM progress_cells").fetchone()[0]
    con.close()
    fills = [time_progress_fill(db, work) for _ in range(runs)]
    shutil.rmtree(raw)
    db.unlink()
    return {
        "scale": scale,
        "activities": rows,
        "progress_cells": cells,
        "generate_s": generate_s,
        "build_s": median(b[0] for b in builds),
        "peak_mb": max(b[1] for b in builds),
        "fill_s": median(fills),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.build_scale", description=__doc__)
    parser.add_argument("--scales", default="1,10,100,1000", help="comma-separated demo scales")
    parser.add_argument("--runs", type=int, default=5, help="builds per scale (the median is reported)")
    args = parser.parse_args(argv)
    print(
        f"| scale | activity rows | progress cells | generate (s) | build (s, median of {args.runs}) "
        f"| peak memory (MB) | progress fill (s, median) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="gcm-bench-") as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            r = measure_scale(scale, args.runs, Path(tmp))
            print(
                f"| {r['scale']:,} | {r['activities']:,} | {r['progress_cells']:,} | {r['generate_s']:.1f} "
                f"| {r['build_s']:.1f} | {r['peak_mb']:,.0f} | {r['fill_s']:.2f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

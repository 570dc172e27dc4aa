"""Shared benchmark helpers: demo databases per scale (built once, reused while fresh), timers, tables."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from etl import paths

WORK = Path(os.environ.get("GCM_BENCH_WORK", "/tmp/gcm-bench"))
SEED = 42
BUILD_TIMEOUT_S = 900


def _etl_mtime() -> float:
    """The newest modification time of the ETL sources: a database older than this is rebuilt."""
    return max(p.stat().st_mtime for p in (paths.ROOT / "etl").rglob("*.py"))


def db_for(scale: int, work: Path = WORK, rebuild: bool = False) -> Path:
    """`<work>/x<scale>/demo.duckdb`, generated and built with the repository's ETL unless a fresh one exists.

    One folder per scale: the dashboard lists every `*.duckdb` beside GCM_DB_PATH as a dataset.
    """
    folder = work / f"x{scale}"
    db = folder / "demo.duckdb"
    if db.exists() and not rebuild and db.stat().st_mtime >= _etl_mtime():
        return db
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / "raw"
    python = sys.executable
    _check([python, "-m", "etl.demo", "--seed", str(SEED), "--scale", str(scale), "--out", str(raw)])
    _check([python, "-m", "etl.build", "--raw", str(raw), "--dataset", "demo", "--db", str(db)])
    return db


def _check(args: list[str]) -> None:
    done = subprocess.run(args, cwd=paths.ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")


def dashboard_env(db: Path) -> dict[str, str]:
    """The environment that points the dashboard at one database."""
    return {**os.environ, "GCM_DB_PATH": str(db), "GCM_DATASET": "demo"}


def time_call(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def interleaved(fns: dict[str, Callable[[], object]], runs: int, warmup: int = 1) -> dict[str, list[float]]:
    """Time several variants round-robin (so machine noise hits them alike); seconds per variant per round."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            times[name].append(time_call(fn))
    return times


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summarise_sessions(results: list[dict], sessions: int, wall: float, memory: dict) -> dict:
    """p50/p95/max of the page loads of simultaneous sessions (`times` and `errors` lists each), with the errors."""
    times = [t for r in results for t in r["times"]]
    errors = [e for r in results for e in r["errors"]]
    return {
        "sessions": sessions,
        "loads": len(times) + len(errors),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "p50_s": percentile(times, 50) if times else None,
        "p95_s": percentile(times, 95) if times else None,
        "max_s": max(times) if times else None,
        "wall_s": wall,
        "memory_mb": memory,
    }


def markdown_table(headers: list[str], rows: Iterable[Iterable[object]], align: str | None = None) -> str:
    """A Markdown table; `align` is one character per column, `l` or `r` (default: first left, rest right)."""
    align = align or "l" + "r" * (len(headers) - 1)
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def fmt_s(seconds: float) -> str:
    """Seconds with sensible precision (ms below one second)."""
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"

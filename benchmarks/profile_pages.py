"""cProfile of warm AppTest reruns of every page and of a new session's first page: where the server's time goes."""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from statistics import median

from benchmarks.common import db_for
from benchmarks.pages import APP, PAGES, TIMEOUT_S
from etl import paths

_ACTIVE: list[cProfile.Profile] = []  # the profile the script thread enables while a measured run is on


def _profile_script_thread() -> None:
    """AppTest runs the page script on its own thread, which a cProfile enabled here would not see: enable the
    active profile around ScriptRunner._run_script, on that thread."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    original = ScriptRunner._run_script

    def run_script(self, rerun_data):
        if not _ACTIVE:
            return original(self, rerun_data)
        _ACTIVE[0].enable()
        try:
            return original(self, rerun_data)
        finally:
            _ACTIVE[0].disable()

    ScriptRunner._run_script = run_script


def _where(func: tuple) -> str:
    filename, line, name = func
    for root in (str(paths.ROOT) + "/", "site-packages/"):
        if root in filename:
            filename = filename.split(root, 1)[1]
    return f"{filename}:{line} {name}"


def top(profile: cProfile.Profile, runs: int, count: int) -> str:
    """The project's functions by cumulative time, then every function by its own time, per run (script thread)."""
    stats = pstats.Stats(profile, stream=io.StringIO())
    rows = stats.stats  # {func: (calls, primitive calls, own time, cumulative time, callers)}
    ours = [(cum, own, calls, func) for func, (calls, _, own, cum, _) in rows.items() if "/dashboard/" in func[0]]
    lines = ["  project functions, cumulative ms per run (own ms):"]
    for cum, own, calls, func in sorted(ours, reverse=True)[:count]:
        lines.append(f"    {cum / runs * 1000:7.1f} ({own / runs * 1000:5.1f})  x{calls // runs:<4} {_where(func)}")
    lines.append("  every function, own ms per run:")
    every = sorted(((own, calls, func) for func, (calls, _, own, _, _) in rows.items()), reverse=True)
    for own, calls, func in every[:count]:
        lines.append(f"    {own / runs * 1000:7.1f}  x{calls // runs:<6} {_where(func)}")
    return "\n".join(lines)


def warm_reruns(runs: int, count: int) -> None:
    from streamlit.testing.v1 import AppTest

    for name, page_file, _, params in PAGES:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(page_file)
        at.run()  # warm: every cached query of this view is filled
        profile, times = cProfile.Profile(), []
        for _ in range(runs):
            at.switch_page(page_file)
            started = time.perf_counter()
            _ACTIVE[:] = [profile]
            at.run()
            _ACTIVE.clear()
            times.append(time.perf_counter() - started)
        print(f"\n### {name}: warm rerun, median {median(times) * 1000:.1f} ms under the profiler (x{runs})")
        print(top(profile, runs, count), flush=True)


def first_pages(runs: int, count: int) -> None:
    """New sessions' first Overview in a process whose caches a first visitor filled."""
    from streamlit.testing.v1 import AppTest

    AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    profile, times = cProfile.Profile(), []
    for _ in range(runs):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
        started = time.perf_counter()
        _ACTIVE[:] = [profile]
        at.run()
        _ACTIVE.clear()
        times.append(time.perf_counter() - started)
    print(f"\n### a new session's first page (Overview), median {median(times) * 1000:.1f} ms under the profiler")
    print(top(profile, runs, count), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_pages", description=__doc__)
    parser.add_argument("--scale", type=int, default=1, help="demo scale of the database (built if missing)")
    parser.add_argument("--runs", type=int, default=7, help="profiled reruns per page")
    parser.add_argument("--top", type=int, default=12, help="functions listed per page")
    args = parser.parse_args(argv)
    os.environ.update({"GCM_DB_PATH": str(db_for(args.scale)), "GCM_DATASET": "demo"})
    print(f"# cProfile, demo scale {args.scale}, load average {' / '.join(f'{v:.1f}' for v in os.getloadavg())}")
    _profile_script_thread()
    first_pages(args.runs, args.top)
    warm_reruns(args.runs, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())

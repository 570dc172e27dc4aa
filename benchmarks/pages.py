"""Server-side script time of every page (Streamlit AppTest): cold (empty data cache) and warm median; prints JSON."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from statistics import median

from benchmarks.common import dashboard_env
from etl import paths

APP = str(paths.ROOT / "dashboard" / "app.py")
# (name, page file, URL path, query parameters): the Countries page shows nothing until a country is chosen.
PAGES = [
    ("overview", "app_pages/overview.py", "", {}),
    ("objectives", "app_pages/objectives.py", "objectives", {}),
    ("countries", "app_pages/countries.py", "countries", {"geo": "KEN"}),
    ("regions", "app_pages/regions.py", "regions", {}),
    ("extracts", "app_pages/extracts.py", "extracts", {}),
    ("method", "app_pages/method.py", "method", {}),
]
TIMEOUT_S = 300  # a cold page at scale 1000 runs its queries on 1.4M rows


def page_times(page_file: str, params: dict, runs: int) -> dict:
    """One fresh session on a page: its cold run (data cache cleared) and the median of `runs` warm runs."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import db
    from dashboard.ui import replay

    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()  # the first run lands on the default page; switch_page needs it (AppTest docs)
    at.switch_page(page_file)
    st.cache_data.clear()
    db.clear_results()  # query results; the connection stays open, as on a running server
    replay._drawn.clear()  # the panels drawn from them
    started = time.perf_counter()
    at.run()
    cold = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page_file}: {[e.value for e in at.exception][:1]}")
    warm = []
    for _ in range(runs):
        at.switch_page(page_file)
        started = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - started)
    return {
        "cold_s": cold,
        "warm_s": median(warm),
        "runs": runs,
        "charts": len(at.get("plotly_chart")),
        "tables": len(at.dataframe),
    }


def measure(db: str, runs: int, only: list[str] | None = None) -> dict:
    """Run this module in a fresh interpreter pointed at `db` (module-level caches stay per database)."""
    args = [sys.executable, "-m", "benchmarks.pages", "--db", db, "--runs", str(runs)]
    if only:
        args += ["--pages", ",".join(only)]
    done = subprocess.run(
        args,
        cwd=paths.ROOT,
        env=dashboard_env(db),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S * 2 * (len(only or PAGES) + 1),
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.pages failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages", description=__doc__)
    parser.add_argument("--db", required=True, help="database file (GCM_DB_PATH)")
    parser.add_argument("--runs", type=int, default=5, help="warm runs per page (the median is reported)")
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    args = parser.parse_args(argv)
    os.environ.update({"GCM_DB_PATH": args.db, "GCM_DATASET": "demo"})
    wanted = args.pages.split(",") if args.pages else [name for name, *_ in PAGES]
    out = {name: page_times(file, params, args.runs) for name, file, _, params in PAGES if name in wanted}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Warm server-side run of every page in each UN language against English (AppTest); prints a Markdown table.

`python -m benchmarks.languages --db data/build/demo.duckdb --runs 7 --repeat 3`: per repeat, one fresh
interpreter runs every page in every language (languages interleaved page by page, so machine load falls on all
alike); a page's time in a language is the median of its warm runs, and the table shows the median over repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from statistics import median

from benchmarks.common import dashboard_env
from benchmarks.pages import APP, PAGES
from etl import paths

LANGS = ("ar", "zh", "en", "fr", "ru", "es")
TIMEOUT_S = 1800


def warm_times(runs: int) -> dict[str, dict[str, float]]:
    """{page: {lang: median warm seconds}}: one AppTest session per language, each page run `runs` times warm."""
    from streamlit.testing.v1 import AppTest

    from dashboard.i18n import use_language

    sessions = {}
    for lang in LANGS:
        with use_language(lang):
            at = AppTest.from_file(APP, default_timeout=300)
            at.query_params["lang"] = lang
            at.run()
            sessions[lang] = at
    out: dict[str, dict[str, float]] = {}
    for name, page_file, _, params in PAGES:
        times: dict[str, list[float]] = {lang: [] for lang in LANGS}
        for lang, at in sessions.items():
            with use_language(lang):
                for key, value in params.items():
                    at.query_params[key] = value
                at.switch_page(page_file)
                at.run()  # the warm-up: caches filled for this page and language
                if at.exception:
                    raise RuntimeError(f"{name} in {lang}: {[e.value for e in at.exception][:1]}")
        for _ in range(runs):
            for lang, at in sessions.items():  # interleaved: a burst of load hits every language alike
                with use_language(lang):
                    at.switch_page(page_file)
                    started = time.perf_counter()
                    at.run()
                    times[lang].append(time.perf_counter() - started)
        out[name] = {lang: median(values) for lang, values in times.items()}
    return out


def measure(db: str, runs: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.languages", "--db", db, "--runs", str(runs), "--child"],
        cwd=paths.ROOT,
        env=dashboard_env(db),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.languages failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(results: list[dict]) -> str:
    """Medians over repeats in ms, each language's ratio to English in the same repeat (median of the ratios)."""
    lines = [
        "| page | " + " | ".join(LANGS) + " | worst ratio to en |",
        "|---|" + "---:|" * (len(LANGS) + 1),
    ]
    for name, *_ in PAGES:
        cells, worst = [], 0.0
        for lang in LANGS:
            ms = median(r[name][lang] for r in results) * 1000
            ratio = median(r[name][lang] / r[name]["en"] for r in results)
            worst = max(worst, ratio) if lang != "en" else worst
            cells.append(f"{ms:.0f} ms" + ("" if lang == "en" else f" ({ratio:.2f})"))
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {worst:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.languages", description=__doc__)
    parser.add_argument("--db", default=str(paths.BUILD / "demo.duckdb"), help="database file (GCM_DB_PATH)")
    parser.add_argument("--runs", type=int, default=7, help="warm runs per page and language (median)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh interpreters (the table shows their median)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        os.environ.update({"GCM_DB_PATH": args.db, "GCM_DATASET": "demo"})
        print(json.dumps(warm_times(args.runs)))
        return 0
    results = [measure(args.db, args.runs) for _ in range(args.repeat)]
    print(table(results))
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Dashboard benchmarks: `--quick` prints a summary line in under two minutes; without it, everything as Markdown."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from statistics import median

from benchmarks import pages, query_layer
from benchmarks.common import db_for, fmt_s, markdown_table

QUICK_QUERY_SCALE = 100  # 140k activity rows: the query comparison of --quick stays within its time budget


def machine() -> dict:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "duckdb": version("duckdb"),
        "pandas": version("pandas"),
        "streamlit": version("streamlit"),
        "load": load(),
    }


def load() -> str:
    return " / ".join(f"{v:.1f}" for v in os.getloadavg())


def summary(queries: dict, overview_s: float) -> str:
    """The one closing line: median ours/raw, median pandas/ours over the benchmarked queries, Overview seconds."""
    x = median(c["vs_raw"] for c in queries["cases"])
    y = median(c["pandas_vs_ours"] for c in queries["cases"])
    return f"summary: query_vs_raw={x:.2f} pandas_vs_query={y:.1f} overview_s={overview_s:.3f}"


def query_table(result: dict) -> str:
    rows = []
    for c in result["cases"]:
        m = c["median"]
        rows.append(
            [
                f"{c['case'].label} ({c['case'].where})",
                c["case"].name,
                f"{c['rows']:,}",
                fmt_s(m["ours"]),
                fmt_s(m["fetchall"]),
                fmt_s(m["arrow"]),
                f"{c['vs_raw']:.2f}",
                fmt_s(m["pandas"]) if "pandas" in m else "-",
                f"{c['pandas_vs_ours']:.1f}" if "pandas_vs_ours" in c else "-",
                {True: "yes", False: "NO", None: "-"}[c["same"]],
            ]
        )
    totals = {k: sum(c["median"][k] for c in result["cases"]) for k in ("ours", "pandas")}
    note = (
        f"\n\n{result['activities']:,} activity rows; pandas start-up load {fmt_s(result['load_s'])} and "
        f"{result['load_mb']:.0f} MB of DataFrames (once per process); pandas/ours on the summed medians "
        f"{totals['pandas'] / totals['ours']:.1f}."
    )
    return (
        markdown_table(
            [
                "query (page)",
                "queries.py",
                "rows out",
                "ours",
                "raw fetchall",
                "raw arrow",
                "ours/raw",
                "pandas",
                "pandas/ours",
                "same result",
            ],
            rows,
            "llrrrrrrrl",
        )
        + note
    )


def pages_table(by_scale: dict) -> str:
    rows = []
    for name, *_ in pages.PAGES:
        row = [name]
        for result in by_scale.values():
            page = result[name]
            row += [fmt_s(page["cold_s"]), fmt_s(page["warm_s"])]
        rows.append(row)
    headers = ["page"] + [f"x{s} {kind}" for s in by_scale for kind in ("cold", "warm median")]
    return markdown_table(headers, rows)


def browser_table(results: dict) -> str:
    by_scale = {s: r for s, r in results.items() if s != "floor"}
    rows = []
    for name, *_ in pages.PAGES:
        row = [name, next(iter(by_scale.values()))["pages"][name]["marker"]]
        for result in by_scale.values():
            page = result["pages"][name]
            done = fmt_s(page["complete_s"]) if page["complete_s"] is not None else "-"
            first_done = fmt_s(page["first_complete_s"]) if page["first_complete_s"] is not None else "-"
            row += [
                f"{fmt_s(page['first_s'])} / {first_done}",
                f"{fmt_s(page['median_s'])} / {done}" + (" (error)" if page["errors"] else ""),
            ]
        rows.append(row)
    headers = ["page", "first visible"] + [f"x{s} {kind}" for s in by_scale for kind in ("first load", "median")]
    errors = [
        f"- x{s} {name}: {'; '.join(p['errors'])}"
        for s, r in by_scale.items()
        for name, p in r["pages"].items()
        if p["errors"]
    ]
    floor = results["floor"]["pages"]["overview"]
    notes = [
        f"Floor, a Streamlit page with one small Plotly chart and nothing else (benchmarks/minimal_app.py), "
        f"loaded in turn with the Overview: first {fmt_s(floor['first_s'])}, median {fmt_s(floor['median_s'])}.",
        *errors,
    ]
    return markdown_table(headers, rows, "ll" + "r" * (len(headers) - 2)) + "\n\n" + "\n".join(notes)


def memory_table(results: dict) -> str:
    rows = [
        [f"x{s}", f"{r['memory_mb']['VmHWM']:.0f}", f"{r['memory_mb']['VmRSS']:.0f}"]
        for s, r in results.items()
        if s != "floor"
    ]
    return markdown_table(["scale", "peak RSS VmHWM (MB)", "RSS at end (MB)"], rows)


def concurrency_table(results: dict) -> str:
    rows = [
        [
            kind.split()[0],
            r["sessions"],
            r["loads"],
            r["errors"],
            fmt_s(r["p50_s"]) if r["p50_s"] else "-",
            fmt_s(r["p95_s"]) if r["p95_s"] else "-",
            fmt_s(r["max_s"]) if r["max_s"] else "-",
            fmt_s(r["wall_s"]),
            f"{r['memory_mb']['VmHWM']:.0f}",
            "; ".join(r["error_kinds"]) or "-",
        ]
        for kind, r in results.items()
    ]
    return markdown_table(
        ["clients", "sessions", "page loads", "errors", "p50", "p95", "max", "wall", "server peak MB", "errors seen"],
        rows,
        "lrrrrrrrrl",
    )


def quick(args) -> int:
    db1, db_q = db_for(1), db_for(QUICK_QUERY_SCALE)
    queries = query_layer.measure(str(db_q), args.runs)
    print(f"## Query layer at demo scale {QUICK_QUERY_SCALE} (median of {args.runs})\n\n{query_table(queries)}\n")
    overview = pages.measure(str(db1), args.runs, only=["overview"])["overview"]
    print(f"Overview, server-side run at scale 1: {fmt_s(overview['warm_s'])} (median of {args.runs} warm runs)\n")
    print(summary(queries, overview["warm_s"]))
    return 0


def section(title: str, body: str) -> None:
    print(f"## {title}\n\n_load average before: {load()}_\n\n{body}\n", flush=True)


PARTS = ("queries", "pages", "browser", "concurrency", "serving")


def full(args) -> int:
    scales = [int(s) for s in args.scales.split(",")]
    parts = args.only.split(",") if args.only else PARTS
    dbs = {s: db_for(s, rebuild=args.rebuild) for s in scales}
    results: dict = {"machine": machine(), "queries": {}, "pages": {}, "browser": {}, "concurrency": {}, "serving": []}
    print(f"# Benchmarks {results['machine']}\n", flush=True)
    if "queries" in parts:
        for s in scales:
            results["queries"][s] = query_layer.measure(str(dbs[s]), args.runs)
            section(f"Query layer, demo scale {s} (median of {args.runs})", query_table(results["queries"][s]))
    if "pages" in parts:
        results["pages"] = {s: pages.measure(str(dbs[s]), args.runs) for s in scales}
        section(f"Server-side page run (AppTest, median of {args.runs} warm runs)", pages_table(results["pages"]))
    if "browser" in parts:
        _browser(args, dbs, results)
    if "concurrency" in parts:
        _concurrency(args, dbs[min(dbs)], results, min(dbs))
    if "serving" in parts:
        _serving(args, dbs, results)
    _save(args, results)
    if results["queries"] and results["pages"]:
        print(summary(results["queries"][max(scales)], results["pages"][min(scales)]["overview"]["warm_s"]))
    return 0


def _browser(args, dbs: dict, results: dict) -> None:
    from benchmarks import browser

    results["browser"] = browser.page_loads(dbs, args.runs)
    section(
        f"Chromium: first chart visible / script finished (median of {args.runs} loads after the first)",
        browser_table(results["browser"]),
    )
    section("Server peak memory after visiting every page", memory_table(results["browser"]))


def _concurrency(args, db: Path, results: dict, scale: int) -> None:
    from benchmarks import browser, ws_clients

    for n in (int(v) for v in args.sessions.split(",") if v):
        results["concurrency"][f"websocket x{n}"] = ws_clients.concurrency(db, n)
    for n in (int(v) for v in args.browser_sessions.split(",") if v):
        results["concurrency"][f"Chromium x{n}"] = browser.concurrency(db, n)
    section(f"Concurrency at demo scale {scale}", concurrency_table(results["concurrency"]))


def _serving(args, dbs: dict, results: dict) -> None:
    from benchmarks import serving

    every = serving.scenarios(args.serving)
    for scale, db in dbs.items():
        # Every scenario at the smallest scale; at larger ones the arrivals over time, for the memory they leave.
        wanted = every if scale == min(dbs) else [s for s in every if s[1]]
        for sessions_over in wanted:
            runs = [("1 direct", serving.direct(db, [sessions_over])[0])]
            runs.append((f"{args.processes} via nginx", serving.behind_nginx(db, args.processes, [sessions_over])[0]))
            for setup, result in runs:
                results["serving"].append((scale, setup, result))
            print(f"  serving x{scale} {sessions_over}: done, load {load()}", file=sys.stderr, flush=True)
    headers = ["scale", "viewers", "processes", "p50", "p95", "max", "script p95", "errors", "sessions per process"]
    headers += ["RSS per process after (MB)", "peak RSS per process (MB)", "RSS 5 s after they left (MB)"]
    headers += ["errors seen"]
    body = markdown_table(headers, serving.table(results["serving"]), "lllrrrrrrrrrl")
    section("Serving many viewers: time from connect to the Overview's first chart", body)


def _save(args, results: dict) -> None:
    if args.json:
        for scale in results["queries"].values():
            for case in scale["cases"]:
                case["case"] = case["case"].name
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the reduced set (scales 1 and 100), under two minutes")
    parser.add_argument("--scales", default="1,100,1000", help="comma-separated demo scales (full run)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement (medians are reported)")
    parser.add_argument("--sessions", default="1,10,50", help="simultaneous websocket sessions (comma-separated)")
    parser.add_argument(
        "--browser-sessions",
        default="1,5,10",
        help="simultaneous Chromium contexts (comma-separated; 50 times out on 2 cores)",
    )
    parser.add_argument(
        "--serving", default="10,50,200@60", help="serving part: viewers at once, or N@S arriving over S seconds"
    )
    parser.add_argument("--processes", type=int, default=2, help="serving part: Streamlit processes behind nginx")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo databases even when fresh")
    parser.add_argument("--only", help=f"comma-separated parts of the full run: {', '.join(PARTS)} (default: all)")
    parser.add_argument("--json", help="also write every raw figure to this file (full run)")
    args = parser.parse_args(argv)
    return quick(args) if args.quick else full(args)


if __name__ == "__main__":
    sys.exit(main())

"""Warm server-side run of every page in each UN language against English; prints Markdown tables.

`python -m benchmarks.languages --db data/build/demo.duckdb --runs 7 --repeat 3`: per repeat, one fresh
interpreter runs every page in every language in AppTest (languages interleaved page by page, so machine load falls
on all alike); a page's time in a language is the median of its warm runs, and the table shows the median over
repeats, for the run's wall clock and for the CPU time of the script's own thread (the page's server-side run
without the test harness, and less shaken by other processes than the wall clock).

`--server`: the same pages on a real `streamlit run` server, one websocket session per language, `--repeat` blocks
of `--runs` reruns of a page per language in turn; the figure is the server process's CPU per rerun (/proc, every
thread: the script, serialising and sending), the mean over blocks without the highest and lowest tenth, and its
ratio to English. Each session keeps the messages it was sent and names them on its next rerun, as a browser does
(the server then sends references). Both modes add a second English session: its ratio is the measurement's noise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from statistics import median
from urllib.parse import urlencode

from benchmarks.common import dashboard_env
from benchmarks.pages import APP, PAGES
from benchmarks.server import Server
from benchmarks.session_cost import cpu_s
from benchmarks.ws_clients import _load
from etl import paths

LANGS = ("ar", "zh", "en", "fr", "ru", "es")
# A second English session measured like the others: its ratio to English is the measurement's own noise, the
# yardstick for reading the other ratios.
CONTROL = "en again"
SESSIONS = (*LANGS, CONTROL)


def code(session: str) -> str:
    return "en" if session == CONTROL else session


TIMEOUT_S = 1800


def _script_cpu() -> list[float]:
    """Patch the script runner to note the CPU time of its own thread for each run (what the server spends on the
    page itself, without the test harness reading the messages); returns the list it appends to."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    spent: list[float] = []
    original = ScriptRunner._run_script

    def timed(self, *args, **kwargs):
        started = time.thread_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent.append(time.thread_time() - started)

    ScriptRunner._run_script = timed
    return spent


def warm_times(runs: int) -> dict[str, dict[str, dict[str, float]]]:
    """{"wall" | "cpu": {page: {lang: median warm seconds}}}: one AppTest session per language, each page run
    `runs` times warm; wall clock of the run, and CPU time of the script's thread."""
    from streamlit.testing.v1 import AppTest

    from dashboard.i18n import use_language

    spent = _script_cpu()
    sessions = {}
    for session in SESSIONS:
        with use_language(code(session)):
            at = AppTest.from_file(APP, default_timeout=300)
            at.query_params["lang"] = code(session)
            at.run()
            sessions[session] = at
    out: dict[str, dict[str, dict[str, float]]] = {"wall": {}, "cpu": {}}
    for name, page_file, _, params in PAGES:
        times: dict[str, list[float]] = {session: [] for session in SESSIONS}
        cpu: dict[str, list[float]] = {session: [] for session in SESSIONS}
        for lang, at in sessions.items():
            with use_language(code(lang)):
                for key, value in params.items():
                    at.query_params[key] = value
                at.switch_page(page_file)
                at.run()  # the warm-up: caches filled for this page and language
                if at.exception:
                    raise RuntimeError(f"{name} in {lang}: {[e.value for e in at.exception][:1]}")
        for _ in range(runs):
            for lang, at in sessions.items():  # interleaved: a burst of load hits every language alike
                with use_language(code(lang)):
                    at.switch_page(page_file)
                    started = time.perf_counter()
                    at.run()
                    times[lang].append(time.perf_counter() - started)
                    cpu[lang].append(spent[-1])
        out["wall"][name] = {lang: median(values) for lang, values in times.items()}
        out["cpu"][name] = {lang: median(values) for lang, values in cpu.items()}
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


def trimmed_mean(values: list[float], cut: float = 0.1) -> float:
    """The mean without the highest and lowest tenth: a 10 ms clock tick averages out over the blocks, while a
    garbage collection or another process's burst, landing on one block, is dropped."""
    ordered = sorted(values)
    k = int(len(ordered) * cut)
    kept = ordered[k : len(ordered) - k] or ordered
    return sum(kept) / len(kept)


async def _server_times(url: str, pid: int, runs: int, repeat: int) -> dict:
    import websockets

    sockets = {s: await websockets.connect(url, subprotocols=["streamlit"], max_size=None) for s in SESSIONS}
    kept = {ws: set() for ws in sockets.values()}  # each session's message cache, as its browser tab holds one

    async def load(ws, url_path: str, query: str) -> None:
        charts, exceptions, error = await _load(ws, url_path, query, 300, kept[ws])
        if error or exceptions:
            raise RuntimeError(f"/{url_path}?{query}: {error or f'{exceptions} exception(s)'}")

    result: dict[str, dict[str, float]] = {}
    try:
        for name, _, url_path, params in PAGES:
            queries = {s: urlencode({"lang": code(s), **params}) for s in SESSIONS}
            for lang, ws in sockets.items():  # warm: this page's panels drawn once in each language
                for _ in range(2):
                    await load(ws, url_path, queries[lang])
            blocks: dict[str, list[float]] = {s: [] for s in SESSIONS}
            for turn in range(repeat):  # short blocks, the order turning each time: a burst of load falls on all
                for lang in SESSIONS[turn % len(SESSIONS) :] + SESSIONS[: turn % len(SESSIONS)]:
                    before = cpu_s(pid)
                    for _ in range(runs):
                        await load(sockets[lang], url_path, queries[lang])
                    blocks[lang].append((cpu_s(pid) - before) / runs)
            result[name] = {lang: trimmed_mean(values) for lang, values in blocks.items()}
    finally:
        for ws in sockets.values():
            await ws.close()
    return result


def server_times(db: str, runs: int, repeat: int) -> dict:
    with Server(Path(db)) as server:
        url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
        return asyncio.run(_server_times(url, server.proc.pid, runs, repeat))


def table(results: list[dict]) -> str:
    """Medians over repeats in ms, each language's ratio to English in the same repeat (median of the ratios); the
    worst ratio leaves out the second English session, whose ratio is the noise."""
    lines = [
        "| page | " + " | ".join(SESSIONS) + " | worst ratio to en |",
        "|---|" + "---:|" * (len(SESSIONS) + 1),
    ]
    for name, *_ in PAGES:
        cells, worst = [], 0.0
        for lang in SESSIONS:
            ms = median(r[name][lang] for r in results) * 1000
            ratio = median(r[name][lang] / r[name]["en"] for r in results)
            worst = max(worst, ratio) if lang in LANGS and lang != "en" else worst
            cells.append(f"{ms:.0f} ms" + ("" if lang == "en" else f" ({ratio:.2f})"))
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {worst:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.languages", description=__doc__)
    parser.add_argument("--db", default=str(paths.BUILD / "demo.duckdb"), help="database file (GCM_DB_PATH)")
    parser.add_argument("--runs", type=int, default=7, help="warm runs per page and language (median)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh interpreters (the table shows their median)")
    parser.add_argument("--server", action="store_true", help="server CPU per rerun on a real server (see above)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        os.environ.update({"GCM_DB_PATH": args.db, "GCM_DATASET": "demo"})
        print(json.dumps(warm_times(args.runs)))
        return 0
    if args.server:
        results = [server_times(args.db, args.runs, args.repeat)]
        print(f"server CPU per rerun, {args.runs} reruns x {args.repeat} blocks, load {os.getloadavg()[0]:.1f}")
        print(table(results))
    else:
        runs = [measure(args.db, args.runs) for _ in range(args.repeat)]
        results = {kind: [r[kind] for r in runs] for kind in ("wall", "cpu")}
        print(f"AppTest, {args.runs} warm runs x {args.repeat} interpreters, load {os.getloadavg()[0]:.1f}")
        print("\nWall clock of the run:\n")
        print(table(results["wall"]))
        print("\nCPU time of the script's thread:\n")
        print(table(results["cpu"]))
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

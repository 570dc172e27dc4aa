"""Server CPU of a new session's first page and of a rerun, over the websocket of a real server, against the floor.

    python -m benchmarks.session_cost [--scale 1] [--sessions 40] [--rounds 3]

For the dashboard and for `benchmarks/minimal_app.py` (one small Plotly chart: the floor of any Streamlit page),
one `streamlit run` process each, warmed by one visitor: then `--sessions` new sessions one after another (connect,
ask for the Overview, read to the end of the script, close), and as many reruns of the Overview on one open
session. The figure is the server process's CPU time (user + system, /proc/<pid>/stat) over the sessions, divided
by their number: what each viewer costs the server, whatever the machine's load does to the wall clock. The two
servers alternate `--rounds` times; medians are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path
from statistics import median

import websockets

from benchmarks.common import db_for, markdown_table
from benchmarks.server import Server
from benchmarks.ws_clients import VIEWS, _load

TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_S


async def _visit(url: str, reruns: int = 0, timeout_s: float = 120) -> None:
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        await _views(ws, 1 + reruns, timeout_s)


async def _views(ws, count: int, timeout_s: float = 120) -> None:
    page, query = VIEWS[0]
    for _ in range(count):
        charts, exceptions, error = await _load(ws, page, query, timeout_s)
        if error or exceptions or not charts:
            raise RuntimeError(f"{error or 'exception'} ({charts} charts)")


async def _measure(url: str, pid: int, sessions: int) -> dict:
    # The first visitor fills the caches and stays: Streamlit drops its compiled scripts whenever the last
    # session leaves, which a server with viewers never sees.
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as first_visitor:
        await _views(first_visitor, 1)
        before, started = cpu_s(pid), time.perf_counter()
        for _ in range(sessions):
            await _visit(url)
        first = (cpu_s(pid) - before) / sessions, (time.perf_counter() - started) / sessions
        before = cpu_s(pid)
        await _views(first_visitor, sessions)
        rerun = (cpu_s(pid) - before) / sessions
    return {"first_cpu_s": first[0], "first_wall_s": first[1], "rerun_cpu_s": rerun}


def measure(server: Server, sessions: int) -> dict:
    return asyncio.run(_measure(f"ws://127.0.0.1:{server.port}/_stcore/stream", server.proc.pid, sessions))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.session_cost", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    db = db_for(args.scale)
    scripts = {"dashboard (Overview)": "dashboard/app.py", "floor (minimal_app)": "benchmarks/minimal_app.py"}
    results: dict[str, list[dict]] = {name: [] for name in scripts}
    for _ in range(args.rounds):
        for name, script in scripts.items():
            with Server(db, script=script) as server:
                results[name].append(measure(server, args.sessions))
    rows = []
    for name, runs in results.items():
        rows.append(
            [
                name,
                f"{median(r['first_cpu_s'] for r in runs) * 1000:.1f}",
                f"{median(r['first_wall_s'] for r in runs) * 1000:.1f}",
                f"{median(r['rerun_cpu_s'] for r in runs) * 1000:.1f}",
            ]
        )
    print(f"scale {args.scale}, {args.sessions} sessions x {args.rounds} rounds, load {os.getloadavg()[0]:.1f}")
    headers = ["server", "new session's first page: CPU (ms)", "wall (ms)", "rerun: CPU (ms)"]
    print(markdown_table(headers, rows, "lrrr"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

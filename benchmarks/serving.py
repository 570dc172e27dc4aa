"""New viewers arriving at once or over a minute: one Streamlit process direct against N behind nginx (issue 19)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import websockets
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.common import percentile
from benchmarks.server import Server
from benchmarks.ws_clients import VIEWS, _load, _rerun
from deploy import serve

CLOSED_WAIT_S = 5


def memory_mb(pid: int) -> dict[str, float]:
    """VmHWM (peak resident set) and VmRSS of one process, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {key: int(fields[key].split()[0]) / 1024 for key in ("VmHWM", "VmRSS")}


async def _first_page(url: str, timeout_s: float) -> tuple[dict, object]:
    """A new viewer: open the websocket, ask for the Overview; seconds from the connect to its first chart and to
    the end of its script. Returns the still-open socket: a viewer keeps the tab open."""
    started = time.perf_counter()
    ws = await websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout_s)
    page, query = VIEWS[0]
    await ws.send(_rerun(page, query))
    first = None
    async with asyncio.timeout(timeout_s):
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element.WhichOneof("type")
                if element == "exception":
                    raise RuntimeError("exception on the Overview")
                if element == "plotly_chart" and first is None:
                    first = time.perf_counter() - started
            elif kind == "script_finished":
                if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY or first is None:
                    raise RuntimeError(f"script finished with status {msg.script_finished}, chart at {first}")
                return {"first_chart_s": first, "finished_s": time.perf_counter() - started}, ws


async def _viewer(url: str, delay_s: float, timeout_s: float, sockets: list) -> dict:
    await asyncio.sleep(delay_s)
    try:
        times, ws = await _first_page(url, timeout_s)
    except (OSError, TimeoutError, RuntimeError, websockets.WebSocketException) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"[:80]}
    sockets.append(ws)
    return times


async def _arrivals(url: str, sessions: int, over_s: float, timeout_s: float) -> tuple[list[dict], float, list]:
    """`sessions` viewers arriving evenly over `over_s` seconds (0: all at once); every socket stays open to the
    end, so the memory read afterwards holds every session."""
    sockets: list = []
    started = time.perf_counter()
    step = over_s / sessions if over_s else 0
    results = await asyncio.gather(*(_viewer(url, i * step, timeout_s, sockets) for i in range(sessions)))
    wall = time.perf_counter() - started
    return results, wall, sockets


async def _warm(port: int, timeout_s: float) -> None:
    """A first visitor per process (both views), so the measured viewers find the data caches filled."""
    async with websockets.connect(
        f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None
    ) as ws:
        for page, query in VIEWS:
            await _load(ws, page, query, timeout_s)


async def _measure(port: int, backends: list[int], pids, sessions: int, over_s: float, timeout_s: float) -> dict:
    for backend in backends:
        await _warm(backend, timeout_s)
    results, wall, sockets = await _arrivals(f"ws://127.0.0.1:{port}/_stcore/stream", sessions, over_s, timeout_s)
    await asyncio.sleep(1)  # the servers finish what the last viewers started
    memory = [memory_mb(pid) for pid in pids()]
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    await asyncio.sleep(CLOSED_WAIT_S)  # what stays once the viewers left (Streamlit keeps a closed session 120 s)
    closed = [memory_mb(pid)["VmRSS"] for pid in pids()]
    ok = [r for r in results if "error" not in r]
    errors = sorted({r["error"] for r in results if "error" in r})
    first = [r["first_chart_s"] for r in ok]
    return {
        "sessions": sessions,
        "over_s": over_s,
        "errors": len(results) - len(ok),
        "error_kinds": errors[:3],
        "p50_s": percentile(first, 50) if first else None,
        "p95_s": percentile(first, 95) if first else None,
        "max_s": max(first) if first else None,
        "finished_p95_s": percentile([r["finished_s"] for r in ok], 95) if ok else None,
        "wall_s": wall,
        "memory_mb": memory,
        "closed_rss_mb": closed,
    }


def direct(db: Path, scenarios: list[tuple[int, float]], timeout_s: float = 120) -> list[dict]:
    """One `streamlit run` process, the viewers connecting to it directly; a fresh process per scenario."""
    out = []
    for sessions, over_s in scenarios:
        with Server(db) as server:
            pids = lambda server=server: [server.proc.pid]  # noqa: E731 - read after the run
            out.append(asyncio.run(_measure(server.port, [server.port], pids, sessions, over_s, timeout_s)))
    return out


def behind_nginx(db: Path, processes: int, scenarios: list[tuple[int, float]], timeout_s: float = 120) -> list[dict]:
    """`processes` Streamlit processes behind nginx (deploy/serve.py); a fresh deployment per scenario."""
    out = []
    for sessions, over_s in scenarios:
        with tempfile.TemporaryDirectory(prefix="gcm-serving-") as run_dir:
            ports = [serve.free_port() for _ in range(processes)]
            listen = serve.free_port()
            deployment = serve.Deployment(Path(run_dir), ports, f"127.0.0.1:{listen}", db=db)
            deployment.start()
            try:
                pids = lambda d=deployment: [b.proc.pid for b in d.backends]  # noqa: E731
                out.append(asyncio.run(_measure(listen, ports, pids, sessions, over_s, timeout_s)))
            finally:
                deployment.stop()
            out[-1]["spread"] = _spread(Path(run_dir) / "nginx-access.log", ports)
    return out


def _spread(access_log: Path, ports: list[int]) -> list[int]:
    """Websocket sessions nginx gave each process (its log line is written when the socket closes)."""
    lines = [
        line for line in access_log.read_text().splitlines() if '"GET /_stcore/stream ' in line and " 101 " in line
    ]
    return [sum(f"upstream=127.0.0.1:{port} " in line for line in lines) for port in ports]


def scenarios(spec: str) -> list[tuple[int, float]]:
    """ "10,50,200@60": 10 and 50 viewers at once, 200 arriving over 60 s."""
    out = []
    for part in (p for p in spec.split(",") if p):
        sessions, _, over = part.partition("@")
        out.append((int(sessions), float(over or 0)))
    return out


def table(rows: list[tuple[int, str, dict]]) -> list[list[object]]:
    """Table rows (scale, setup, result) for benchmarks.run's Markdown table."""

    def s(v):
        return "-" if v is None else f"{v:.2f} s"

    out = []
    for scale, setup, r in rows:
        arrival = f"over {r['over_s']:.0f} s" if r["over_s"] else "at once"
        rss = " / ".join(f"{m['VmRSS']:.0f}" for m in r["memory_mb"])
        spread = " / ".join(str(n) for n in r.get("spread", [r["sessions"] - r["errors"]]))
        peak = " / ".join(f"{m['VmHWM']:.0f}" for m in r["memory_mb"])
        closed = " / ".join(f"{m:.0f}" for m in r.get("closed_rss_mb", []))
        out.append(
            [
                f"x{scale}",
                f"{r['sessions']} {arrival}",
                setup,
                s(r["p50_s"]),
                s(r["p95_s"]),
                s(r["max_s"]),
                s(r["finished_p95_s"]),
                r["errors"],
                spread,
                rss,
                peak,
                closed or "-",
                "; ".join(r["error_kinds"]) or "-",
            ]
        )
    return out

"""Simultaneous sessions as bare Streamlit websocket clients: the server's share of concurrency, without browsers."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.common import summarise_sessions
from benchmarks.server import Server

VIEWS = [("", ""), ("objectives", "obj=5&rounds=1-2")]  # (page url path, query string), as the browser run loads


def _rerun(page: str, query: str, cached: set[str] | None = None) -> bytes:
    """The BackMsg a browser sends when it opens `/<page>?<query>`, with the hashes of the messages it keeps."""
    msg = BackMsg()
    msg.rerun_script.page_name = page
    msg.rerun_script.query_string = query
    msg.rerun_script.cached_message_hashes.extend(sorted(cached or ()))
    return msg.SerializeToString()


async def _load(
    ws, page: str, query: str, timeout_s: float, cached: set[str] | None = None
) -> tuple[int, int, str | None]:
    """Ask for one page and read until the script finishes: (plotly charts, exceptions, error or None). With
    `cached`, the client keeps messages as a browser does: it names the ones it holds, the server sends those as
    references, and the hashes of new cacheable ones are added to the set."""
    await ws.send(_rerun(page, query, cached))
    charts = exceptions = 0
    async with asyncio.timeout(timeout_s):
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await ws.recv())
            if cached is not None and msg.metadata.cacheable and msg.hash:
                cached.add(msg.hash)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element.WhichOneof("type")
                charts += element == "plotly_chart"
                exceptions += element == "exception"
            elif kind == "script_finished":
                if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    return charts, exceptions, f"script finished with status {msg.script_finished}"
                return charts, exceptions, None


async def _session(url: str, timeout_s: float, start: asyncio.Event) -> dict:
    """One user: a websocket session loading every view in turn; seconds per view and errors."""
    times, errors = [], []
    try:
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout_s) as ws:
            await start.wait()
            for page, query in VIEWS:
                started = time.perf_counter()
                charts, exceptions, error = await _load(ws, page, query, timeout_s)
                if error or exceptions or not charts:
                    errors.append(error or f"/{page}: {exceptions} exception(s), {charts} chart(s)")
                else:
                    times.append(time.perf_counter() - started)
    except (OSError, TimeoutError, websockets.WebSocketException) as exc:
        errors.append(type(exc).__name__)
    return {"times": times, "errors": errors}


async def _run(server: Server, sessions: int, timeout_s: float) -> dict:
    url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
    warm = asyncio.Event()
    warm.set()
    await _session(url, timeout_s, warm)  # fill the server's data caches, as a first visitor would
    start = asyncio.Event()
    tasks = [asyncio.create_task(_session(url, timeout_s, start)) for _ in range(sessions)]
    await asyncio.sleep(1)  # every socket open before the first request
    started = time.perf_counter()
    start.set()
    results = await asyncio.gather(*tasks)
    return {"results": results, "wall_s": time.perf_counter() - started}


def concurrency(db: Path, sessions: int, timeout_s: float = 120) -> dict:
    """`sessions` simultaneous websocket sessions, each loading the Overview then a filtered Objectives page."""
    with Server(db) as server:
        run = asyncio.run(_run(server, sessions, timeout_s))
        memory = server.memory_mb()
    return summarise_sessions(run["results"], sessions, run["wall_s"], memory)

"""A real `streamlit run` server driven by headless Chromium: time to first chart per page, peak RSS, concurrency."""

from __future__ import annotations

import asyncio
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from playwright.sync_api import Error as PlaywrightError

from benchmarks.common import summarise_sessions
from benchmarks.pages import PAGES
from benchmarks.server import Server

CHROMIUM = "/usr/bin/chromium"  # Debian's chromium, never a browser downloaded by `playwright install`
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHART = ".js-plotly-plot"
TABLE = '[data-testid="stDataFrame"]'
EXCEPTION = '[data-testid="stException"]'
RUNNING = '[data-testid="stStatusWidget"]'  # Streamlit's "Running… / Stop" indicator
MARKERS = {"extracts": TABLE, "method": TABLE}  # pages without a chart: time to the first table instead
VIEWPORT = {"width": 1400, "height": 1000}
FLOOR_APP = "benchmarks/minimal_app.py"


def page_url(server: Server, url_path: str, params: dict) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{server.url}/{url_path}" + (f"?{query}" if query else "")


@dataclass
class Load:
    """One page load in a fresh context: seconds to the first marker, seconds until the script finished, error."""

    visible_s: float
    complete_s: float | None = None
    error: str | None = None


def load_page(browser, url: str, marker: str, timeout_ms: int) -> Load:
    """Open `url` in a new context (a new session); time the first `marker` (or exception box), then wait until the
    script has finished (no running indicator twice in a row), so that the server is idle for the next load."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        started = time.perf_counter()
        try:
            page.goto(url, wait_until="commit", timeout=timeout_ms)
            page.locator(f"{marker}, {EXCEPTION}").first.wait_for(state="visible", timeout=timeout_ms)
        except PlaywrightError as exc:
            return Load(time.perf_counter() - started, error=type(exc).__name__)
        load = Load(time.perf_counter() - started)
        shown = page.locator(EXCEPTION)
        if shown.count():
            load.error = shown.first.inner_text()[:160].replace("\n", " ")
        load.complete_s = _finished(page, started, timeout_ms)
        return load
    finally:
        context.close()


def _finished(page, started: float, timeout_ms: int) -> float | None:
    deadline, idle = started + timeout_ms / 1000, 0
    while time.perf_counter() < deadline and idle < 2:
        idle = 0 if page.locator(RUNNING).count() else idle + 1
        page.wait_for_timeout(100)
    return time.perf_counter() - started - 0.1 if idle >= 2 else None


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, timeout=60_000)


def page_loads(dbs: dict[int, Path], runs: int, timeout_ms: int = 180_000) -> dict:
    """Per scale and page: the first load (cold data cache) and the medians of `runs` later loads; the scales'
    servers run side by side and take turns load by load, so that machine noise hits them alike. The floor, a
    one-chart Streamlit page, takes its turns with the Overview."""
    from playwright.sync_api import sync_playwright

    with ExitStack() as stack, sync_playwright() as playwright:
        servers = {scale: stack.enter_context(Server(db)) for scale, db in dbs.items()}
        floor = stack.enter_context(Server(next(iter(dbs.values())), script=FLOOR_APP))
        browser = launch(playwright)
        try:
            out: dict = {scale: {"pages": {}} for scale in dbs}
            for name, _, url_path, params in PAGES:
                targets = {scale: page_url(server, url_path, params) for scale, server in servers.items()}
                if name == "overview":
                    targets["floor"] = floor.url
                loads = _take_turns(browser, targets, MARKERS.get(name, CHART), runs + 1, timeout_ms)
                for key, mine in loads.items():
                    out.setdefault(key, {"pages": {}})["pages"][name] = _page_summary(name, mine)
        finally:
            browser.close()
        for scale, server in servers.items():
            out[scale]["memory_mb"] = server.memory_mb()
    return out


def _take_turns(browser, targets: dict, marker: str, rounds: int, timeout_ms: int) -> dict[object, list[Load]]:
    loads: dict[object, list[Load]] = {key: [] for key in targets}
    for _ in range(rounds):
        for key, url in targets.items():
            loads[key].append(load_page(browser, url, marker, timeout_ms))
    return loads


def _page_summary(name: str, loads: list[Load]) -> dict:
    later = loads[1:]
    complete = [load.complete_s for load in later if load.complete_s is not None]
    return {
        "marker": "table" if MARKERS.get(name) == TABLE else "chart",
        "first_s": loads[0].visible_s,
        "first_complete_s": loads[0].complete_s,
        "median_s": median(load.visible_s for load in later),
        "complete_s": median(complete) if complete else None,
        "errors": sorted({load.error for load in loads if load.error}),
    }


async def _session(browser, urls: list[str], timeout_ms: int, start: asyncio.Event) -> dict:
    """One user: a fresh context loading each URL in turn until its first chart shows; times and errors."""
    context = await browser.new_context(viewport=VIEWPORT)
    times, errors = [], []
    try:
        page = await context.new_page()
        await start.wait()
        for url in urls:
            started = time.perf_counter()
            try:
                await page.goto(url, wait_until="commit", timeout=timeout_ms)
                await page.locator(CHART).first.wait_for(state="visible", timeout=timeout_ms)
                if await page.locator(EXCEPTION).count():
                    errors.append(f"exception shown: {url}")
                else:
                    times.append(time.perf_counter() - started)
            except Exception as exc:  # a timeout or a crashed page counts as an error, never aborts the run
                errors.append(f"{type(exc).__name__}: {url}")
    finally:
        await context.close()
    return {"times": times, "errors": errors}


async def _concurrent(db: Path, sessions: int, views: list[str], timeout_ms: int) -> dict:
    from playwright.async_api import async_playwright

    with Server(db) as server:
        urls = [f"{server.url}/{view}" for view in views]
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            try:
                await _session(browser, urls, timeout_ms, _set(asyncio.Event()))  # warm the server's caches
                start = asyncio.Event()
                tasks = [asyncio.create_task(_session(browser, urls, timeout_ms, start)) for _ in range(sessions)]
                await asyncio.sleep(1)  # let every context open before the first request goes out
                started = time.perf_counter()
                start.set()
                results = await asyncio.gather(*tasks)
                wall = time.perf_counter() - started
            finally:
                await browser.close()
        memory = server.memory_mb()
    return summarise_sessions(results, sessions, wall, memory)


def _set(event: asyncio.Event) -> asyncio.Event:
    event.set()
    return event


def concurrency(db: Path, sessions: int, timeout_ms: int = 60_000) -> dict:
    """`sessions` simultaneous browser contexts, each loading the Overview then a filtered Objectives page."""
    return asyncio.run(_concurrent(db, sessions, ["", "objectives?obj=5&rounds=1-2"], timeout_ms))

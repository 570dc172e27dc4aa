"""Helpers of the browser tests: find Playwright and Debian's chromium, run a streamlit server, drive widgets."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

try:  # optional: the fast suite runs without Playwright
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError as exc:  # pragma: no cover - depends on the machine
    Page = expect = sync_playwright = None  # type: ignore[assignment]
    PLAYWRIGHT_ERROR: str | None = f"playwright is not installed ({exc}); pip install -r requirements-dev.txt"
else:
    PLAYWRIGHT_ERROR = None

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Debian's chromium, never a browser downloaded by `playwright install` (STREAMLIT_NOTES §12).
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_S = 60  # the first start imports streamlit, plotly and duckdb
TIMEOUT_MS = 30_000  # every Playwright wait and expectation; a cold page renders in 3-8 s here, 17 s under load
BANNER = "Synthetic demo data, not real GCM figures"


def missing() -> str | None:
    """Why the browser tests cannot run on this machine, or None."""
    if PLAYWRIGHT_ERROR:
        return PLAYWRIGHT_ERROR
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found; apt-get install -y chromium (as .ci/run does)"
    return None


def require_browser() -> None:
    """Skip on a developer machine without the browser; in CI (env CI set) a missing browser is a failure."""
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`streamlit run dashboard/app.py` on a free local port, showing the dataset of `db_path`."""

    def __init__(self, db_path: Path | None, dataset: str, log_path: Path, env: dict | None = None) -> None:
        """`db_path` None: the server reads the dataset's published versions (set GCM_BUILD_DIR in `env`)."""
        self.db_path, self.dataset, self.log_path, self.env = db_path, dataset, log_path, env or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> StreamlitServer:
        env = os.environ | {"GCM_DATASET": self.dataset, "PYTHONUNBUFFERED": "1"} | self.env
        if self.db_path is not None:
            env["GCM_DB_PATH"] = str(self.db_path)
        else:
            env.pop("GCM_DB_PATH", None)
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            # others edit the repository while tests run: no file watcher, no "source changed" reruns
            "--server.fileWatcherType",
            "none",
        ]
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not answer /_stcore/health within {SERVER_START_S} s:\n{self.log()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""


# ---------------------------------------------------------------- page helpers


def sidebar(page: Page):
    return page.get_by_test_id("stSidebar")


def banner(page: Page):
    return page.get_by_test_id("stAlert").filter(has_text=BANNER)


def sentence(page: Page):
    """The caption that says the current filters in words ("Showing ...")."""
    return page.get_by_test_id("stCaptionContainer").filter(has_text="Showing ")


def choose(page: Page, label: str, option: str, *, scope=None) -> None:
    """Pick one option of a selectbox or multiselect (react-aria combobox) by its label and option text."""
    scope = scope if scope is not None else sidebar(page)
    settled(page)  # a widget that a rerun is replacing may swallow the click
    scope.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")  # a multiselect keeps its list open


def combobox_value(page: Page, label: str, *, scope=None) -> str:
    scope = scope if scope is not None else sidebar(page)
    return scope.get_by_role("combobox", name=label, exact=True).input_value()


def chips(page: Page, label: str, *, scope=None) -> list[str]:
    """The selected values of a multiselect, as shown on its chips."""
    scope = scope if scope is not None else sidebar(page)
    widget = scope.get_by_test_id("stMultiSelect").filter(has=page.get_by_role("combobox", name=label, exact=True))
    return widget.locator("[data-tag]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")


def rows_in(label: str) -> int:
    """The N of "Table (N rows)" or "Download CSV (N rows)"."""
    found = re.search(r"(\d[\d,]*) rows?\)", label)
    assert found, f"no row count in {label!r}"
    return int(found.group(1).replace(",", ""))


def chart_data(page: Page, index: int) -> str | None:
    """The traces of the index-th Plotly chart (names and values) as JSON, None before it has rendered."""
    return page.evaluate(
        """i => { const el = document.querySelectorAll('.js-plotly-plot')[i];
                  return el && el.data ? JSON.stringify(el.data.map(t => [t.name, t.x, t.y, t.z])) : null; }""",
        index,
    )


def wait_chart_change(page: Page, index: int, before: str) -> str:
    page.wait_for_function(
        """([i, before]) => { const el = document.querySelectorAll('.js-plotly-plot')[i];
                  if (!el || !el.data) return false;
                  return JSON.stringify(el.data.map(t => [t.name, t.x, t.y, t.z])) !== before; }""",
        arg=[index, before],
        timeout=TIMEOUT_MS,
    )
    return chart_data(page, index)


def settled(page: Page) -> None:
    """Wait until Streamlit has finished a rerun: no element is left stale from the previous run."""
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=TIMEOUT_MS)

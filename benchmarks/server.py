"""A `streamlit run dashboard/app.py` server on a free local port for the browser and websocket benchmarks."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from benchmarks.common import WORK, dashboard_env
from etl import paths

SERVER_START_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`streamlit run dashboard/app.py` on a free 127.0.0.1 port, showing one database; stopped by its own pid."""

    def __init__(self, db: Path, log: Path | None = None, script: str = "dashboard/app.py") -> None:
        self.db, self.script, self.port = db, script, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log or WORK / "logs" / f"streamlit-{self.port}.log"  # kept only when something went wrong
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            self.script,
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                command,
                cwd=paths.ROOT,
                env=dashboard_env(self.db),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self._stop()
        raise RuntimeError(f"streamlit did not answer within {SERVER_START_S} s; see {self.log}")

    def __exit__(self, exc_type=None, *exc) -> None:
        self._stop()
        if exc_type is None:
            self.log.unlink(missing_ok=True)

    def _stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)

    def memory_mb(self) -> dict[str, float]:
        """VmHWM (peak resident set) and VmRSS of the server process, in MB."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        return {key: int(fields[key].split()[0]) / 1024 for key in ("VmHWM", "VmRSS")}

"""Serve the dashboard: N Streamlit processes on one data version behind nginx, restarted one at a time."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from etl import paths, versions

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HEALTH_TIMEOUT_S = 90  # a first start imports streamlit, plotly and duckdb; slower while others load the machine
STOP_TIMEOUT_S = 15
RELOAD_SETTLE_S = 1.0  # nginx starts its new workers within this; the old ones finish their open requests
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
BUILDABLE = ("demo", "public")  # datasets whose import files ship with the repository (dashboard/db.py)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(port: int, timeout_s: float = 2, host: str = "127.0.0.1") -> bool:
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/_stcore/health", timeout=timeout_s) as response:
            return response.status == 200
    except OSError:
        return False


def render(listen: str, ports: list[int], run_dir: Path, down: frozenset[int] = frozenset()) -> str:
    """The nginx configuration for these Streamlit ports; a port in `down` gets no new viewers."""
    # max_fails=0: one failed request never marks a process failed, which would move all its viewers' other
    # requests (a session's /media files, its websocket's reconnect) to another process for a while; a request
    # that fails is still tried on the next process (proxy_next_upstream), and a restart marks the process down.
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=0{' down' if port in down else ''};" for port in ports
    )
    # As root nginx would hand its workers to `nobody`, who cannot reach a private run directory; a deployment
    # runs unprivileged (the Dockerfile's user) and then the directive does not apply.
    user_line = "user root root;" if os.geteuid() == 0 else "# user: the unprivileged user that started nginx"
    values = {"listen": listen, "servers": servers, "run_dir": str(run_dir), "user_line": user_line}
    text = TEMPLATE.read_text(encoding="utf-8")
    missing = set(re.findall(r"{{(\w+)}}", text)) - values.keys()
    if missing:
        raise KeyError(f"unfilled placeholders in {TEMPLATE.name}: {sorted(missing)}")
    return re.sub(r"{{(\w+)}}", lambda m: values[m.group(1)], text)


@dataclass
class Backend:
    port: int
    log: Path
    proc: subprocess.Popen | None = None


@dataclass
class Deployment:
    """nginx on `listen` in front of one Streamlit process per backend port, all reading one dataset's versions."""

    run_dir: Path
    ports: list[int]
    listen: str = "127.0.0.1:8501"
    dataset: str = paths.DEFAULT_DATASET
    build_dir: Path = paths.BUILD
    db: Path | None = None  # one fixed database file instead of the dataset's current version (benchmarks)
    backends: list[Backend] = field(init=False)
    nginx: subprocess.Popen | None = field(init=False, default=None)
    restarts: int = field(init=False, default=0)
    wanted: dict = field(init=False, default_factory=lambda: {"restart": False, "stop": False})

    def __post_init__(self) -> None:
        self.run_dir = Path(self.run_dir).resolve()
        self.backends = [Backend(port, self.run_dir / f"streamlit-{port}.log") for port in self.ports]

    # ------------------------------------------------------------ data

    def ensure_data(self) -> str:
        """The data every process shows: the fixed file, or the dataset's current version, built once here when the
        dataset has none (never by N processes at once). Returns what it is, for the log."""
        if self.db is not None:
            if not self.db.is_file():
                raise FileNotFoundError(f"{self.db} does not exist")
            return str(self.db)
        current = versions.current(self.dataset, self.build_dir)
        if current is None:
            if self.dataset not in BUILDABLE:
                raise FileNotFoundError(f"dataset {self.dataset} has no published version in {self.build_dir}")
            command = [sys.executable, "-m", "etl.build", "--dataset", self.dataset]
            subprocess.run(command, cwd=paths.ROOT, env=self._env(), check=True)
            current = versions.current(self.dataset, self.build_dir)
        return f"{current} (the pointer {self.build_dir / self.dataset / versions.POINTER} is read on every run)"

    def _env(self) -> dict[str, str]:
        env = dict(os.environ, GCM_DATASET=self.dataset, GCM_BUILD_DIR=str(self.build_dir), PYTHONUNBUFFERED="1")
        env.pop("GCM_DB_PATH", None)
        if self.db is not None:
            env["GCM_DB_PATH"] = str(self.db)
        return env

    # ------------------------------------------------------------ processes

    def start_backend(self, backend: Backend) -> None:
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.headless=true",
            f"--server.port={backend.port}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",  # a deployed tree does not change; no "source changed" reruns
        ]
        with open(backend.log, "ab") as log:
            backend.proc = subprocess.Popen(
                command,
                cwd=paths.ROOT,
                env=self._env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # a terminal's Ctrl-C reaches this script, which stops them in order
            )

    def wait_healthy(self, backend: Backend) -> None:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while time.monotonic() < deadline:
            if backend.proc.poll() is not None:
                raise RuntimeError(f"streamlit on {backend.port} exited with {backend.proc.returncode}: {backend.log}")
            if healthy(backend.port):
                return
            time.sleep(0.2)
        raise RuntimeError(f"streamlit on {backend.port} not healthy within {HEALTH_TIMEOUT_S} s: {backend.log}")

    def stop_backend(self, backend: Backend) -> None:
        _stop(backend.proc)
        backend.proc = None

    # ------------------------------------------------------------ nginx

    def _nginx_args(self) -> list[str]:
        conf = self.run_dir / "nginx.conf"
        return [NGINX, "-p", str(self.run_dir), "-c", str(conf), "-e", str(self.run_dir / "nginx-error.log")]

    def write_config(self, down: frozenset[int] = frozenset()) -> None:
        for name in TEMP_DIRS:
            (self.run_dir / "tmp" / name).mkdir(parents=True, exist_ok=True)
        text = render(self.listen, self.ports, self.run_dir, down)
        (self.run_dir / "nginx.conf").write_text(text, encoding="utf-8")
        check = subprocess.run([*self._nginx_args(), "-t", "-q"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejected {self.run_dir / 'nginx.conf'}:\n{check.stderr}")

    def start_nginx(self) -> None:
        self.write_config()
        log = open(self.run_dir / "nginx-stderr.log", "ab")  # noqa: SIM115 - kept open for nginx's lifetime
        self.nginx = subprocess.Popen(
            [*self._nginx_args(), "-g", "daemon off;"],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        host, port = self.listen.rsplit(":", 1)
        host = "127.0.0.1" if host in ("", "0.0.0.0", "[::]") else host
        deadline = time.monotonic() + 10
        while not healthy(int(port), host=host) and time.monotonic() < deadline:
            if self.nginx.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.nginx.returncode}: {self.run_dir / 'nginx-error.log'}")
            time.sleep(0.1)

    def reload(self, down: frozenset[int] = frozenset()) -> None:
        """New configuration, no dropped connection: nginx's old workers finish what they serve (websockets too)."""
        self.write_config(down)
        self.nginx.send_signal(signal.SIGHUP)
        time.sleep(RELOAD_SETTLE_S)

    # ------------------------------------------------------------ the deployment

    def start(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        print(f"data: {self.ensure_data()}", flush=True)
        try:
            for backend in self.backends:  # all at once: their imports overlap
                self.start_backend(backend)
            for backend in self.backends:
                self.wait_healthy(backend)
            self.start_nginx()
        except BaseException:
            self.stop()
            raise
        self.write_state()
        print(f"serving http://{self.listen} with {len(self.backends)} processes {self.ports}", flush=True)

    def restart(self, backend: Backend) -> None:
        """Take one process out of the balancer, restart it, wait for its health, put it back."""
        self.reload(down=frozenset({backend.port}))
        self.stop_backend(backend)
        self.start_backend(backend)
        self.wait_healthy(backend)
        self.reload()
        self.restarts += 1
        self.write_state()

    def rolling_restart(self) -> None:
        for backend in self.backends:
            self.restart(backend)
            print(f"restarted the process on {backend.port}", flush=True)

    def stop(self) -> None:
        _stop(self.nginx, signal.SIGQUIT)  # graceful: nginx stops accepting first
        self.nginx = None
        for backend in self.backends:
            self.stop_backend(backend)

    def write_state(self) -> None:
        """run_dir/state.json: what runs where, for `restart`, the tests and the benchmarks."""
        state = {
            "pid": os.getpid(),
            "listen": self.listen,
            "nginx_pid": self.nginx.pid if self.nginx else None,
            "restarts": self.restarts,
            "backends": [{"port": b.port, "pid": b.proc.pid if b.proc else None} for b in self.backends],
        }
        tmp = self.run_dir / "state.json.tmp"
        tmp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(tmp, self.run_dir / "state.json")

    def handle_signals(self) -> None:
        """SIGHUP asks for a rolling restart, SIGTERM and SIGINT for a stop; installed before anything starts, so a
        stop during the start still stops every process started."""
        wanted = self.wanted
        signal.signal(signal.SIGHUP, lambda *_: wanted.update(restart=True))
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: wanted.update(stop=True))

    def supervise(self) -> int:
        """Run until a stop is asked; restart one at a time when asked; a process that dies is started again;
        nginx dying ends the deployment (a container is then restarted by its runtime)."""
        wanted = self.wanted
        try:
            while not wanted["stop"]:
                if self.nginx.poll() is not None:
                    print(f"nginx exited with {self.nginx.returncode}", file=sys.stderr, flush=True)
                    return 1
                if wanted["restart"]:
                    wanted["restart"] = False
                    self.rolling_restart()
                for backend in self.backends:
                    if backend.proc.poll() is not None and not wanted["stop"]:
                        print(f"the process on {backend.port} exited; starting it again", file=sys.stderr, flush=True)
                        self.restart(backend)
                time.sleep(0.5)
            return 0
        finally:
            self.stop()


def _stop(proc: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=STOP_TIMEOUT_S)


def request_restart(run_dir: Path, timeout_s: float) -> int:
    """Ask a running deployment for a rolling restart and wait until every process is back."""
    state_path = Path(run_dir) / "state.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    target = state["restarts"] + len(state["backends"])
    os.kill(state["pid"], signal.SIGHUP)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if json.loads(state_path.read_text(encoding="utf-8"))["restarts"] >= target:
            return 0
        time.sleep(0.5)
    print(f"the rolling restart did not finish within {timeout_s} s", file=sys.stderr)
    return 1


def backend_ports(first: int, count: int) -> list[int]:
    """`count` consecutive ports from `first`, or free ones when `first` is 0."""
    return [free_port() for _ in range(count)] if first == 0 else list(range(first, first + count))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.serve", description=__doc__)
    parser.add_argument("command", nargs="?", default="start", choices=("start", "restart", "render"))
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1, help="Streamlit processes (default: one per core)"
    )
    parser.add_argument("--listen", default="127.0.0.1:8501", help="nginx's address:port (0.0.0.0:8501 in a container)")
    parser.add_argument("--backend-port", type=int, default=8601, help="first Streamlit port; 0 picks free ports")
    parser.add_argument("--run-dir", type=Path, default=Path("/tmp/gcm-serve"), help="nginx's prefix, logs, state")
    parser.add_argument("--dataset", default=paths.dataset_name())
    parser.add_argument("--build-dir", type=Path, default=paths.BUILD, help="where the dataset's versions live")
    parser.add_argument("--db", type=Path, help="one fixed database file instead of the dataset's current version")
    parser.add_argument("--timeout", type=float, default=600, help="restart: seconds to wait for every process")
    args = parser.parse_args(argv)
    if args.command == "restart":
        return request_restart(args.run_dir, args.timeout)
    ports = backend_ports(args.backend_port, args.processes)
    if args.command == "render":
        print(render(args.listen, ports, args.run_dir.resolve()))
        return 0
    deployment = Deployment(args.run_dir, ports, args.listen, args.dataset, args.build_dir.resolve(), args.db)
    deployment.handle_signals()
    deployment.start()
    return deployment.supervise()


if __name__ == "__main__":
    sys.exit(main())

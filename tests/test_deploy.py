"""The deployment (deploy/): nginx's configuration, the container files, and two Streamlit processes behind nginx."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from deploy import serve
from etl import paths, versions
from tests.test_versions import GOOD, changed_copy

DEPLOY = paths.ROOT / "deploy"
START_S = 180  # a first build, then two processes importing streamlit at once on a loaded machine
# $upstream_addr lists every process tried ("a, b" after a retry); the last one answered.
LOG_LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) .*upstream=(?P<up>.+) key=(?P<key>\S+)')


def require_nginx() -> None:
    """Skip where nginx is missing; in CI (env CI set, .ci/run installs it) that is a failure."""
    if os.access(serve.NGINX, os.X_OK):
        return
    reason = f"nginx not found ({serve.NGINX}); apt-get install -y nginx (as .ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def test_the_rendered_configuration_passes_nginx_and_takes_one_process_out(tmp_path):
    require_nginx()
    ports = [serve.free_port(), serve.free_port()]
    deployment = serve.Deployment(tmp_path / "run", ports, f"127.0.0.1:{serve.free_port()}")
    deployment.run_dir.mkdir()
    deployment.write_config(down=frozenset({ports[0]}))  # runs `nginx -t` on it, raising on a rejection
    servers = re.findall(r"server 127\.0\.0\.1:(\d+) [^;]*?( down)?;", (deployment.run_dir / "nginx.conf").read_text())
    assert servers == [(str(ports[0]), " down"), (str(ports[1]), "")]


def _dockerfile_copies(text: str) -> list[str]:
    sources = []
    for line in text.splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not any(w.startswith("--from") for w in words):
            sources += [w for w in words[1:-1] if not w.startswith("--")]
    return sources


def test_the_container_files_name_what_exists():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    service = compose["services"]["dashboard"]
    context = (DEPLOY / service["build"]["context"]).resolve()
    dockerfile = context / service["build"]["dockerfile"]
    assert context == paths.ROOT and dockerfile.is_file()
    text = dockerfile.read_text(encoding="utf-8")
    copies = _dockerfile_copies(text)
    assert copies and all((context / source).exists() for source in copies), copies
    # Everything a running server reads: the code, the reference data, Streamlit's configuration (theme, static
    # serving of the map outlines, no full garbage collection per run) and the docs the Method page shows
    # (docs/METHOD.md and its translations, dashboard/i18n.py).
    assert {"etl", "dashboard", ".streamlit", "data/reference", "docs"} <= set(copies), copies
    # The image serves with this script, on the port compose publishes, and builds its default database.
    assert "deploy.serve" in text and "etl.build" in text
    assert service["ports"] == ["8501:8501"] and "0.0.0.0:8501" in text
    assert "/_stcore/health" in " ".join(service["healthcheck"]["test"])
    assert (context / ".dockerignore").is_file()


def _get(url: str, cookie: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Cookie": f"gcm_backend={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers)


def _log(run_dir: Path) -> list[dict]:
    text = (run_dir / "nginx-access.log").read_text(encoding="utf-8")
    entries = [m.groupdict() for m in map(LOG_LINE.search, text.splitlines()) if m]
    return [e | {"tried": e["up"], "up": e["up"].split(", ")[-1]} for e in entries]


class Served:
    """`python -m deploy.serve` with two processes on free loopback ports, stopped by its own pid."""

    def __init__(self, tmp_path: Path, build_dir: Path) -> None:
        self.run_dir, self.port = tmp_path / "run", serve.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "deploy.serve", "--processes", "2", "--listen", f"127.0.0.1:{self.port}"]
        command += ["--backend-port", "0", "--run-dir", str(self.run_dir), "--build-dir", str(build_dir)]
        env = os.environ | {"GCM_DATASET": "demo"}
        env.pop("GCM_DB_PATH", None)
        self.out = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(command, cwd=paths.ROOT, env=env, stdout=self.out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_S
        while not (self.run_dir / "state.json").exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()  # never leave a deployment running behind a failed test
                raise AssertionError((tmp_path / "serve.log").read_text())
            time.sleep(0.3)
        self.state = json.loads((self.run_dir / "state.json").read_text())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
        self.out.close()


def _keys_on_each_process(served: Served) -> list[str]:
    """Two cookie values that nginx's consistent hash sends to different processes, found by asking it."""
    seen: dict[str, str] = {}
    for i in range(64):
        assert _get(f"{served.url}/_stcore/host-config", f"probe{i}")[0] == 200
        time.sleep(0.05)  # the access log line is written when the request ends
        upstream = next(e["up"] for e in _log(served.run_dir) if e["key"] == f"probe{i}")
        seen.setdefault(upstream, f"probe{i}")
        if len(seen) == 2:
            return list(seen.values())
    raise AssertionError(f"64 keys all hashed to {list(seen)}")


@pytest.mark.browser
def test_two_processes_behind_nginx_keep_their_sessions_and_show_a_rebuild(tmp_path, playwright):
    """Two Chromium sessions through nginx: each stays on its process with one websocket, they are spread over
    both processes, a rebuilt data version reaches both, and a rolling restart never leaves nginx unhealthy."""
    import browser_support as bs

    require_nginx()
    bs.require_browser()
    build_dir = tmp_path / "build"
    env = os.environ | {"GCM_BUILD_DIR": str(build_dir)}
    env.pop("GCM_DB_PATH", None)
    build = [sys.executable, "-m", "etl.build", "--dataset", "demo", "--raw"]
    subprocess.run([*build, str(GOOD)], cwd=paths.ROOT, env=env, check=True, capture_output=True, timeout=120)
    old = versions.current("demo", build_dir).stem
    served = Served(tmp_path, build_dir)
    try:
        status, headers = _get(served.url)  # a browser's first request: nginx gives it its sticky key
        assert status == 200 and headers["Set-Cookie"].startswith("gcm_backend=")
        keys = _keys_on_each_process(served)
        browser = playwright.chromium.launch(executable_path=bs.CHROMIUM, args=bs.LAUNCH_ARGS)
        pages, sockets = [], []
        for key in keys:
            context = browser.new_context()
            context.add_cookies([{"name": "gcm_backend", "value": key, "url": served.url}])
            page = context.new_page()
            page.set_default_timeout(bs.TIMEOUT_MS)
            opened: list[str] = []
            page.on("websocket", lambda ws, opened=opened: opened.append(ws.url))
            page.goto(served.url)
            pages.append(page)
            sockets.append(opened)
        for page in pages:
            # Twice the usual wait: a first Plotly draw in a fresh browser, beside two processes, on a loaded machine.
            bs.expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=2 * bs.TIMEOUT_MS)
            page.wait_for_function("v => location.search.includes('v=' + v)", arg=old)
            bs.settled(page)

        subprocess.run([*build, str(changed_copy(tmp_path, "Rebuilt review of"))], cwd=paths.ROOT, env=env, check=True)
        new = versions.current("demo", build_dir).stem
        assert new != old
        for page in pages:  # the next run of each session, each on its own process
            page.get_by_test_id("stTopNavLink").filter(has_text="Objectives").click()
        for page in pages:
            page.wait_for_function("v => location.search.includes('v=' + v)", arg=new)
            bs.settled(page)
            bs.expect(page.get_by_test_id("stException")).to_have_count(0)
            bs.expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert [len(s) for s in sockets] == [1, 1], sockets  # one websocket each: no reconnect
        # Sticky: every finished request of a session went to one process, and the two sessions' processes differ.
        on = {key: {e["up"] for e in _log(served.run_dir) if e["key"] == key} for key in keys}
        errors = (served.run_dir / "nginx-error.log").read_text()
        assert all(len(ups) == 1 for ups in on.values()) and on[keys[0]] != on[keys[1]], (on, errors[-3000:])

        # A rolling restart, one process at a time: nginx answers health throughout.
        answers, polling = [], threading.Event()
        poller = threading.Thread(target=_poll_health, args=(served.url, polling, answers))
        poller.start()
        restart = [sys.executable, "-m", "deploy.serve", "restart", "--run-dir", str(served.run_dir)]
        try:
            subprocess.run([*restart, "--timeout", str(START_S)], cwd=paths.ROOT, check=True, timeout=START_S + 30)
        finally:
            polling.set()
            poller.join()
        after = json.loads((served.run_dir / "state.json").read_text())
        assert after["restarts"] == 2
        assert {b["pid"] for b in after["backends"]}.isdisjoint(b["pid"] for b in served.state["backends"])
        assert len(answers) > 10 and set(answers) == {200}, answers
        # Both sessions lost their websocket to a restart; each page opened a new one and shows its view again.
        for page, opened in zip(pages, sockets):
            deadline = time.monotonic() + bs.TIMEOUT_MS / 1000
            while len(opened) < 2 and time.monotonic() < deadline:
                page.wait_for_timeout(200)  # Playwright delivers the websocket event while it waits
            assert len(opened) >= 2, opened
            bs.settled(page)
            bs.expect(page.get_by_test_id("stException")).to_have_count(0)
            bs.expect(page.get_by_role("heading", level=1, name="Objectives")).to_be_visible()
        browser.close()
    finally:
        served.stop()

    # Each session's websocket (logged when it closed, at the restart) was upgraded on its own process.
    streams = {
        key: [e for e in _log(served.run_dir) if e["key"] == key and e["path"] == "/_stcore/stream"] for key in keys
    }
    assert all(streams[key][0]["status"] == "101" and {streams[key][0]["up"]} == on[key] for key in keys), streams
    for backend in served.state["backends"]:
        log = (served.run_dir / f"streamlit-{backend['port']}.log").read_text(errors="replace")
        assert "Traceback" not in log, log[-3000:]


def _poll_health(url: str, stop: threading.Event, answers: list) -> None:
    while not stop.is_set():
        try:
            answers.append(_get(f"{url}/_stcore/health")[0])
        except OSError as exc:
            answers.append(type(exc).__name__)
        time.sleep(0.2)

"""Immutable versions, one builder at a time: a rebuild is seen on the next run; a race or a kill never serves half."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl import build, paths, versions
from tests.conftest import GOOD

APP = str(paths.ROOT / "dashboard" / "app.py")


def changed_copy(tmp_path: Path, title: str) -> Path:
    """The good fixture with one pledge title changed: new inputs, hence a new data version."""
    raw = tmp_path / f"raw-{abs(hash(title))}"
    shutil.copytree(GOOD, raw)
    text = (raw / "pledges.csv").read_text(encoding="utf-8")
    (raw / "pledges.csv").write_text(text.replace("Review of", title, 1), encoding="utf-8")
    return raw


def info(path: Path) -> tuple:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT dataset, method_version, input_checksum FROM build_info").fetchone()


@pytest.mark.slow  # whole builds (2-4 s): the full suite runs it, the fast loop does not
def test_a_build_publishes_a_version_and_flips_the_pointer(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    assert build.main(["--raw", str(GOOD)]) == 0  # the dataset is the manifest's name: fixture
    first = versions.current("fixture")
    dataset, method, checksum = info(first)
    assert first.name == f"{versions.version_id(method, checksum)}.duckdb" and dataset == "fixture"
    assert build.main(["--raw", str(changed_copy(tmp_path, "Revised review of")), "--dataset", "fixture"]) == 0
    second = versions.current("fixture")
    assert second != first and first.exists()  # the old version stays for the links and sessions made on it
    assert versions.find("fixture", first.stem) == first
    assert [p.name for p in versions.kept("fixture")] == [second.name, first.name]
    assert not list((tmp_path / "build" / "fixture").glob("*.tmp"))
    assert versions.database_path("fixture") == second or os.environ.get("GCM_DB_PATH")


def test_only_the_last_versions_are_kept(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    published = []
    for i in range(8):
        tmp = versions.temporary_path(folder, f"1.1-{i:08x}")
        tmp.write_bytes(b"x")
        published.append(versions.publish(tmp, f"1.1-{i:08x}", keep=5))
        os.utime(published[-1], ns=(i * 10**9, i * 10**9))  # publication order, whatever the clock's resolution
    assert versions.current("demo", tmp_path) == published[-1]
    assert sorted(p.name for p in versions.kept("demo", tmp_path)) == sorted(p.name for p in published[-5:])


def test_a_second_build_exits_1_while_another_holds_the_lock(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    with versions.build_lock(versions.dataset_dir("fixture"), "fixture"):
        assert build.main(["--raw", str(GOOD)]) == 1
    err = capsys.readouterr().err
    assert f"another build of fixture is running (pid {os.getpid()})" in err and "nothing was written" in err
    assert versions.current("fixture") is None
    assert build.main(["--raw", str(GOOD)]) == 0  # the lock is released with its holder


def _build_process(raw: Path, build_dir: Path) -> subprocess.Popen:
    env = os.environ | {"GCM_BUILD_DIR": str(build_dir)}
    env.pop("GCM_DB_PATH", None)
    return subprocess.Popen(
        [sys.executable, "-m", "etl.build", "--raw", str(raw), "--dataset", "demo"],
        cwd=paths.ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_two_builds_started_together_leave_one_complete_version_and_truthful_exit_codes(tmp_path):
    raw = tmp_path / "demo-raw"
    subprocess.run([sys.executable, "-m", "etl.demo", "--scale", "3", "--out", str(raw)], cwd=paths.ROOT, check=True)
    build_dir = tmp_path / "build"
    first, second = _build_process(raw, build_dir), _build_process(raw, build_dir)
    results = [(p.wait(timeout=300), *p.communicate()) for p in (first, second)]
    codes = sorted(code for code, _, _ in results)
    assert codes in ([0, 0], [0, 1])
    for code, out, err in results:
        if code == 1:  # the one that found the lock taken says so, and wrote nothing
            assert "another build of demo is running" in err and "nothing was written" in err
        else:
            assert out.startswith("Built ")
    live = versions.current("demo", build_dir)
    with duckdb.connect(str(live), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM build_info").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM progress_cells").fetchone()[0] > 0
    assert not list((build_dir / "demo").glob("*.tmp"))


@pytest.mark.slow
def test_a_build_killed_at_any_point_leaves_the_pointer_and_the_versions(tmp_path):
    raw = tmp_path / "demo-raw"
    subprocess.run([sys.executable, "-m", "etl.demo", "--scale", "5", "--out", str(raw)], cwd=paths.ROOT, check=True)
    build_dir = tmp_path / "build"
    assert _build_process(GOOD, build_dir).wait(timeout=120) == 0  # a first version, under the name demo
    before = versions.current("demo", build_dir)
    content = before.read_bytes()
    proc = _build_process(raw, build_dir)
    deadline = time.monotonic() + 60
    while not list((build_dir / "demo").glob(".*.tmp")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert list((build_dir / "demo").glob(".*.tmp")), "the build finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert versions.current("demo", build_dir) == before and before.read_bytes() == content
    assert _build_process(raw, build_dir).wait(timeout=300) == 0  # the lock died with the killed build
    assert versions.current("demo", build_dir) != before and before.exists()
    assert not list((build_dir / "demo").glob(".*.tmp"))


def shown_version(at: AppTest) -> str:
    value = at.query_params["v"]
    return value[-1] if isinstance(value, list) else value


@pytest.mark.slow  # whole builds (2-4 s): the full suite runs it, the fast loop does not
def test_the_next_run_shows_a_rebuilt_version_and_a_link_keeps_its_own(tmp_path, monkeypatch):
    """No restart: the app resolves the pointer on every run; a link's `v=` opens its version while it is kept."""
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    monkeypatch.delenv("GCM_DB_PATH", raising=False)
    monkeypatch.setenv("GCM_DATASET", "fixture")
    assert build.main(["--raw", str(GOOD)]) == 0
    old = versions.current("fixture").stem
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception and shown_version(at) == old
    assert build.main(["--raw", str(changed_copy(tmp_path, "Updated review of")), "--dataset", "fixture"]) == 0
    new = versions.current("fixture").stem
    at.run()
    assert not at.exception and shown_version(at) == new

    shared = AppTest.from_file(APP, default_timeout=30)
    shared.query_params["v"] = old
    shared.run()
    assert not shared.exception and shown_version(shared) == old
    assert any("as it was shared" in i.value for i in shared.info)
    shared.button(key="show-latest").click().run()
    assert shown_version(shared) == new


def test_a_damaged_or_foreign_database_shows_one_plain_message(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    monkeypatch.delenv("GCM_DB_PATH", raising=False)
    monkeypatch.setenv("GCM_DATASET", "fixture")
    assert build.main(["--raw", str(GOOD)]) == 0
    live = versions.current("fixture")
    for damage in ("truncate", "foreign"):
        if damage == "truncate":
            live.write_bytes(live.read_bytes()[:8192])
        else:
            live.unlink()
            with duckdb.connect(str(live)) as con:
                con.execute("CREATE TABLE build_info AS SELECT '0.1' AS schema_version")
        at = AppTest.from_file(APP, default_timeout=30)
        at.run()
        assert not at.exception, damage
        errors = [e.value for e in at.error]
        assert errors and "could not be read" in errors[0] and "etl.build --dataset fixture" in errors[0], damage
        assert str(tmp_path) not in " ".join(errors)  # no server path, no trace


def test_a_url_never_starts_a_build(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    monkeypatch.delenv("GCM_DB_PATH", raising=False)
    monkeypatch.setenv("GCM_DATASET", "fixture")
    assert build.main(["--raw", str(GOOD)]) == 0
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["ds"] = "public"
    at.run()
    assert not at.exception
    assert not (tmp_path / "build" / "public").exists()  # not built because a visitor asked for it
    # Only datasets this server has are offered; the link's unknown dataset falls back to the default, with a notice.
    assert any("ds" in w.value for w in at.warning)
    assert "Test fixture" in " ".join(c.value for c in at.caption)


@pytest.mark.browser
def test_a_running_server_shows_a_rebuild_in_every_open_session(tmp_path, playwright):
    """A real `streamlit run` server, two open sessions; a rebuild flips the pointer; the next run of each session
    shows the new data version with no error (no restart; DuckDB's per-path cache never pins the old file)."""
    import browser_support as bs

    bs.require_browser()
    build_dir = tmp_path / "build"
    env = {"GCM_BUILD_DIR": str(build_dir)}
    assert _build_process(GOOD, build_dir).wait(timeout=120) == 0
    old = versions.current("demo", build_dir).stem
    server = bs.StreamlitServer(None, "demo", tmp_path / "server.log", env).start()
    try:
        browser = playwright.chromium.launch(executable_path=bs.CHROMIUM, args=bs.LAUNCH_ARGS)
        pages = [browser.new_context().new_page() for _ in range(2)]
        for page in pages:
            page.set_default_timeout(bs.TIMEOUT_MS)
            page.goto(server.url)
            page.wait_for_function("v => location.search.includes('v=' + v)", arg=old)
            bs.settled(page)
        assert _build_process(changed_copy(tmp_path, "Rebuilt review of"), build_dir).wait(timeout=120) == 0
        new = versions.current("demo", build_dir).stem
        assert new != old
        # The next run of each open session: a page switch in one, a widget in the other.
        pages[0].get_by_test_id("stTopNavLink").filter(has_text="Objectives").click()
        pages[1].get_by_test_id("stTopNavLink").filter(has_text="Countries").click()
        for page in pages:
            page.wait_for_function("v => location.search.includes('v=' + v)", arg=new)
            bs.settled(page)
            bs.expect(page.get_by_test_id("stException")).to_have_count(0)
            bs.expect(page.get_by_role("heading", level=1)).to_be_visible()
        # An address that still names the old version (a shared link, a reload) opens that version, and says so.
        pinned = browser.new_context().new_page()
        pinned.goto(f"{server.url}/?v={old}")
        bs.expect(pinned.get_by_text("as it was shared")).to_be_visible(timeout=bs.TIMEOUT_MS)
        browser.close()
    finally:
        server.stop()
    assert "Traceback" not in server.log()

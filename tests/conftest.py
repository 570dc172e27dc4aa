"""Shared fixtures: a database built by the real `etl.build` from tests/fixtures/good."""

from pathlib import Path

import duckdb
import pytest

from etl import build, demo, paths

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config):
    """Generate the demo import files once, before pytest-xdist starts its workers (they would race to write them)."""
    if not hasattr(config, "workerinput"):
        demo.ensure_demo(paths.raw_dir("demo"))


GOOD = FIXTURES / "good"


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """Path of a database built from tests/fixtures/good."""
    db = tmp_path_factory.mktemp("fixture") / "fixture.duckdb"
    assert build.main(["--raw", str(GOOD), "--db", str(db)]) == 0
    return db


@pytest.fixture()
def fixture_con(fixture_db):
    """A read-only connection to the fixture database."""
    con = duckdb.connect(str(fixture_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Path:
    """demo.duckdb and public.duckdb built once, side by side, as the dashboard's dataset selector expects them."""
    folder = tmp_path_factory.mktemp("databases")
    for name in ("demo", "public"):
        assert build.main(["--dataset", name, "--db", str(folder / f"{name}.duckdb")]) == 0
    return folder


@pytest.fixture(scope="session")
def demo_db(databases) -> Path:
    """Path of the database built from the synthetic demo dataset (data/raw/demo, seed 42, scale 1)."""
    return databases / "demo.duckdb"


@pytest.fixture(scope="session")
def db_path(fixture_db) -> Path:
    """The fixture database's path, under the name the download and export tests use."""
    return fixture_db


@pytest.fixture(scope="session")
def con(db_path):
    """One read-only connection to the fixture database for a whole test session (modules may override it)."""
    with duckdb.connect(str(db_path), read_only=True) as connection:
        yield connection


@pytest.fixture(scope="session")
def playwright():
    """One Playwright per test process, shared by every browser test: the sync API refuses to start a second one in
    the same thread while another runs (a session fixture of one file would break the next file's own start)."""
    import browser_support as bs

    bs.require_browser()
    bs.expect.set_options(timeout=bs.TIMEOUT_MS)
    started = bs.sync_playwright().start()
    yield started
    started.stop()


@pytest.fixture()
def brief_fonts():
    """The brief's fonts (Debian's fonts-dejavu-core, fonts-noto-cjk): skipped with the reason where they are missing,
    except under CI (`.ci/run` installs them), where a missing font fails like a missing browser."""
    import os

    from dashboard import pdf_layout

    fonts = (pdf_layout.REGULAR, pdf_layout.BOLD, pdf_layout.CJK[0], pdf_layout.CJK_BOLD[0])
    missing = [str(p) for p in fonts if not p.exists()]
    if missing:
        message = f"the country brief needs {', '.join(missing)} (apt-get install fonts-dejavu-core fonts-noto-cjk)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

"""Shared fixtures: a database built by the real `etl.build` from tests/fixtures/good."""

from pathlib import Path

import duckdb
import pytest

from etl import build

FIXTURES = Path(__file__).parent / "fixtures"
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
def demo_db(tmp_path_factory) -> Path:
    """Path of a database built from the synthetic demo dataset (scale 1, seed 42)."""
    from etl import demo

    root = tmp_path_factory.mktemp("demo")
    demo.generate(root / "raw", seed=42, scale=1)
    db = root / "demo.duckdb"
    assert build.main(["--raw", str(root / "raw"), "--dataset", "demo", "--db", str(db)]) == 0
    return db

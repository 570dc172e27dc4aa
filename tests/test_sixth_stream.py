"""A stream is one registry entry and one source: a throwaway sixth stream builds and every page renders."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_a_sixth_stream_registered_from_a_fixture_builds_and_renders(tmp_path):
    # A fresh process: the registry is read once at import, as in a real deployment.
    env = os.environ | {
        "GCM_EXTRA_STREAMS": "tests.fixtures.sixth_stream",
        "GCM_DB_PATH": str(tmp_path / "demo.duckdb"),
        "GCM_DATASET": "demo",
        "GCM_BUILD_DIR": str(tmp_path / "build"),
        "PYTHONPATH": str(ROOT),
    }
    run = subprocess.run(
        [sys.executable, "-m", "tests.sixth_stream_run", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert run.stdout.strip().splitlines()[-1].startswith("ok 40 "), run.stdout[-500:]

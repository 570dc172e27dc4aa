"""The cached read-only DuckDB connection, a cursor per query, and the first-start build of a missing database."""

from __future__ import annotations

import functools
import hashlib
import inspect
import io
import os
import threading
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.i18n import t
from etl import paths

BUILDABLE = ("demo", "public")  # datasets whose import files ship with the repository (demo is generated)
_BUILD_LOCK = threading.Lock()  # two sessions starting at once must not build the same file twice


@dataclass(frozen=True)
class Database:
    dataset: str
    path: str
    mtime: float


def build_dir() -> Path:
    """Where the dataset files live: next to GCM_DB_PATH when it is set (tests), else data/build."""
    override = os.environ.get("GCM_DB_PATH")
    return Path(override).parent if override else paths.BUILD


def default_dataset() -> str:
    return paths.dataset_name()


def available_datasets() -> list[str]:
    """The `*.duckdb` files of the build folder plus demo, public and the default, default first."""
    found = {p.stem for p in build_dir().glob("*.duckdb")} | set(BUILDABLE) | {default_dataset()}
    rest = sorted(found - {default_dataset()})
    return [default_dataset(), *rest]


def path_for(dataset: str) -> Path:
    """GCM_DB_PATH for the default dataset when set, else `<build dir>/<dataset>.duckdb`."""
    if os.environ.get("GCM_DB_PATH") and dataset == default_dataset():
        return Path(os.environ["GCM_DB_PATH"])
    return build_dir() / f"{dataset}.duckdb"


def build_command(dataset: str) -> str:
    return f".venv/bin/python -m etl.build --dataset {dataset}"


def _build(dataset: str, path: Path) -> bool:
    """Run the ETL for a missing database inside a status box; False (with st.error) when it fails."""
    args = ["--dataset", dataset]
    if path != paths.BUILD / f"{dataset}.duckdb":
        args += ["--db", str(path)]
    from etl import build  # imported late: only a first start needs the ETL

    log = io.StringIO()
    with st.status(t("db.building", dataset=dataset), expanded=True) as status:
        st.write(t("db.building_detail"))
        try:
            with redirect_stdout(log), redirect_stderr(log):
                code = build.main(args)
        except Exception as exc:  # the build reports its own problems; anything else is shown, not raised
            code = 1
            log.write(f"{type(exc).__name__}: {exc}")
        if code != 0 or not path.exists():
            status.update(label=t("db.build_failed_label"), state="error")
            st.error(t("db.build_failed", command=build_command(dataset)))
            st.code(log.getvalue()[-3000:] or "-", language="text")
            return False
        status.update(label=t("db.built", dataset=dataset), state="complete", expanded=False)
    return True


def open_database(dataset: str) -> Database | None:
    """The database of a dataset, built first when it is missing and buildable; None after an st.error."""
    path = path_for(dataset)
    if not path.exists():
        if dataset not in BUILDABLE:
            st.error(t("db.missing", path=str(path), command=build_command(dataset)))
            return None
        with _BUILD_LOCK:
            if not path.exists() and not _build(dataset, path):
                return None
    database = Database(dataset, str(path), path.stat().st_mtime)
    try:
        _connection(database.path, database.mtime)
    except duckdb.Error as exc:
        st.error(t("db.unreadable", path=str(path), error=str(exc)[:300], command=build_command(dataset)))
        return None
    return database


@st.cache_resource(max_entries=8, show_spinner=False, on_release=lambda con: con.close())
def _connection(path: str, mtime: float) -> duckdb.DuckDBPyConnection:
    # mtime is part of the key so that a rebuilt (swapped-in) file gets a fresh connection.
    con = duckdb.connect(path, read_only=True)
    con.execute("SET enable_progress_bar = false")  # it would print into the server's log on every long query
    return con


def cursor(database: Database) -> duckdb.DuckDBPyConnection:
    """A new cursor on the shared read-only connection: DuckDB connections are not shared across threads."""
    return _connection(database.path, database.mtime).cursor()


@functools.cache
def _source_hash(query) -> str:
    # Part of the cache key, so that an edited query is never answered from the cache of its old text.
    return hashlib.sha256(inspect.getsource(query).encode()).hexdigest()[:16]


# Bounded: an activity list can hold thousands of rows, and a TTL alone frees no memory (STREAMLIT_NOTES §2).
@st.cache_data(max_entries=128, show_spinner=False)
def _run(path: str, mtime: float, name: str, kwargs: tuple, source_hash: str) -> pd.DataFrame:
    cur = _connection(path, mtime).cursor()
    try:
        return getattr(queries, name)(cur, **dict(kwargs))
    finally:
        cur.close()


def run(database: Database, query, **kwargs) -> pd.DataFrame:
    """Run a `queries` function with plain hashable filter values; results are cached per database file."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items()))
    return _run(database.path, database.mtime, query.__name__, frozen, _source_hash(query))


def fetch(database: Database, query, **kwargs):
    """A `queries` function on its own cursor, uncached: for a download made on click, on another thread."""
    cur = cursor(database)
    try:
        return query(cur, **kwargs)
    finally:
        cur.close()


def build_info(database: Database) -> dict:
    """The one row of build_info as a dict."""
    frame = run(database, queries.build_info)
    return frame.iloc[0].to_dict() if len(frame) else {}


def connection(database: Database) -> duckdb.DuckDBPyConnection:
    """The shared read-only connection (for helpers that open their own cursor on it)."""
    return _connection(database.path, database.mtime)

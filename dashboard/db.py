"""The cached read-only DuckDB connection, a cursor per query, and the first-start build of a missing database."""

from __future__ import annotations

import functools
import hashlib
import importlib
import inspect
import io
import os
import threading
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.i18n import LANGUAGES, current_language, t
from dashboard.names import Names
from etl import paths, schema, versions

BUILDABLE = ("demo", "public")  # datasets whose import files ship with the repository (demo is generated)
_BUILD_LOCK = threading.Lock()  # two sessions starting at once must not build the same dataset twice
_FAILED_BUILDS: set[str] = set()  # a failed first-start build is not retried on every visit: the log says why


@dataclass(frozen=True)
class Database:
    dataset: str
    path: str
    mtime: float
    pinned: bool = False  # a link's own data version, kept, rather than the dataset's current one


def build_dir() -> Path:
    """Where the dataset files live: next to GCM_DB_PATH when it is set (tests), else data/build."""
    override = os.environ.get("GCM_DB_PATH")
    return Path(override).parent if override else paths.BUILD


def default_dataset() -> str:
    return paths.dataset_name()


_LISTED: dict = {}  # build folder -> (monotonic time, datasets): the folder is listed at most once a second
_LISTING_S = 1.0


def available_datasets() -> list[str]:
    """Datasets with a published version or a single database file, and the default, default first: the selector
    offers only what this server can show (it never builds a dataset a visitor picks)."""
    root = build_dir()
    seen = _LISTED.get(root)
    if seen and time.monotonic() - seen[0] < _LISTING_S:
        return list(seen[1])
    listed = _list_datasets(root)
    _LISTED[root] = (time.monotonic(), listed)
    return list(listed)


def _list_datasets(root: Path) -> list[str]:
    files = {p.stem for p in root.glob("*.duckdb") if versions.DATASET_PATTERN.match(p.stem)}
    found = files | set(versions.datasets(root)) | {default_dataset()}
    rest = sorted(found - {default_dataset()})
    return [default_dataset(), *rest]


def path_for(dataset: str) -> Path:
    """GCM_DB_PATH for the default dataset when set, else the dataset's current version, else its single file."""
    if os.environ.get("GCM_DB_PATH") and dataset == default_dataset():
        return Path(os.environ["GCM_DB_PATH"])
    return versions.current(dataset, build_dir()) or build_dir() / f"{dataset}.duckdb"


def build_command(dataset: str) -> str:
    return f".venv/bin/python -m etl.build --dataset {dataset}"


def _build(dataset: str) -> bool:
    """Run the ETL for the missing default database inside a status box; False (with st.error) when it fails."""
    override = os.environ.get("GCM_DB_PATH")
    args = ["--dataset", dataset] + (["--db", override] if override else [])
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
        if code != 0 or not path_for(dataset).exists():
            status.update(label=t("db.build_failed_label"), state="error")
            if "another build of" in log.getvalue():  # another process is building it: no failure of ours
                st.info(t("db.busy", dataset=dataset))
                return False
            _FAILED_BUILDS.add(dataset)
            st.error(t("db.build_failed", command=build_command(dataset)))
            return False
        # The first start also builds the other dataset that ships with the repository, so that both can be chosen.
        for other in BUILDABLE:
            if other != dataset and not override and not path_for(other).exists():
                with redirect_stdout(log), redirect_stderr(log):
                    build.main(["--dataset", other])
        status.update(label=t("db.built", dataset=dataset), state="complete", expanded=False)
    return True


def open_database(dataset: str, version: str | None = None) -> Database | None:
    """The database of a dataset: the link's data version while it is kept, else the current one. Only the
    default dataset is ever built here, on a first start; a URL never starts a build. None after an st.error."""
    pinned = versions.find(dataset, version, build_dir()) if version else None
    path = pinned or path_for(dataset)
    if not path.exists():
        if dataset != default_dataset() or dataset not in BUILDABLE or dataset in _FAILED_BUILDS:
            st.error(t("db.missing", dataset=dataset, command=build_command(dataset)))
            return None
        with _BUILD_LOCK:
            if not path_for(dataset).exists() and not _build(dataset):
                return None
        path = path_for(dataset)
    database = Database(dataset, str(path), path.stat().st_mtime, pinned is not None)
    if not _readable(database.path, database.mtime):
        st.error(t("db.unreadable", dataset=dataset, command=build_command(dataset)))
        return None
    return database


@st.cache_resource(max_entries=8, show_spinner=False, on_release=lambda con: con.close())
def _connection(path: str, mtime: float) -> duckdb.DuckDBPyConnection:
    # A version's file never changes under its name, so (path, mtime) names one file; a new version is a new path,
    # hence a new DuckDB instance (DuckDB caches one per path: a file replaced in place would not be re-read).
    con = duckdb.connect(path, read_only=True)
    con.execute("SET enable_progress_bar = false")  # it would print into the server's log on every long query
    con.execute("SET python_enable_replacements = false")  # SQL never reads a Python variable as a table
    return con


@st.cache_data(max_entries=16, show_spinner=False)
def _readable(path: str, mtime: float) -> bool:
    """A complete build of this schema version: one build_info row, the schema version this code reads, and
    every table it declares. Damaged, truncated or foreign files fail here, once, instead of on every page."""
    try:
        cur = _connection(path, mtime).cursor()
        try:
            info = cur.execute("SELECT schema_version FROM build_info").fetchall()
            tables = {name for (name,) in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        finally:
            cur.close()
    except duckdb.Error:
        return False
    return len(info) == 1 and info[0][0] == schema.SCHEMA_VERSION and {t.name for t in schema.TABLES} <= tables


def cursor(database: Database) -> duckdb.DuckDBPyConnection:
    """A new cursor on the shared read-only connection: DuckDB connections are not shared across threads."""
    return _connection(database.path, database.mtime).cursor()


@functools.cache
def _source_hash(query) -> str:
    # Part of the cache key, so that an edited query is never answered from the cache of its old text.
    return hashlib.sha256(inspect.getsource(query).encode()).hexdigest()[:16]


# Bounded: an activity list can hold thousands of rows, and a TTL alone frees no memory (STREAMLIT_NOTES §2).
# A resource cache keeps one frame per query instead of pickling it on store and unpickling a copy on every hit
# (25-60 ms of every page view, docs/BENCHMARKS.md "Where a page's server time goes"); run() hands out copies.
# The language is part of the key: a frame's reference names are those of the language (dashboard/names.py).
@st.cache_resource(max_entries=128, show_spinner=False)
def _run(path: str, mtime: float, module: str, name: str, kwargs: tuple, source_hash: str, lang: str = "en"):
    cur = _connection(path, mtime).cursor()
    try:
        result = getattr(importlib.import_module(module), name)(cur, **dict(kwargs))
    finally:
        cur.close()
    if lang == "en" or name in ("labels", "unofficial_labels") or not isinstance(result, pd.DataFrame):
        return result
    return _names(path, mtime, lang).localise(result)


@st.cache_data(max_entries=16, show_spinner=False)
def _names(path: str, mtime: float, lang: str) -> Names:
    cur = _connection(path, mtime).cursor()
    try:
        return Names.from_frame(lang, queries.labels(cur, lang=lang))
    finally:
        cur.close()


def names(database: Database, lang: str | None = None) -> Names:
    """The reference names of a language (the session's by default), from the labels table."""
    code = lang or current_language()
    return _names(database.path, database.mtime, code if code in LANGUAGES else "en")


# The results last asked for, by their plain key: a hit skips Streamlit's hashing of every argument (about half a
# millisecond per query, a dozen queries per page). It holds only what _run holds, and _run (with its per-key lock,
# so that 50 sessions arriving at once run a query once) answers every miss.
_RECENT: dict = {}
_RECENT_SIZE = 128
_RECENT_LOCK = threading.Lock()


def run(database: Database, query, **kwargs):
    """Run a function that takes a cursor first (a `queries` function, etl's profile, follow-up and search, or
    dashboard.brief's render) with plain hashable arguments; results are cached per database file and language,
    frames with the reference names in the session's language."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items()))
    lang = current_language()
    lang = lang if lang in LANGUAGES else "en"
    key = (database.path, database.mtime, query.__module__, query.__name__, frozen, _source_hash(query), lang)
    result = _RECENT.get(key)
    if result is None:
        result = _run(*key)
        with _RECENT_LOCK:
            if len(_RECENT) >= _RECENT_SIZE:
                _RECENT.pop(next(iter(_RECENT)))  # the oldest entry: dicts keep insertion order
            _RECENT[key] = result
    # A shallow copy costs no data: with pandas' copy-on-write, whatever a page does to its copy never reaches the
    # cached frame other sessions read.
    return result.copy(deep=False) if isinstance(result, pd.DataFrame) else result


def clear_results() -> None:
    """Forget every query result (a benchmark's cold start); the connections stay open."""
    with _RECENT_LOCK:
        _RECENT.clear()
    _run.clear()


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


def latest_data_version(dataset: str) -> str | None:
    """The data version of the dataset's current database (to tell a pinned link that newer data exist)."""
    path = path_for(dataset)
    if not path.exists() or not _readable(str(path), path.stat().st_mtime):
        return None
    info = build_info(Database(dataset, str(path), path.stat().st_mtime))
    return versions.version_id(str(info.get("method_version")), str(info.get("input_checksum")))

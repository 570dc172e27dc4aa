"""The query layer against the same SQL in raw DuckDB (the floor) and against a pandas in-memory implementation."""

from __future__ import annotations

import time
from dataclasses import dataclass
from statistics import median

import duckdb
import numpy as np
import pandas as pd

from benchmarks import pandas_baseline as pb
from benchmarks.common import interleaved
from dashboard import queries
from etl import export


@dataclass(frozen=True)
class Case:
    """One dashboard query with the filters a page sends; `floor` gives the raw statement when the function runs
    several (the extract reads pages of activities), else the function's own SQL is captured."""

    label: str
    where: str
    name: str
    kwargs: dict
    floor: tuple[str, dict] | None = None


# The heaviest aggregates the pages run, with the filters of a typical view (rounds 1-2, objective 5).
CASES = [
    Case("class shares", "Overview", "class_shares", {"stream": "all", "level": "subregion"}),
    Case(
        "objective x sub-region cells",
        "Regions heatmap",
        "progress",
        {"stream": "all", "rounds": (1, 2), "levels": ("subregion",)},
    ),
    Case(
        "activity by stream and round, objective 5",
        "Overview / Objectives",
        "activity_by_round",
        {"stream": "all", "objectives": (5,)},
    ),
    Case("units per country, round 2", "Regions map", "country_counts", {"stream": "all", "round_id": 2}),
    Case(
        "activity list, objective 5, rounds 1-2",
        "Objectives",
        "activity_list",
        {"stream": "all", "rounds": (1, 2), "objectives": (5,)},
    ),
    Case(
        "first 1,000 of that list",
        "Objectives page",
        "activity_list",
        {"stream": "all", "rounds": (1, 2), "objectives": (5,), "limit": 1000},
    ),
    Case(
        "extract rows, objective 5, rounds 1-2",
        "Extracts",
        "extract",
        {"stream": "all", "rounds": (1, 2), "objectives": (5,)},
        floor=(
            export.EXTRACT_SQL,
            {"stream": None, "objectives": [5], "countries": [], "rounds": [1, 2], "after": "", "upto": "\U0010ffff"},
        ),
    ),  # every activity id in one statement
]


class _Capture:
    """Stands in for a connection to record the SQL text and parameters a queries function sends."""

    def execute(self, sql: str, params: dict | None = None) -> _Capture:
        self.sql, self.params = sql, params or {}
        return self

    def df(self) -> pd.DataFrame:
        return pd.DataFrame()


def captured(case: Case) -> tuple[str, dict]:
    """The exact SQL and parameters of a case, so that the raw variant runs the very same statement."""
    if case.floor:
        return case.floor
    capture = _Capture()
    getattr(queries, case.name)(capture, **case.kwargs)
    return capture.sql, capture.params


def variants(con: duckdb.DuckDBPyConnection, tables: pb.Tables | None, case: Case) -> dict:
    """The timed callables of a case: ours, the raw floors and (when tables are loaded) pandas."""
    sql, params = captured(case)
    fn = getattr(queries, case.name)

    def with_cursor(run):
        def call():
            cur = con.cursor()  # a cursor per query, as dashboard/db.py does
            try:
                return run(cur)
            finally:
                cur.close()

        return call

    out = {
        "ours": with_cursor(lambda cur: fn(cur, **case.kwargs)),
        "fetchall": with_cursor(lambda cur: cur.execute(sql, params).fetchall()),
        "arrow": with_cursor(lambda cur: cur.sql(sql, params=params).to_arrow_table()),
    }
    if tables is not None:
        out["pandas"] = lambda: getattr(pb, case.name)(tables, **case.kwargs)
    return out


def same_result(ours: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    """The pandas result holds the same rows and values as ours (column by column, as text)."""
    if len(ours) != len(theirs) or not set(ours.columns) <= set(theirs.columns):
        return False
    for column in ours.columns:
        a, b = ours[column].reset_index(drop=True), theirs[column].reset_index(drop=True)
        if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b):
            if not np.allclose(a.astype("float64"), b.astype("float64"), equal_nan=True):
                return False
        elif not a.astype(str).where(a.notna(), "").equals(b.astype(str).where(b.notna(), "")):
            return False
    return True


def measure(db: str, runs: int, with_pandas: bool = True, cases: list[Case] | None = None) -> dict:
    """Median seconds per variant and per-round ratios, every variant of a case timed round-robin in one run."""
    con = duckdb.connect(db, read_only=True)
    try:
        started = time.perf_counter()
        tables = pb.load(con) if with_pandas else None
        load_s = time.perf_counter() - started
        load_mb = sum(f.memory_usage(deep=True).sum() for f in tables.frames.values()) / 2**20 if tables else None
        rows = con.execute("SELECT count(*) FROM activities").fetchone()[0]
        results = [_measure_case(con, tables, case, runs) for case in cases or CASES]
    finally:
        con.close()
    return {"activities": rows, "load_s": load_s, "load_mb": load_mb, "cases": results}


def _measure_case(con, tables, case: Case, runs: int) -> dict:
    fns = variants(con, tables, case)
    ours = fns["ours"]()
    if len(fns["fetchall"]()) != len(ours):
        raise RuntimeError(f"{case.name}: the raw statement returns another number of rows than the function")
    checked = same_result(ours, fns["pandas"]()) if "pandas" in fns else None
    times = interleaved(fns, runs)
    floor = [min(f, a) for f, a in zip(times["fetchall"], times["arrow"], strict=True)]
    result = {
        "case": case,
        "rows": len(ours),
        "same": checked,
        "median": {name: median(values) for name, values in times.items()},
        "vs_raw": median(o / r for o, r in zip(times["ours"], floor, strict=True)),
    }
    if "pandas" in times:
        result["pandas_vs_ours"] = median(p / o for p, o in zip(times["pandas"], times["ours"], strict=True))
    return result

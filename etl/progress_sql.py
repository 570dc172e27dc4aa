"""SQL of the progress method: fill progress_cells, breadth_cells, share_cells, cell_reasons, coverage; read a cell."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from etl import schema
from etl.progress import CLASSES, CellResult, MethodConfig, classify, composite, explain, exposure_years

N_OBJECTIVES = 23
KEY = "stream, objective_id, geo_level, geo_id, round_from, round_to"
COUNTING_TABLES = ("_progress_act", "_progress_obj", "_progress_acx", "_progress_acm", "_progress_member")
RESULT_TABLES = (
    "_progress_exposure",
    "_progress_geos",
    "_progress_counts",
    "_progress_pairs",
    "_progress_grid",
    "_progress_breadth",
    "_progress_classes",
    "_progress_composite",
    "_progress_cell_reasons",
)

# Integer activity (rowid) and geography keys: the big join and aggregation below run on integers, not on strings.
COUNTING_SQL = (
    """CREATE TEMP TABLE _progress_act AS
    SELECT rowid AS aid, activity_id, list_position($streams, stream)::UTINYINT AS s, round_id, unit_count
    FROM activities WHERE round_id IS NOT NULL""",
    """CREATE TEMP TABLE _progress_obj AS SELECT a.aid, a.s, a.round_id, a.unit_count, ao.objective_id
    FROM activity_objectives ao JOIN _progress_act a USING (activity_id)""",
    """CREATE TEMP TABLE _progress_acx AS
    SELECT a.aid, ac.iso3 FROM activity_countries ac JOIN _progress_act a USING (activity_id)""",
    """CREATE TEMP TABLE _progress_acm AS
    SELECT a.aid, acm.commission_id FROM activity_commissions acm JOIN _progress_act a USING (activity_id)""",
)
# Every UN Member State, its sub-region and every commission has cells even with no reported activity (they then
# read "too few records"), so shares of cells are taken over the whole world, not over where data happen to exist;
# other territories appear when they have activity.
GEOS_SQL = """
CREATE TEMP TABLE _progress_geos AS
WITH present AS (
    SELECT iso3 FROM countries WHERE is_un_member
    UNION SELECT DISTINCT iso3 FROM _progress_acx
)
SELECT row_number() OVER (ORDER BY geo_level, geo_id)::INTEGER AS gid, geo_level, geo_id FROM (
    SELECT 'country' AS geo_level, iso3 AS geo_id FROM present
    UNION SELECT DISTINCT 'subregion', c.subregion FROM present JOIN countries c USING (iso3)
    WHERE c.subregion IS NOT NULL
    UNION SELECT 'commission', commission_id FROM commissions
    UNION SELECT 'global', $global_id
)
"""

# Each activity once per geography: DISTINCT on sub-regions, so two countries of one sub-region count once.
MEMBER_SQL = """
CREATE TEMP TABLE _progress_member AS
WITH cmap AS (
    SELECT g.geo_id AS iso3, g.gid AS cgid, s.gid AS sgid
    FROM _progress_geos g LEFT JOIN countries c ON c.iso3 = g.geo_id
    LEFT JOIN _progress_geos s ON s.geo_level = 'subregion' AND s.geo_id = c.subregion
    WHERE g.geo_level = 'country'
)
SELECT x.aid, m.cgid AS gid FROM _progress_acx x JOIN cmap m USING (iso3)
UNION ALL
SELECT DISTINCT x.aid, m.sgid FROM _progress_acx x JOIN cmap m USING (iso3) WHERE m.sgid IS NOT NULL
UNION ALL
SELECT x.aid, g.gid
FROM _progress_acm x JOIN _progress_geos g ON g.geo_level = 'commission' AND g.geo_id = x.commission_id
"""

# Full counting (an activity counts once in each of its objectives). The global level takes every dated activity,
# `Global` ones included, and is never a sum of regions. `all` adds up the streams' units.
COUNTS_SQL = """
CREATE TEMP TABLE _progress_counts AS
WITH per_stream AS (
    SELECT o.s, o.objective_id, m.gid, o.round_id, SUM(o.unit_count) AS n
    FROM _progress_obj o JOIN _progress_member m USING (aid) GROUP BY ALL
    UNION ALL
    SELECT o.s, o.objective_id, (SELECT gid FROM _progress_geos WHERE geo_level = 'global'), o.round_id,
           SUM(o.unit_count)
    FROM _progress_obj o GROUP BY ALL
),
named AS (
    SELECT $streams[p.s] AS stream, p.objective_id, g.geo_level, g.geo_id, p.round_id, p.n::BIGINT AS n
    FROM per_stream p JOIN _progress_geos g USING (gid)
)
SELECT * FROM named
UNION ALL
SELECT $all, objective_id, geo_level, geo_id, round_id, SUM(n)::BIGINT FROM named GROUP BY ALL
"""

PAIRS_SQL = """
CREATE TEMP TABLE _progress_pairs AS
SELECT round_from, round_to FROM (
    SELECT LAG(round_id) OVER (ORDER BY round_id) AS round_from, round_id AS round_to FROM review_rounds
) WHERE round_from IS NOT NULL
"""

# Every stream x objective x geography x pair, zeros included; g_* are the global counts the share view divides by.
GRID_SQL = """
CREATE TEMP TABLE _progress_grid AS
WITH streams AS (SELECT unnest($streams || [$all]) AS stream),
objectives AS (SELECT range::INTEGER AS objective_id FROM range(1, $objectives + 1))
SELECT s.stream, o.objective_id, g.geo_level, g.geo_id, p.round_from, p.round_to,
       COALESCE(cf.n, 0) AS n_from, COALESCE(ct.n, 0) AS n_to, ef.t AS t_from, et.t AS t_to,
       COALESCE(gf.n, 0)::DOUBLE AS g_from, COALESCE(gt.n, 0)::DOUBLE AS g_to
FROM streams s CROSS JOIN objectives o CROSS JOIN _progress_geos g CROSS JOIN _progress_pairs p
LEFT JOIN _progress_counts cf ON cf.stream = s.stream AND cf.objective_id = o.objective_id
    AND cf.geo_level = g.geo_level AND cf.geo_id = g.geo_id AND cf.round_id = p.round_from
LEFT JOIN _progress_counts ct ON ct.stream = s.stream AND ct.objective_id = o.objective_id
    AND ct.geo_level = g.geo_level AND ct.geo_id = g.geo_id AND ct.round_id = p.round_to
LEFT JOIN _progress_counts gf ON gf.stream = s.stream AND gf.objective_id = o.objective_id
    AND gf.geo_level = 'global' AND gf.round_id = p.round_from
LEFT JOIN _progress_counts gt ON gt.stream = s.stream AND gt.objective_id = o.objective_id
    AND gt.geo_level = 'global' AND gt.round_id = p.round_to
LEFT JOIN _progress_exposure ef ON ef.stream = s.stream AND ef.round_id = p.round_from
LEFT JOIN _progress_exposure et ON et.stream = s.stream AND et.round_id = p.round_to
"""

# Breadth counts the countries (members of the sub-region or commission) with >= 1 unit on the objective in the round.
# T = 1 while the stream exists in the round, else 0, so a new mechanism is not assessable here either.
BREADTH_SQL = """
CREATE TEMP TABLE _progress_breadth AS
WITH present AS (
    SELECT DISTINCT stream, objective_id, geo_id AS iso3, round_id
    FROM _progress_counts WHERE geo_level = 'country' AND n > 0
),
geo_countries AS (
    SELECT 'subregion' AS geo_level, subregion AS geo_id, iso3 FROM countries WHERE subregion IS NOT NULL
    UNION ALL SELECT 'commission', commission_id, iso3 FROM commission_members
),
breadth AS (
    SELECT p.stream, p.objective_id, gc.geo_level, gc.geo_id, p.round_id, COUNT(*) AS n
    FROM present p JOIN geo_countries gc USING (iso3) GROUP BY ALL
    UNION ALL
    SELECT stream, objective_id, 'global', $global_id, round_id, COUNT(*) FROM present GROUP BY ALL
),
exists_in AS (
    SELECT stream, round_id, (t > 0)::INTEGER::DOUBLE AS t FROM _progress_exposure
    UNION ALL
    SELECT $all, round_id, MAX((t > 0)::INTEGER)::DOUBLE FROM _progress_exposure GROUP BY round_id
)
SELECT k.stream, k.objective_id, k.geo_level, k.geo_id, k.round_from, k.round_to,
       COALESCE(bf.n, 0) AS n_from, COALESCE(bt.n, 0) AS n_to, ef.t AS t_from, et.t AS t_to
FROM _progress_grid k
LEFT JOIN breadth bf ON bf.stream = k.stream AND bf.objective_id = k.objective_id
    AND bf.geo_level = k.geo_level AND bf.geo_id = k.geo_id AND bf.round_id = k.round_from
LEFT JOIN breadth bt ON bt.stream = k.stream AND bt.objective_id = k.objective_id
    AND bt.geo_level = k.geo_level AND bt.geo_id = k.geo_id AND bt.round_id = k.round_to
JOIN exists_in ef ON ef.stream = k.stream AND ef.round_id = k.round_from
JOIN exists_in et ON et.stream = k.stream AND et.round_id = k.round_to
WHERE k.geo_level <> 'country'
"""

# The share view divides by the global counts; a global count of 0 gives t = 0, i.e. not_assessable.
SHARE_INPUT = (
    f"SELECT {KEY}, n_from, n_to, g_from AS t_from, g_to AS t_to FROM _progress_grid WHERE geo_level <> 'global'"
)
STREAM_INPUT = f"SELECT {KEY}, n_from, n_to, t_from, t_to FROM _progress_grid WHERE stream <> $all"
DISTINCT_INPUTS = f"""
SELECT DISTINCT n_from, n_to, t_from, t_to FROM (
    {STREAM_INPUT} UNION ALL {SHARE_INPUT} UNION ALL SELECT * FROM _progress_breadth
)
"""
MEASURES = "n_from, n_to, t_from, t_to, rate_ratio, score, category, confidence, p_value, label"
CLASSIFIED_SQL = (
    f"SELECT $version, {KEY}, {MEASURES} FROM ({{input}}) JOIN _progress_classes USING (n_from, n_to, t_from, t_to)"
)

COMPOSITE_INPUT_SQL = f"""
SELECT objective_id, geo_level, geo_id, round_from, round_to,
       list(category ORDER BY stream), list(score ORDER BY stream), list(confidence ORDER BY stream)
FROM ({STREAM_INPUT}) JOIN _progress_classes USING (n_from, n_to, t_from, t_to) GROUP BY ALL
"""
COMPOSITE_COUNTS = ", ".join(f"{c}_streams" for c in CLASSES)
# A rate ratio equivalent to the mean score, so that the composite reads like a stream cell.
ALL_ROWS_SQL = f"""
SELECT $version, {KEY}, n_from, n_to, NULL::DOUBLE, NULL::DOUBLE, 2 ** (c.score / $cap), c.score, c.category,
       c.confidence, NULL::DOUBLE, NULL::VARCHAR, c.streams_assessed, {COMPOSITE_COUNTS}
FROM _progress_grid JOIN _progress_composite c USING (objective_id, geo_level, geo_id, round_from, round_to)
WHERE stream = $all
"""

# A reason explains the cells of its objective, geography and round (as round_to); without a stream, all of them.
CELL_REASONS_SQL = """
CREATE TEMP TABLE _progress_cell_reasons AS
SELECT k.stream, k.objective_id, k.geo_level, k.geo_id, k.round_from, k.round_to, r.reason_id, r.reason_code
FROM _progress_grid k JOIN reasons r ON r.objective_id = k.objective_id AND r.geo_level = k.geo_level
    AND r.geo_id = k.geo_id AND r.round_id = k.round_to AND (r.stream IS NULL OR r.stream = k.stream)
"""
NO_COMPOSITE = ", ".join(["NULL::INTEGER"] * (len(CLASSES) + 1))
PROGRESS_SQL = f"""
WITH cells AS (
    SELECT $version, {KEY}, {MEASURES}, {NO_COMPOSITE}
    FROM ({STREAM_INPUT}) JOIN _progress_classes USING (n_from, n_to, t_from, t_to)
    UNION ALL {ALL_ROWS_SQL}
),
reason_stats AS (
    SELECT {KEY}, COUNT(*) AS reason_count, NOT BOOL_AND(list_contains($artefacts, reason_code)) AS interpretable
    FROM _progress_cell_reasons GROUP BY ALL
)
SELECT cells.*, COALESCE(r.reason_count, 0), COALESCE(r.interpretable, TRUE)
FROM cells LEFT JOIN reason_stats r USING ({KEY})
"""

STREAM_SUMS = ", ".join(
    f"COALESCE(SUM(c.n) FILTER (WHERE c.stream = $streams[{i}]), 0)" for i in range(1, len(schema.STREAMS) + 1)
)
COVERAGE_SQL = f"""
SELECT o.objective_id, g.geo_level, g.geo_id, r.round_id, {STREAM_SUMS},
       COUNT(c.n) FILTER (WHERE c.n > 0) AS streams_reporting
FROM (SELECT range::INTEGER AS objective_id FROM range(1, $objectives + 1)) o
CROSS JOIN _progress_geos g CROSS JOIN (SELECT round_id FROM review_rounds) r
LEFT JOIN _progress_counts c ON c.stream <> $all AND c.objective_id = o.objective_id AND c.geo_level = g.geo_level
    AND c.geo_id = g.geo_id AND c.round_id = r.round_id
GROUP BY ALL
"""


def fill(con, data_cutoff: date, config: MethodConfig) -> None:
    """Count in SQL, classify each distinct (n_from, n_to, t_from, t_to) once in Python, insert sorted by key."""
    params = {
        "streams": list(schema.STREAMS),
        "all": schema.COMPOSITE_STREAM,
        "global_id": schema.GLOBAL_GEO_ID,
        "objectives": N_OBJECTIVES,
        "version": config.method_version,
        "cap": config.score_cap,
        "artefacts": list(schema.ARTEFACT_REASON_CODES),
    }

    def run(sql: str):
        return con.execute(sql, _used(params, sql))

    try:
        _create_from_frame(con, "_progress_exposure", _exposures(con, data_cutoff, config))
        for sql in (*COUNTING_SQL, GEOS_SQL, MEMBER_SQL, COUNTS_SQL):
            run(sql)
        for name in COUNTING_TABLES:  # free the memory of the activity-level tables early
            con.execute(f"DROP TABLE {name}")
        for sql in (PAIRS_SQL, GRID_SQL, BREADTH_SQL, CELL_REASONS_SQL):
            run(sql)
        _create_from_frame(con, "_progress_classes", _classes(run(DISTINCT_INPUTS).fetchall(), config))
        _create_from_frame(con, "_progress_composite", _composites(run(COMPOSITE_INPUT_SQL).fetchall(), config))
        _insert(con, "breadth_cells", CLASSIFIED_SQL.format(input="SELECT * FROM _progress_breadth"), params)
        _insert(con, "share_cells", CLASSIFIED_SQL.format(input=SHARE_INPUT), params)
        _insert(con, "progress_cells", PROGRESS_SQL, params)
        _insert(con, "cell_reasons", f"SELECT {KEY}, reason_id FROM _progress_cell_reasons", params)
        _insert(con, "coverage", COVERAGE_SQL, params)
    finally:
        for name in COUNTING_TABLES + RESULT_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {name}")


def _used(params: dict, sql: str) -> dict:
    """The named parameters a statement uses (DuckDB rejects unused ones)."""
    return {name: value for name, value in params.items() if f"${name}" in sql}


def _exposures(con, data_cutoff: date, config: MethodConfig) -> pd.DataFrame:
    """Exposure in years per stream and round.

    Submissions count once per round (T = 1) whose regional reviews have begun by the cut-off, or that already
    has submission records; a round not yet reviewed has T = 0 (not assessable), never "ceased".
    """
    rounds = con.execute(
        "SELECT round_id, window_start_date, window_end_date, regional_reviews_from_date FROM review_rounds "
        "ORDER BY round_id"
    ).fetchall()
    first = dict(con.execute("SELECT stream, MIN(activity_date) FROM activities GROUP BY stream").fetchall())
    submitted = {
        r for (r,) in con.execute("SELECT DISTINCT round_id FROM activities WHERE stream = 'submissions'").fetchall()
    }
    rows = []
    for stream in schema.STREAMS:
        start = config.mechanism_start(stream) or first.get(stream)
        for round_id, window_start, window_end, reviews_from in rounds:
            if stream == "submissions":
                reviewed = reviews_from is not None and reviews_from <= data_cutoff
                t = 1.0 if reviewed or round_id in submitted else 0.0
            else:
                t = exposure_years(window_start, window_end, start, data_cutoff)
            rows.append((stream, round_id, t))
    return pd.DataFrame(rows, columns=["stream", "round_id", "t"]).astype({"round_id": "int64", "t": "float64"})


def _classes(inputs: list[tuple], config: MethodConfig) -> pd.DataFrame:
    """classify() of each distinct (n_from, n_to, t_from, t_to) that occurs in any cell."""
    results = [classify(*key, config) for key in inputs]
    frame = pd.DataFrame(inputs, columns=["n_from", "n_to", "t_from", "t_to"]).astype(
        {"n_from": "int64", "n_to": "int64", "t_from": "float64", "t_to": "float64"}
    )
    return pd.concat([frame, _results_frame(results)], axis=1)


def _results_frame(results: list[CellResult]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rate_ratio": pd.array([r.rate_ratio for r in results], dtype="Float64"),
            "score": pd.array([r.score for r in results], dtype="Float64"),
            "category": pd.array([r.category for r in results], dtype="object"),
            "confidence": pd.array([r.confidence for r in results], dtype="object"),
            "p_value": pd.array([r.p_value for r in results], dtype="Float64"),
            "label": pd.array([r.label for r in results], dtype="object"),
        }
    )


def _composites(rows: list[tuple], config: MethodConfig) -> pd.DataFrame:
    """composite() of the four stream cells of each key (cached: many keys share the same stream results)."""
    cache: dict[tuple, tuple] = {}
    out = []
    for *key, categories, scores, confidences in rows:
        inputs = (tuple(categories), tuple(scores), tuple(confidences))
        if inputs not in cache:
            cells = zip(categories, scores, confidences, strict=True)
            comp = composite([CellResult(cat, score, confidence=conf) for cat, score, conf in cells], config)
            counts = [comp.class_counts[c] for c in CLASSES]
            cache[inputs] = (comp.score, comp.category, comp.confidence, sum(counts), *counts)
        out.append((*key, *cache[inputs]))
    columns = [
        "objective_id",
        "geo_level",
        "geo_id",
        "round_from",
        "round_to",
        "score",
        "category",
        "confidence",
        "streams_assessed",
        *(f"{c}_streams" for c in CLASSES),
    ]
    frame = pd.DataFrame(out, columns=columns)
    return frame.astype({"score": "Float64", "category": "object", "confidence": "object"})


def _create_from_frame(con, name: str, frame: pd.DataFrame) -> None:
    con.register(f"{name}_df", frame)
    try:
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_df")
    finally:
        con.unregister(f"{name}_df")


def _insert(con, table_name: str, select_sql: str, params: dict) -> None:
    """Insert the rows of a query (in the table's column order) into a schema table, sorted by its primary key."""
    tbl = schema.table(table_name)
    positions = ", ".join(str(tbl.column_names.index(c) + 1) for c in tbl.primary_key)
    con.execute(
        f"INSERT INTO {tbl.name} ({', '.join(tbl.column_names)}) SELECT * FROM ({select_sql}) ORDER BY {positions}",
        _used(params, select_sql),
    )


# ---------------------------------------------------------------- reading a stored cell (CLI)


def _resolve_geo(con, text: str) -> tuple[str, str, str] | None:
    """(geo_level, geo_id, name) of an ISO3 code, country name, sub-region, commission id or Global."""
    text = text.strip()
    if text.upper() == schema.GLOBAL_GEO_ID:
        return "global", schema.GLOBAL_GEO_ID, "the world (global level)"
    if text.upper() in schema.COMMISSION_IDS:
        return "commission", text.upper(), f"the {text.upper()} region"
    sql = "SELECT iso3, name FROM countries WHERE upper(iso3) = upper(?) OR lower(name) = lower(?) ORDER BY iso3"
    found = con.execute(sql, [text, text]).fetchall()
    if found:
        return "country", found[0][0], f"{found[0][1]} ({found[0][0]})"
    found = con.execute("SELECT DISTINCT subregion FROM countries WHERE lower(subregion) = lower(?)", [text]).fetchall()
    return ("subregion", found[0][0], found[0][0]) if found else None


def _stored_config(con) -> MethodConfig:
    """The thresholds the database was built with (build_info), else the defaults."""
    try:
        rows = con.execute("SELECT method_config FROM build_info").fetchall()
    except duckdb.Error:
        rows = []
    return MethodConfig.from_dict(json.loads(rows[0][0])) if rows else MethodConfig()


def _fetch(con, sql: str, params: list) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


CELL_WHERE = "stream = ? AND objective_id = ? AND geo_level = ? AND geo_id = ? AND round_from = ? AND round_to = ?"


def explain_stored(con, stream: str, objective: int, geo_text: str, rounds: tuple[int, int]) -> str | None:
    """The explanation of a stored cell, or None when there is no such cell."""
    geo = _resolve_geo(con, geo_text)
    if geo is None:
        return None
    key = [stream, objective, geo[0], geo[1], *rounds]
    cells = _fetch(con, f"SELECT * FROM progress_cells WHERE {CELL_WHERE}", key)
    if not cells:
        return None
    explained_by = f"SELECT reason_id FROM cell_reasons WHERE {CELL_WHERE}"
    reasons = _fetch(con, f"SELECT * FROM reasons WHERE reason_id IN ({explained_by}) ORDER BY reason_id", key)
    return explain(cells[0], geo[2], _stored_config(con), reasons)

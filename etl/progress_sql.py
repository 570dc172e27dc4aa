"""SQL that counts activity per cell and fills progress_cells, breadth_cells, share_cells, cell_reasons and coverage."""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl import schema
from etl.progress import CLASSES, CellResult, MethodConfig, classify, composite, exposure_years

N_OBJECTIVES = 23
CELL_KEY = ["stream", "objective_id", "geo_level", "geo_id", "round_from", "round_to"]
TEMP_TABLES = ("_progress_exposure", "_progress_member", "_progress_geos", "_progress_pairs", "_progress_counts",
               "_progress_grid", "_progress_frame", "_progress_cell_reasons")

# Each activity once per geography: DISTINCT on sub-regions so that two countries of one sub-region count once; the
# global level takes every dated activity, `Global` ones included, and never adds regions up.
MEMBER_SQL = """
CREATE TEMP TABLE _progress_member AS
WITH dated AS (SELECT activity_id, stream, round_id, unit_count FROM activities WHERE round_id IS NOT NULL)
SELECT d.*, 'country' AS geo_level, ac.iso3 AS geo_id
FROM dated d JOIN activity_countries ac USING (activity_id)
UNION ALL
SELECT DISTINCT d.*, 'subregion', c.subregion
FROM dated d JOIN activity_countries ac USING (activity_id) JOIN countries c USING (iso3)
WHERE c.subregion IS NOT NULL
UNION ALL
SELECT d.*, 'commission', acm.commission_id FROM dated d JOIN activity_commissions acm USING (activity_id)
UNION ALL
SELECT d.*, 'global', ? FROM dated d
"""

# Full counting: an activity with k objectives counts once in each. `all` adds up the streams' units.
COUNTS_SQL = """
CREATE TEMP TABLE _progress_counts AS
WITH per_stream AS (
    SELECT m.stream, ao.objective_id, m.geo_level, m.geo_id, m.round_id, SUM(m.unit_count)::BIGINT AS n
    FROM _progress_member m JOIN activity_objectives ao USING (activity_id)
    GROUP BY ALL
)
SELECT * FROM per_stream
UNION ALL
SELECT ?, objective_id, geo_level, geo_id, round_id, SUM(n)::BIGINT FROM per_stream GROUP BY ALL
"""

GEOS_SQL = """
CREATE TEMP TABLE _progress_geos AS
SELECT DISTINCT geo_level, geo_id FROM _progress_member
UNION SELECT 'global', ?
"""

PAIRS_SQL = """
CREATE TEMP TABLE _progress_pairs AS
SELECT round_from, round_to FROM (
    SELECT LAG(round_id) OVER (ORDER BY round_id) AS round_from, round_id AS round_to FROM review_rounds
) WHERE round_from IS NOT NULL
"""

# Every stream x objective x geography x pair, zeros included; `g_*` are the global counts the share view divides by.
GRID_SQL = """
CREATE TEMP TABLE _progress_grid AS
WITH streams AS (SELECT unnest(?::VARCHAR[]) AS stream),
objectives AS (SELECT range::INTEGER AS objective_id FROM range(1, ?))
SELECT s.stream, o.objective_id, g.geo_level, g.geo_id, p.round_from, p.round_to,
       COALESCE(cf.n, 0) AS n_from, COALESCE(ct.n, 0) AS n_to, ef.t AS t_from, et.t AS t_to,
       COALESCE(gf.n, 0) AS g_from, COALESCE(gt.n, 0) AS g_to
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

# Breadth counts countries (members of the sub-region or commission) with >= 1 unit on the objective in the round.
# T = 1 while the stream exists in the round, else 0, so a new mechanism is not assessable here either.
BREADTH_SQL = """
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
    SELECT stream, objective_id, 'global', ?, round_id, COUNT(*) FROM present GROUP BY ALL
),
exists_in AS (
    SELECT stream, round_id, (t > 0)::INTEGER::DOUBLE AS t FROM _progress_exposure
    UNION ALL
    SELECT ?, round_id, MAX((t > 0)::INTEGER)::DOUBLE FROM _progress_exposure GROUP BY round_id
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

# A reason explains the cells of its objective, geography and round (as round_to); without a stream, all of them.
CELL_REASONS_SQL = """
CREATE TEMP TABLE _progress_cell_reasons AS
SELECT k.stream, k.objective_id, k.geo_level, k.geo_id, k.round_from, k.round_to, r.reason_id, r.reason_code
FROM _progress_frame k JOIN reasons r ON r.objective_id = k.objective_id AND r.geo_level = k.geo_level
    AND r.geo_id = k.geo_id AND r.round_id = k.round_to AND (r.stream IS NULL OR r.stream = k.stream)
"""

REASON_STATS_SQL = """
SELECT stream, objective_id, geo_level, geo_id, round_from, round_to, COUNT(*) AS reason_count,
       NOT BOOL_AND(list_contains(?::VARCHAR[], reason_code)) AS is_interpretable
FROM _progress_cell_reasons GROUP BY ALL
"""

COVERAGE_SQL = """
SELECT o.objective_id, g.geo_level, g.geo_id, r.round_id, {stream_sums},
       COUNT(c.n) FILTER (WHERE c.n > 0) AS streams_reporting
FROM (SELECT range::INTEGER AS objective_id FROM range(1, ?)) o
CROSS JOIN _progress_geos g CROSS JOIN (SELECT round_id FROM review_rounds) r
LEFT JOIN _progress_counts c ON c.stream <> ? AND c.objective_id = o.objective_id AND c.geo_level = g.geo_level
    AND c.geo_id = g.geo_id AND c.round_id = r.round_id
GROUP BY ALL
"""


def fill(con, data_cutoff: date, config: MethodConfig) -> None:
    """Count in SQL, classify each distinct (n_from, n_to, t_from, t_to) once in Python, insert sorted by key."""
    try:
        _prepare(con, data_cutoff, config)
        grid = con.sql("SELECT * FROM _progress_grid").df()
        cells = _progress_frame(grid, config)
        _insert(con, "breadth_cells", _classified(con.execute(BREADTH_SQL, [schema.GLOBAL_GEO_ID,
                                                                            schema.COMPOSITE_STREAM]).df(), config))
        _insert(con, "share_cells", _classified(_share_input(grid), config))
        con.register("_progress_frame_df", cells)
        con.execute("CREATE TEMP TABLE _progress_frame AS SELECT * FROM _progress_frame_df")
        con.unregister("_progress_frame_df")
        con.execute(CELL_REASONS_SQL)
        _insert_progress(con)
        _insert(con, "cell_reasons", con.sql("SELECT * EXCLUDE (reason_code) FROM _progress_cell_reasons").df())
        _insert_coverage(con)
    finally:
        for name in TEMP_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {name}")


def _prepare(con, data_cutoff: date, config: MethodConfig) -> None:
    con.register("_progress_exposure_df", _exposures(con, data_cutoff, config))
    con.execute("CREATE TEMP TABLE _progress_exposure AS SELECT * FROM _progress_exposure_df")
    con.unregister("_progress_exposure_df")
    con.execute(MEMBER_SQL, [schema.GLOBAL_GEO_ID])
    con.execute(COUNTS_SQL, [schema.COMPOSITE_STREAM])
    con.execute(GEOS_SQL, [schema.GLOBAL_GEO_ID])
    con.execute(PAIRS_SQL)
    con.execute(GRID_SQL, [list(schema.STREAMS) + [schema.COMPOSITE_STREAM], N_OBJECTIVES + 1])


def _exposures(con, data_cutoff: date, config: MethodConfig) -> pd.DataFrame:
    """Exposure in years per stream and round (submissions: 1 per round started by the cut-off)."""
    rounds = con.execute(
        "SELECT round_id, window_start_date, window_end_date FROM review_rounds ORDER BY round_id"
    ).fetchall()
    first = dict(con.execute("SELECT stream, MIN(activity_date) FROM activities GROUP BY stream").fetchall())
    rows = []
    for stream in schema.STREAMS:
        start = config.mechanism_start(stream) or first.get(stream)
        for round_id, window_start, window_end in rounds:
            if stream == "submissions":
                t = 1.0 if window_start <= data_cutoff else 0.0
            else:
                t = exposure_years(window_start, window_end, start, data_cutoff)
            rows.append((stream, round_id, t))
    return pd.DataFrame(rows, columns=["stream", "round_id", "t"]).astype({"round_id": "int64", "t": "float64"})


def _results_frame(results: list[CellResult]) -> pd.DataFrame:
    return pd.DataFrame({
        "rate_ratio": pd.array([r.rate_ratio for r in results], dtype="Float64"),
        "score": pd.array([r.score for r in results], dtype="Float64"),
        "category": [r.category for r in results],
        "confidence": [r.confidence for r in results],
        "p_value": pd.array([r.p_value for r in results], dtype="Float64"),
        "label": [r.label for r in results],
    })


def _classify_all(frame: pd.DataFrame, config: MethodConfig) -> list[CellResult]:
    """classify() on every row, each distinct combination of counts and exposures only once."""
    cache: dict[tuple, CellResult] = {}
    out = []
    for key in zip(frame["n_from"].tolist(), frame["n_to"].tolist(), frame["t_from"].tolist(),
                   frame["t_to"].tolist(), strict=True):
        if key not in cache:
            cache[key] = classify(*key, config)
        out.append(cache[key])
    return out


def _classified(frame: pd.DataFrame, config: MethodConfig) -> pd.DataFrame:
    frame = frame[CELL_KEY + ["n_from", "n_to", "t_from", "t_to"]].reset_index(drop=True)
    results = _results_frame(_classify_all(frame, config))
    out = pd.concat([frame, results], axis=1)
    out.insert(0, "method_version", config.method_version)
    return out


def _share_input(grid: pd.DataFrame) -> pd.DataFrame:
    """Share cells: the geography's counts over the global counts; a global count of 0 makes it not assessable."""
    share = grid[grid["geo_level"] != "global"].copy()
    share["t_from"] = share["g_from"].astype("float64")
    share["t_to"] = share["g_to"].astype("float64")
    return share


def _progress_frame(grid: pd.DataFrame, config: MethodConfig) -> pd.DataFrame:
    """Stream cells through classify(), `all` cells through composite() of the four stream cells of the key."""
    is_all = grid["stream"] == schema.COMPOSITE_STREAM
    streams = _classified(grid[~is_all], config)
    by_key: dict[tuple, list[CellResult]] = {}
    for row in streams.itertuples(index=False):
        result = CellResult(row.category, _none(row.score), None, None, row.confidence, None)
        by_key.setdefault((row.objective_id, row.geo_level, row.geo_id, row.round_from), []).append(result)
    combined = _composite_frame(grid[is_all].reset_index(drop=True), by_key, config)
    out = pd.concat([streams, combined], ignore_index=True)
    for col in ["streams_assessed", *(f"{c}_streams" for c in CLASSES)]:
        out[col] = out[col].astype("Int64")
    return out


def _composite_frame(frame: pd.DataFrame, by_key: dict[tuple, list[CellResult]], config: MethodConfig):
    results, counts = [], []
    for row in frame.itertuples(index=False):
        comp = composite(by_key[(row.objective_id, row.geo_level, row.geo_id, row.round_from)], config)
        # A rate ratio equivalent to the mean score, so the composite reads like a stream cell.
        ratio = 2 ** (comp.score / config.score_cap) if comp.score is not None else None
        results.append(CellResult(comp.category, comp.score, ratio, None, comp.confidence, None))
        counts.append(comp.class_counts)
    out = pd.concat([frame[CELL_KEY + ["n_from", "n_to"]], _results_frame(results)], axis=1)
    out.insert(0, "method_version", config.method_version)
    out["t_from"] = out["t_to"] = float("nan")
    out["streams_assessed"] = [sum(c.values()) for c in counts]
    for cls in CLASSES:
        out[f"{cls}_streams"] = [c[cls] for c in counts]
    return out


def _none(value):
    return None if pd.isna(value) else float(value)


def _insert(con, table_name: str, frame: pd.DataFrame) -> None:
    """Insert a frame into a schema table, in its column order and sorted by its primary key."""
    tbl = schema.table(table_name)
    cols = ", ".join(tbl.column_names)
    con.register("_progress_insert_df", frame)
    try:
        con.execute(f"INSERT INTO {tbl.name} ({cols}) SELECT {cols} FROM _progress_insert_df "
                    f"ORDER BY {', '.join(tbl.primary_key)}")
    finally:
        con.unregister("_progress_insert_df")


def _insert_progress(con) -> None:
    names = schema.table("progress_cells").column_names
    measures = ", ".join(f"f.{c}" for c in names if c not in ("reason_count", "is_interpretable"))
    key = ", ".join(CELL_KEY)
    con.execute(
        f"INSERT INTO progress_cells ({', '.join(names)}) SELECT {measures}, COALESCE(r.reason_count, 0), "
        f"COALESCE(r.is_interpretable, TRUE) "
        f"FROM _progress_frame f LEFT JOIN ({REASON_STATS_SQL}) r USING ({key}) ORDER BY {key}",
        [list(schema.ARTEFACT_REASON_CODES)],
    )


def _insert_coverage(con) -> None:
    sums = ", ".join(f"COALESCE(SUM(c.n) FILTER (WHERE c.stream = ?), 0) AS {s}_count" for s in schema.STREAMS)
    frame = con.execute(COVERAGE_SQL.format(stream_sums=sums),
                        [*schema.STREAMS, N_OBJECTIVES + 1, schema.COMPOSITE_STREAM]).df()
    _insert(con, "coverage", frame)

"""The build step of the method: count in SQL, classify each distinct input once, fill the cell tables."""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl import schema
from etl.progress import CLASSES, CellResult, MethodConfig, classify, composite, exposure_years, per_round_exposure

N_OBJECTIVES = 23
# One integer `dim` keys every counted dimension: objectives 0-23 as themselves, groups as 100 * kind + id, so that
# objectives and groups go through one counting, grid and composite; they part again on insertion.
GROUP_BASE = 100
# Only pledges and practices name guiding principles (their bridges), so principle cells exist for them and `all`.
PRINCIPLE_STREAMS = tuple(s.name for s in schema.STREAM_REGISTRY if s.has_principles)
GEO_KEY = "geo_level, geo_id, round_from, round_to"
KEY = f"stream, objective_id, {GEO_KEY}"
COUNTING_TABLES = ("_progress_act", "_progress_dim_rows", "_progress_acx", "_progress_acm", "_progress_member")
RESULT_TABLES = (
    "_progress_exposure",
    "_progress_dims",
    "_progress_geos",
    "_progress_counts",
    "_progress_pairs",
    "_progress_grid",
    "_progress_breadth",
    "_progress_classes",
    "_progress_composite",
    "_progress_cell_reasons",
)

DIMS_SQL = """
CREATE TEMP TABLE _progress_dims AS
SELECT range::INTEGER AS dim, NULL::VARCHAR AS group_kind, NULL::INTEGER AS group_id FROM range(0, $objectives + 1)
UNION ALL SELECT $base * 1 + roundtable_id, 'roundtable', roundtable_id FROM imrf_roundtables
UNION ALL SELECT $base * 2 + area_id, 'mptf_area', area_id FROM mptf_areas
UNION ALL SELECT $base * 3 + principle_id, 'principle', principle_id FROM guiding_principles
"""

# Integer activity (rowid) and geography keys: the big join and aggregation below run on integers, not on strings.
# Objective 0 holds every dated activity once; an activity that names no objective counts there only. A group
# holds an activity once however many of its objectives the activity names (DISTINCT).
# The (stream index, record key, principle) of every record that names a guiding principle, from the registry.
PRINCIPLED = (
    " UNION ALL ".join(
        f"SELECT {i}::UTINYINT AS stream_index, record_key AS record_id, principle_id "
        f"FROM ({s.principles}) AS p(record_key, principle_id)"
        for i, s in enumerate(schema.STREAM_REGISTRY, start=1)
        if s.has_principles
    )
    or "SELECT NULL::UTINYINT, NULL::VARCHAR, NULL::INTEGER WHERE FALSE"
)
COUNTING_SQL = (
    """CREATE TEMP TABLE _progress_act AS
    SELECT rowid AS aid, activity_id, record_id, list_position($streams, stream)::UTINYINT AS s, round_id, unit_count
    FROM activities WHERE round_id IS NOT NULL""",
    f"""CREATE TEMP TABLE _progress_dim_rows AS
    WITH obj AS (
        SELECT a.aid, a.s, a.round_id, a.unit_count, ao.objective_id AS dim
        FROM activity_objectives ao JOIN _progress_act a USING (activity_id)
    ),
    -- Round tables and MPTF areas as bits of one mask per activity: a bit_or per activity replaces a DISTINCT
    -- over every (activity, objective, group) row, and the activity then meets each of its groups once.
    group_bits AS (
        SELECT row_number() OVER (ORDER BY dim)::INTEGER - 1 AS bit, dim FROM _progress_dims
        WHERE group_kind IN ('roundtable', 'mptf_area')
    ),
    objective_groups AS (
        SELECT objective_id, $base * 1 + imrf_roundtable_id AS dim FROM objectives
        UNION ALL SELECT objective_id, $base * 2 + area_id FROM objective_mptf_areas
    ),
    objective_masks AS (
        SELECT g.objective_id, bit_or(1 << b.bit) AS mask FROM objective_groups g JOIN group_bits b USING (dim)
        GROUP BY ALL
    ),
    activity_masks AS (
        SELECT o.aid, any_value(o.s) AS s, any_value(o.round_id) AS round_id, any_value(o.unit_count) AS unit_count,
               bit_or(m.mask) AS mask
        FROM obj o JOIN objective_masks m ON m.objective_id = o.dim GROUP BY o.aid
    ),
    principled AS ({PRINCIPLED})
    SELECT * FROM obj
    UNION ALL SELECT aid, s, round_id, unit_count, 0 FROM _progress_act
    UNION ALL SELECT a.aid, a.s, a.round_id, a.unit_count, b.dim
    FROM activity_masks a JOIN group_bits b ON (a.mask >> b.bit) & 1 = 1
    UNION ALL SELECT a.aid, a.s, a.round_id, a.unit_count, $base * 3 + p.principle_id
    FROM principled p JOIN _progress_act a ON a.s = p.stream_index AND a.record_id = p.record_id""",
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
# `Global` ones included, and is never a sum of regions. `all` adds up the streams' units: the breadth, share and
# coverage tables use that sum; a composite class uses the sums over the streams in its mean instead.
COUNTS_SQL = """
CREATE TEMP TABLE _progress_counts AS
WITH per_stream AS (
    SELECT o.s, o.dim, m.gid, o.round_id, SUM(o.unit_count) AS n
    FROM _progress_dim_rows o JOIN _progress_member m USING (aid) GROUP BY ALL
    UNION ALL
    SELECT o.s, o.dim, (SELECT gid FROM _progress_geos WHERE geo_level = 'global'), o.round_id, SUM(o.unit_count)
    FROM _progress_dim_rows o GROUP BY ALL
),
named AS (
    SELECT $streams[p.s] AS stream, p.dim, g.geo_level, g.geo_id, p.round_id, p.n::BIGINT AS n
    FROM per_stream p JOIN _progress_geos g USING (gid)
)
SELECT * FROM named
UNION ALL
SELECT $all, dim, geo_level, geo_id, round_id, SUM(n)::BIGINT FROM named GROUP BY ALL
"""

PAIRS_SQL = """
CREATE TEMP TABLE _progress_pairs AS
SELECT round_from, round_to FROM (
    SELECT LAG(round_id) OVER (ORDER BY round_id) AS round_from, round_id AS round_to FROM review_rounds
) WHERE round_from IS NOT NULL
"""

# Every stream x dimension x geography x pair, zeros included; g_* are the global counts the share view divides
# by. `round_open` (a round of the pair is open and gives no exposure yet) and `complete` are the two context rules
# of METHOD.md 1.1, from the exposure table.
GRID_SQL = """
CREATE TEMP TABLE _progress_grid AS
WITH streams AS (SELECT unnest($streams || [$all]) AS stream)
SELECT s.stream, d.dim, g.geo_level, g.geo_id, p.round_from, p.round_to,
       COALESCE(cf.n, 0) AS n_from, COALESCE(ct.n, 0) AS n_to, ef.t AS t_from, et.t AS t_to,
       (ef.is_open AND COALESCE(ef.t, 0) = 0) OR (et.is_open AND COALESCE(et.t, 0) = 0) AS round_open,
       ef.complete AND et.complete AS complete, ef.exposure_model,
       COALESCE(gf.n, 0)::DOUBLE AS g_from, COALESCE(gt.n, 0)::DOUBLE AS g_to
FROM streams s CROSS JOIN _progress_dims d CROSS JOIN _progress_geos g CROSS JOIN _progress_pairs p
JOIN _progress_exposure ef ON ef.stream = s.stream AND ef.round_id = p.round_from
JOIN _progress_exposure et ON et.stream = s.stream AND et.round_id = p.round_to
LEFT JOIN _progress_counts cf ON cf.stream = s.stream AND cf.dim = d.dim
    AND cf.geo_level = g.geo_level AND cf.geo_id = g.geo_id AND cf.round_id = p.round_from
LEFT JOIN _progress_counts ct ON ct.stream = s.stream AND ct.dim = d.dim
    AND ct.geo_level = g.geo_level AND ct.geo_id = g.geo_id AND ct.round_id = p.round_to
LEFT JOIN _progress_counts gf ON gf.stream = s.stream AND gf.dim = d.dim
    AND gf.geo_level = 'global' AND gf.round_id = p.round_from
LEFT JOIN _progress_counts gt ON gt.stream = s.stream AND gt.dim = d.dim
    AND gt.geo_level = 'global' AND gt.round_id = p.round_to
WHERE d.group_kind IS DISTINCT FROM 'principle' OR list_contains($principle_streams || [$all], s.stream)
"""

# Breadth counts the countries (members of the sub-region or commission) with >= 1 unit on the objective in the
# round. T = 1 while the stream exists in the round, else 0, so a new mechanism or an open round is not assessable.
BREADTH_SQL = """
CREATE TEMP TABLE _progress_breadth AS
WITH present AS (
    SELECT DISTINCT stream, dim, geo_id AS iso3, round_id
    FROM _progress_counts WHERE geo_level = 'country' AND n > 0 AND dim < $base
),
geo_countries AS (
    SELECT 'subregion' AS geo_level, subregion AS geo_id, iso3 FROM countries WHERE subregion IS NOT NULL
    UNION ALL SELECT 'commission', commission_id, iso3 FROM commission_members
),
breadth AS (
    SELECT p.stream, p.dim, gc.geo_level, gc.geo_id, p.round_id, COUNT(*) AS n
    FROM present p JOIN geo_countries gc USING (iso3) GROUP BY ALL
    UNION ALL
    SELECT stream, dim, 'global', $global_id, round_id, COUNT(*) FROM present GROUP BY ALL
),
exists_in AS (
    SELECT stream, round_id, (t > 0)::INTEGER::DOUBLE AS t FROM _progress_exposure WHERE stream <> $all
    UNION ALL
    SELECT $all, round_id, MAX((t > 0)::INTEGER)::DOUBLE FROM _progress_exposure WHERE stream <> $all GROUP BY ALL
)
SELECT k.stream, k.dim, k.geo_level, k.geo_id, k.round_from, k.round_to,
       COALESCE(bf.n, 0) AS n_from, COALESCE(bt.n, 0) AS n_to, ef.t AS t_from, et.t AS t_to, k.round_open, k.complete
FROM _progress_grid k
LEFT JOIN breadth bf ON bf.stream = k.stream AND bf.dim = k.dim
    AND bf.geo_level = k.geo_level AND bf.geo_id = k.geo_id AND bf.round_id = k.round_from
LEFT JOIN breadth bt ON bt.stream = k.stream AND bt.dim = k.dim
    AND bt.geo_level = k.geo_level AND bt.geo_id = k.geo_id AND bt.round_id = k.round_to
JOIN exists_in ef ON ef.stream = k.stream AND ef.round_id = k.round_from
JOIN exists_in et ON et.stream = k.stream AND et.round_id = k.round_to
WHERE k.geo_level <> 'country' AND k.dim < $base
"""

INPUTS = "n_from, n_to, t_from, t_to, round_open, complete"
# The share view divides by the global counts; a global count of 0 gives t = 0, i.e. not_assessable.
SHARE_INPUT = f"""SELECT stream, dim, {GEO_KEY}, n_from, n_to, g_from AS t_from, g_to AS t_to, round_open, complete
FROM _progress_grid WHERE geo_level <> 'global' AND dim < $base"""
STREAM_INPUT = f"SELECT stream, dim, {GEO_KEY}, {INPUTS}, exposure_model FROM _progress_grid WHERE stream <> $all"
DISTINCT_INPUTS = f"""
SELECT DISTINCT {INPUTS} FROM (
    SELECT {INPUTS} FROM _progress_grid WHERE stream <> $all
    UNION ALL SELECT {INPUTS} FROM ({SHARE_INPUT}) UNION ALL SELECT {INPUTS} FROM _progress_breadth
)
"""
MEASURES = "n_from, n_to, t_from, t_to, rate_ratio, score, category, confidence, p_value, label"
CLASSIFIED_SQL = (
    f"SELECT $version, stream, dim AS objective_id, {GEO_KEY}, {MEASURES} "
    f"FROM ({{input}}) JOIN _progress_classes USING ({INPUTS})"
)

# One sorted list per key (a list per column would sort the rows once per column); rows of a key come sorted.
COMPOSITE_INPUT_SQL = f"""
SELECT dim, {GEO_KEY}, list((stream, category, score, confidence, label, n_from, n_to) ORDER BY stream)
FROM ({STREAM_INPUT}) JOIN _progress_classes USING ({INPUTS}) GROUP BY ALL
"""
COMPOSITE_COUNTS = ", ".join(f"{c}_streams" for c in CLASSES)
NO_COMPOSITE = ", ".join(["NULL::INTEGER"] * (len(CLASSES) + 1) + ["NULL::VARCHAR"])
# A rate ratio equivalent to the mean score, so that the composite reads like a stream cell.
CELLS_SQL = f"""
SELECT stream, dim, {GEO_KEY}, {MEASURES}, exposure_model, {NO_COMPOSITE}
FROM ({STREAM_INPUT}) JOIN _progress_classes USING ({INPUTS})
UNION ALL
SELECT $all, dim, {GEO_KEY}, n_from, n_to, NULL::DOUBLE, NULL::DOUBLE, 2 ** (score / $cap), score, category,
       confidence, NULL::DOUBLE, label, NULL::VARCHAR, streams_assessed, {COMPOSITE_COUNTS}, streams_in_mean
FROM _progress_composite
"""
GROUP_CELLS_SQL = f"""
SELECT $version, d.group_kind, d.group_id, c.* EXCLUDE (dim)
FROM ({CELLS_SQL}) c JOIN _progress_dims d USING (dim) WHERE c.dim >= $base
"""

# A reason explains the cells of its objective, geography and round (as round_to); without a stream, all of them.
CELL_REASONS_SQL = """
CREATE TEMP TABLE _progress_cell_reasons AS
SELECT k.stream, k.dim AS objective_id, k.geo_level, k.geo_id, k.round_from, k.round_to, r.reason_id, r.reason_code
FROM _progress_grid k JOIN reasons r ON r.objective_id = k.dim AND r.geo_level = k.geo_level
    AND r.geo_id = k.geo_id AND r.round_id = k.round_to AND (r.stream IS NULL OR r.stream = k.stream)
"""
PROGRESS_SQL = f"""
WITH cells AS (SELECT * RENAME (dim AS objective_id) FROM ({CELLS_SQL}) WHERE dim < $base),
reason_stats AS (
    SELECT {KEY}, COUNT(*) AS reason_count, NOT BOOL_AND(list_contains($artefacts, reason_code)) AS interpretable
    FROM _progress_cell_reasons GROUP BY ALL
)
SELECT $version, cells.*, COALESCE(r.reason_count, 0), COALESCE(r.interpretable, TRUE)
FROM cells LEFT JOIN reason_stats r USING ({KEY})
"""

STREAM_SUMS = ", ".join(
    f"COALESCE(SUM(c.n) FILTER (WHERE c.stream = $streams[{i}]), 0)" for i in range(1, len(schema.STREAMS) + 1)
)
COVERAGE_SQL = f"""
SELECT o.objective_id, g.geo_level, g.geo_id, r.round_id, {STREAM_SUMS},
       COUNT(c.n) FILTER (WHERE c.n > 0) AS streams_reporting
FROM (SELECT range::INTEGER AS objective_id FROM range(0, $objectives + 1)) o
CROSS JOIN _progress_geos g CROSS JOIN (SELECT round_id FROM review_rounds) r
LEFT JOIN _progress_counts c ON c.stream <> $all AND c.dim = o.objective_id AND c.geo_level = g.geo_level
    AND c.geo_id = g.geo_id AND c.round_id = r.round_id
GROUP BY ALL
"""


def fill(con, data_cutoff: date, config: MethodConfig) -> None:
    """Fill progress_cells, group_cells, breadth_cells, share_cells, cell_reasons and coverage.

    Cells: objectives 0-23 and groups x streams + `all` x every geography with a dated activity at its level
    (+ GLOBAL) x consecutive rounds, zeros included. Breadth and share cells (objectives only) also exist for `all`.
    """
    params = {
        "streams": list(schema.STREAMS),
        "all": schema.COMPOSITE_STREAM,
        "global_id": schema.GLOBAL_GEO_ID,
        "objectives": N_OBJECTIVES,
        "base": GROUP_BASE,
        "principle_streams": list(PRINCIPLE_STREAMS),
        "version": config.method_version,
        "cap": config.score_cap,
        "artefacts": list(schema.ARTEFACT_REASON_CODES),
    }

    def run(sql: str):
        return con.execute(sql, _used(params, sql))

    try:
        _create_from_frame(con, "_progress_exposure", exposures(con, data_cutoff, config))
        for sql in (DIMS_SQL, *COUNTING_SQL, GEOS_SQL, MEMBER_SQL, COUNTS_SQL):
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
        _insert(con, "group_cells", GROUP_CELLS_SQL, params)
        _insert(con, "cell_reasons", f"SELECT {KEY}, reason_id FROM _progress_cell_reasons", params)
        _insert(con, "coverage", COVERAGE_SQL, params)
    finally:
        for name in COUNTING_TABLES + RESULT_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {name}")


def _used(params: dict, sql: str) -> dict:
    """The named parameters a statement uses (DuckDB rejects unused ones)."""
    return {name: value for name, value in params.items() if f"${name}" in sql}


def exposures(con, data_cutoff: date, config: MethodConfig) -> pd.DataFrame:
    """Exposure per stream and round, with the round's state and the collection's completeness.

    Columns: stream (and `all`, whose t is NULL), round_id, t, is_open (not closed by the cut-off for this stream),
    complete (collection_coverage), exposure_model. `rate` streams: years of the window within the stream's
    lifetime; `per_round` streams: 1 per closed round. The start of a stream defaults to its first dated record;
    a stream with records but no dates (submissions counted per round) starts with its first round with a record.
    """
    rounds = con.execute(
        "SELECT round_id, window_start_date, window_end_date, regional_reviews_to_date FROM review_rounds "
        "ORDER BY round_id"
    ).fetchall()
    first = dict(
        con.execute(
            "SELECT a.stream, COALESCE(MIN(a.activity_date), MIN(r.window_start_date)) FROM activities a "
            "LEFT JOIN review_rounds r USING (round_id) GROUP BY a.stream"
        ).fetchall()
    )
    completeness = {
        (s, r): value
        for s, r, value in con.execute("SELECT stream, round_id, completeness FROM collection_coverage").fetchall()
    }
    rows = []
    for round_id, window_start, window_end, reviews_to in rounds:
        states = []
        for stream in schema.STREAMS:
            start = config.mechanism_start(stream) or first.get(stream)
            model = config.exposure_model(stream)
            complete = completeness.get((stream, round_id), "complete") == "complete"
            if model == "per_round":
                closes_on = reviews_to if config.round_close(stream) == "regional_reviews_to" else window_end
                t = per_round_exposure(closes_on, start, data_cutoff)
            else:
                closes_on = window_end
                t = exposure_years(window_start, window_end, start, data_cutoff)
            is_open = closes_on is None or closes_on > data_cutoff
            states.append((is_open, complete))
            rows.append((stream, round_id, t, is_open, complete, model))
        rows.append(
            (schema.COMPOSITE_STREAM, round_id, None, any(s[0] for s in states), all(s[1] for s in states), None)
        )
    frame = pd.DataFrame(rows, columns=["stream", "round_id", "t", "is_open", "complete", "exposure_model"])
    return frame.astype({"round_id": "int64", "t": "Float64", "is_open": "bool", "complete": "bool"})


def _classes(inputs: list[tuple], config: MethodConfig) -> pd.DataFrame:
    """classify() of each distinct (n_from, n_to, t_from, t_to, round_open, complete) that occurs in any cell."""
    results = [classify(n0, n1, t0, t1, config, round_open=o, complete=c) for n0, n1, t0, t1, o, c in inputs]
    frame = pd.DataFrame(inputs, columns=INPUTS.split(", ")).astype(
        {"n_from": "int64", "n_to": "int64", "t_from": "float64", "t_to": "float64", "round_open": "bool"}
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
    """composite() of the stream cells of each key, cached on the classes (many keys share them); the counts are
    then summed over the streams in the mean, or over all streams when none is."""
    cache: dict[tuple, tuple] = {}
    out = []
    for *key, cells_of_key in rows:
        streams, categories, scores, confidences, labels, n_froms, n_tos = zip(*cells_of_key, strict=True)
        inputs = (streams, categories, scores, confidences, labels)
        if inputs not in cache:
            cells = [
                CellResult(category, score, None, label, confidence)
                for category, score, confidence, label in zip(categories, scores, confidences, labels, strict=True)
            ]
            comp = composite(cells, config)
            counts = [comp.class_counts[c] for c in CLASSES]
            in_mean = ";".join(streams[i] for i in comp.in_mean) or None
            summed = comp.in_mean or range(len(streams))
            cache[inputs] = (
                summed,
                (comp.score, comp.category, comp.confidence, comp.label, sum(counts), *counts, in_mean),
            )
        summed, result = cache[inputs]
        out.append((*key, sum(n_froms[i] for i in summed), sum(n_tos[i] for i in summed), *result))
    columns = [
        "dim",
        *GEO_KEY.split(", "),
        "n_from",
        "n_to",
        "score",
        "category",
        "confidence",
        "label",
        "streams_assessed",
        *(f"{c}_streams" for c in CLASSES),
        "streams_in_mean",
    ]
    frame = pd.DataFrame(out, columns=columns)
    return frame.astype({"score": "Float64", "category": "object", "confidence": "object", "label": "object"})


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

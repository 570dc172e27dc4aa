"""The build step of the method: count in SQL, classify each distinct input once, fill the cell tables."""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl import schema
from etl.progress import CLASSES, CellResult, MethodConfig, classify, composite, exposure_years, per_round_exposure
from etl.progress_counts_sql import (
    BREADTH_SQL,
    COUNTING_SQL,
    COUNTING_TABLES,
    COUNTS_SQL,
    DIMS_SQL,
    GEO_KEY,
    GEOS_SQL,
    GRID_SQL,
    GROUP_BASE,
    KEY,
    MEMBER_SQL,
    N_OBJECTIVES,
    PAIRS_SQL,
    PRINCIPLE_STREAMS,
    RESULT_TABLES,
)

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

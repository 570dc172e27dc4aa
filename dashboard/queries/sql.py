"""SQL fragments and parameter helpers shared by the query modules (no Streamlit, no values in SQL text)."""

from __future__ import annotations

import pandas as pd

from etl import schema

STREAMS = list(schema.STREAMS)
LEVEL_ORDER = ["global", "commission", "subregion", "country"]
CLASS_ORDER = list(schema.CATEGORIES)
IDENTIFIERS = frozenset({t.name for t in schema.TABLES} | {c.name for t in schema.TABLES for c in t.columns})


def ident(name: str) -> str:
    """A table or column name of the schema, quoted: besides UPPER_CASE constants, the one thing SQL text may
    interpolate (tests/test_code_rules.py), so that the per-stream SQL comes from the stream list, never a value."""
    if name not in IDENTIFIERS:
        raise ValueError(f"not a table or column of the schema: {name!r}")
    return f'"{name}"'


def stream_name(name: str) -> str:
    """A stream of the registry as an SQL string literal (see ident)."""
    if name not in schema.STREAMS:
        raise ValueError(f"not a stream: {name!r}")
    return f"'{name}'"


def frame(con, sql: str, params: dict | None = None) -> pd.DataFrame:
    return con.execute(sql, params or {}).df()


# Objective 0 ("all objectives", each record once) first, then the 23: what a country or table lists.
OBJECTIVES_WITH_ALL = """(
    SELECT 0 AS objective_id, $all_title AS short_title
    UNION ALL SELECT objective_id, short_title FROM objectives
)"""
# No objective filter means the 23 objectives; objective 0 appears where it is asked for (or listed with them).
OBJECTIVE_FILTER = """(CASE WHEN len($objectives::INTEGER[]) = 0 THEN objective_id > 0
    ELSE list_contains($objectives::INTEGER[], objective_id) END)"""
# ... or objective 0 as well, first: a country's or an extract's table starts with its whole activity.
OBJECTIVE_FILTER_WITH_ALL = f"""(($with_all AND objective_id = 0) OR {OBJECTIVE_FILTER})"""

# An activity belongs to a geography as the ETL counts it (etl/progress_sql.py MEMBER_SQL): through its countries,
# their M49 sub-regions, its regional commissions; GLOBAL holds every activity. The filters are semi-joins
# (`IN (SELECT ...)`), which DuckDB runs as one hash join each: correlated EXISTS ran 2.6-4.3 times slower at 1M rows.
GEO_MATCH = """(
    len($geos::VARCHAR[]) = 0 OR list_contains($geos::VARCHAR[], 'GLOBAL')
    OR a.activity_id IN (SELECT ac.activity_id FROM activity_countries ac JOIN countries c USING (iso3)
                         WHERE list_contains($geos::VARCHAR[], ac.iso3)
                            OR list_contains($geos::VARCHAR[], c.subregion))
    OR a.activity_id IN (SELECT am.activity_id FROM activity_commissions am
                         WHERE list_contains($geos::VARCHAR[], am.commission_id))
)"""
OBJECTIVE_MATCH = """(
    len($objectives::INTEGER[]) = 0
    OR a.activity_id IN (SELECT ao.activity_id FROM activity_objectives ao
                         WHERE list_contains($objectives::INTEGER[], ao.objective_id))
)"""

# The streams whose records name guiding principles (the registry's has_principles), with the bridge table and key
# that link a record to its principles (the table of its own with a foreign key to guiding_principles).
PRINCIPLE_BRIDGES: tuple[tuple[str, str, str], ...] = tuple(
    (s.name, table.name, table.foreign_keys[0][0])
    for s in schema.STREAM_REGISTRY
    if s.has_principles
    for table in s.tables
    if any(fk[1] == "guiding_principles" for fk in table.foreign_keys)
)
PRINCIPLE_STREAMS: tuple[str, ...] = tuple(owner for owner, _, _ in PRINCIPLE_BRIDGES)
PRINCIPLE_MATCH = (
    "(\n    $principle::INTEGER IS NULL"
    + "".join(
        f"\n    OR (a.stream = {stream_name(owner)} AND a.record_id IN (SELECT {ident(key)} FROM {ident(table)}"
        "\n        WHERE principle_id = $principle::INTEGER))"
        for owner, table, key in PRINCIPLE_BRIDGES
    )
    + "\n)"
)
PICKED = f"""
picked AS (
    SELECT a.* FROM activities a
    WHERE ($stream = 'all' OR a.stream = $stream)
      AND (len($rounds::INTEGER[]) = 0 OR list_contains($rounds::INTEGER[], a.round_id)
           OR ($undated AND a.round_id IS NULL))
      AND {OBJECTIVE_MATCH} AND {GEO_MATCH} AND {PRINCIPLE_MATCH}
)"""

# The countries the dashboard lists: every UN Member State (no activity reads as zero, not as missing) and any
# other country or territory with reported activity.
UNIVERSE = """
universe AS (
    SELECT iso3, name, subregion FROM countries
    WHERE is_un_member OR iso3 IN (SELECT geo_id FROM coverage WHERE geo_level = 'country')
)"""

# The coverage table holds one count column per stream, in stream order.
COUNT_COLUMNS: tuple[str, ...] = tuple(s.count_column for s in schema.STREAM_REGISTRY)


def _counts(alias: str) -> list[str]:
    return [f"{alias}.{ident(column)}" for column in COUNT_COLUMNS]


COVERAGE_COUNTS = ", ".join(_counts("v"))
TOTAL_FROM = " + ".join(_counts("vf"))
TOTAL_TO = " + ".join(_counts("vt"))
# A coverage row's count of the chosen stream ($stream, found in $streams), or of all streams.
STREAM_COUNT = (
    f"CASE WHEN $stream = 'all' THEN {' + '.join(_counts('v'))}"
    f" ELSE [{COVERAGE_COUNTS}][list_position($streams::VARCHAR[], $stream)] END"
)


def activity_params(stream, rounds, objectives, geos, principle, undated: bool = False) -> dict:
    """`undated`: a record list keeps the records that state no date whatever the rounds (they belong to no round,
    so they count in no chart, but they are part of the view); counts per round never do."""
    return {
        "undated": bool(undated),
        "stream": stream,
        "rounds": [int(r) for r in rounds],
        "objectives": [int(o) for o in objectives],
        "geos": [str(g) for g in geos],
        "principle": None if principle is None else int(principle),
    }


def cell_params(stream, rounds, levels, geos, objectives) -> dict:
    """The parameters of the queries on progress cells and their reasons."""
    return {
        "stream": stream,
        "r0": int(rounds[0]),
        "r1": int(rounds[1]),
        "levels": [str(v) for v in levels],
        "geos": [str(g) for g in geos],
        "objectives": [int(o) for o in objectives],
        "order": LEVEL_ORDER,
    }

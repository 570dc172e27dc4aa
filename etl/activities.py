"""Derive `activities` and their objective, country and commission bridges from the fact tables (SQL)."""

from __future__ import annotations

from datetime import date

import duckdb

from etl.schema import STREAM_REGISTRY, Stream

# Every statement is a UNION over the registered streams: each stream's SQL comes from its registry entry
# (etl/schema/streams.py), and the stream name prefixes the record key, which keeps records of streams apart.


def _pairs(stream: Stream, sql: str) -> str:
    return f"SELECT '{stream.name}:' || record_key, value FROM ({sql}) AS pairs(record_key, value)"


def _union(parts: list[str]) -> str:
    return "\nUNION ALL\n".join(parts) or "SELECT NULL, NULL WHERE FALSE"


def stream_rows_sql() -> str:
    """One row per record of every stream, with the activity columns."""
    return _union(
        [
            f"SELECT '{s.name}:' || record_id AS activity_id, '{s.name}' AS stream, record_id, title, activity_date, "
            f"date_precision, fixed_round, unit_count, is_global, source_url FROM ({s.records})"
            for s in STREAM_REGISTRY
        ]
    )


# The round of a dated record: the window that holds its date. Windows are few and come from review_rounds; the
# CASE is built from their count only, the dates are bound as parameters.
ACTIVITIES_SQL = """
INSERT INTO activities
WITH rows AS ({stream_rows})
SELECT activity_id, stream, record_id, title, activity_date, date_precision,
       coalesce(fixed_round, CASE {windows} END), unit_count, is_global, source_url
FROM rows
ORDER BY activity_id
"""
WINDOW_CASE = "WHEN activity_date BETWEEN ? AND ? THEN ?"


# A record that names no objective (a voluntary national review of the whole Compact) is no evidence about any one
# objective: it has no row in activity_objectives and counts in objective 0 ("all objectives") only (METHOD.md 1.1).
# Each source bridge is unique per record, so no DISTINCT is needed.
def _insert(table: str, parts: list[str]) -> str:
    return f"INSERT INTO {table} SELECT * FROM ({_union(parts)}) ORDER BY 1, 2"


def objectives_sql() -> str:
    return _insert("activity_objectives", [_pairs(s, s.objectives) for s in STREAM_REGISTRY])


def countries_sql() -> str:
    return _insert("activity_countries", [_pairs(s, s.countries) for s in STREAM_REGISTRY])


# Commissions a record names itself win; otherwise an activity counts in every commission its countries belong to
# (membership is many-to-many). They are read from the source bridges, so this does not wait for
# activity_countries, and the DISTINCT runs on the short record keys before the prefix is added.
def _commissions(stream: Stream) -> list[str]:
    derived = (
        f"SELECT DISTINCT x.record_key, m.commission_id FROM ({stream.countries}) AS x(record_key, iso3) "
        "JOIN commission_members m USING (iso3)"
    )
    if stream.commissions is None:
        return [_pairs(stream, derived)]
    named = f"SELECT record_key FROM ({stream.commissions}) AS n(record_key, commission_id)"
    return [
        _pairs(stream, stream.commissions),
        _pairs(stream, f"SELECT * FROM ({derived}) WHERE record_key NOT IN ({named})"),
    ]


def commissions_sql() -> str:
    return _insert("activity_commissions", [part for s in STREAM_REGISTRY for part in _commissions(s)])


def fill_activities(con: duckdb.DuckDBPyConnection, data_cutoff: date) -> None:
    """Fill `activities` and its three bridges from the fact tables already loaded in `con`."""
    windows = con.execute(
        "SELECT window_start_date, coalesce(window_end_date, ?), round_id FROM review_rounds ORDER BY round_id",
        [data_cutoff],
    ).fetchall()
    case = " ".join([WINDOW_CASE] * len(windows)) or "WHEN FALSE THEN NULL"
    sql = ACTIVITIES_SQL.format(stream_rows=stream_rows_sql(), windows=case)
    con.execute(sql, [value for window in windows for value in window])
    con.execute(objectives_sql())
    con.execute(countries_sql())
    con.execute(commissions_sql())

"""The extract as one row per record: objectives and countries joined by `;`, as the Migration Network Hub exports."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from etl.export import EXTRACT_FILTERS, FOLLOWUP_COLUMNS, extract_params

RECORD_COLUMNS = (
    "stream",
    "record_id",
    "title",
    "activity_date",
    "round_id",
    "objective_ids",
    "objective_titles",
    "iso3",
    "country_names",
    "unit_count",
    "is_global",
    "source_url",
    *FOLLOWUP_COLUMNS,
)

# The same filters as the long extract (etl/export.py), so both files hold the same records: the long one a row per
# record × objective × country, this one a row per record with the chosen objectives and countries listed.
_RECORDS_FROM = (
    """
FROM activities a
LEFT JOIN pledges p ON a.stream = 'pledges' AND p.pledge_id = a.record_id
LEFT JOIN pledge_followup pf ON a.stream = 'pledges' AND pf.pledge_id = a.record_id
LEFT JOIN activity_objectives ao ON ao.activity_id = a.activity_id
LEFT JOIN objectives o ON o.objective_id = ao.objective_id
LEFT JOIN activity_countries ac ON ac.activity_id = a.activity_id
LEFT JOIN countries c ON c.iso3 = ac.iso3
WHERE TRUE"""
    + EXTRACT_FILTERS
)
RECORDS_SQL = (
    """
SELECT a.stream, a.record_id, any_value(a.title) AS title, any_value(a.activity_date) AS activity_date,
       any_value(a.round_id) AS round_id,
       array_to_string(list_sort(list_distinct(list(ao.objective_id))), ';') AS objective_ids,
       array_to_string(list(DISTINCT o.short_title ORDER BY o.short_title), ';') AS objective_titles,
       array_to_string(list_sort(list_distinct(list(ac.iso3))), ';') AS iso3,
       array_to_string(list(DISTINCT c.name ORDER BY c.name), ';') AS country_names,
       any_value(a.unit_count) AS unit_count, any_value(a.is_global) AS is_global,
       any_value(a.source_url) AS source_url, any_value(p.pledging_entity) AS pledging_entity,
       any_value(p.entity_category) AS entity_category, any_value(pf.status) AS status,
       any_value(pf.deadline_date) AS deadline_date, any_value(pf.freshness) AS freshness,
       any_value(pf.overdue) AS overdue"""
    + _RECORDS_FROM
    + """
GROUP BY a.stream, a.record_id
ORDER BY a.stream, a.record_id
"""
)
RECORD_COUNT_SQL = "SELECT count(DISTINCT a.activity_id)" + _RECORDS_FROM


def record_rows(
    con: duckdb.DuckDBPyConnection,
    *,
    stream: str | None = None,
    objectives: Sequence[int] = (),
    countries: Sequence[str] = (),
    rounds: Sequence[int] | None = None,
) -> pd.DataFrame:
    """One row per record of `export.extract_rows(...)` with the same filters, lists joined by `;`."""
    frame = con.cursor().execute(RECORDS_SQL, extract_params(stream, objectives, countries, rounds)).df()
    empty = {column: {"": None} for column in ("objective_ids", "objective_titles", "iso3", "country_names")}
    return frame.replace(empty).astype({"overdue": "boolean"})


def record_count(
    con: duckdb.DuckDBPyConnection,
    *,
    stream: str | None = None,
    objectives: Sequence[int] = (),
    countries: Sequence[str] = (),
    rounds: Sequence[int] | None = None,
) -> int:
    """How many records the extract holds (its rows are records × objectives × countries)."""
    params = extract_params(stream, objectives, countries, rounds)
    return int(con.cursor().execute(RECORD_COUNT_SQL, params).fetchall()[0][0])

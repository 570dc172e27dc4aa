"""Record queries: one record by its activity id (`<stream>:<record id>`) with every field, and its pledge follow-up."""

from __future__ import annotations

import pandas as pd

from dashboard.queries.sql import frame, ident, stream_name
from etl import followup, schema


def _principle_bridges() -> list[tuple[str, str, str]]:
    """(stream, bridge table, key column) of every stream whose records name guiding principles."""
    out = []
    for s in schema.STREAM_REGISTRY:
        for table in s.tables[1:]:
            names = [c.name for c in table.columns]
            if "principle_id" in names:
                out.append((s.name, table.name, names[0]))
    return out


# Each stream's principles under the activity id (etl/activities.py makes it `<stream>:<record id>`).
PRINCIPLES_SQL = "\nUNION ALL ".join(
    f"SELECT {stream_name(s)} || ':' || CAST({ident(key)} AS VARCHAR) AS activity_id, principle_id FROM {ident(t)}"
    for s, t, key in _principle_bridges()
)
# Each stream's fact-table row: every field the source gave, whatever the stream.
FACT_SQL = {
    s.name: f"SELECT * FROM {ident(s.tables[0].name)} WHERE CAST({ident(s.tables[0].primary_key[0])} AS VARCHAR) = $rid"
    for s in schema.STREAM_REGISTRY
}
FLAGS_SQL = followup.FLAGS_SQL


def record_detail(con, *, activity_id: str) -> pd.DataFrame:
    """One row: the record as every stream has it, with its objectives, countries, commissions and principles
    as `; ` lists (empty frame when the id is unknown)."""
    return frame(
        con,
        f"""
        WITH pr AS ({PRINCIPLES_SQL})
        SELECT a.activity_id, a.stream, a.record_id, a.title, a.activity_date, a.date_precision, a.round_id,
               r.name AS round_name, a.unit_count, a.is_global, a.source_url,
               (SELECT string_agg(o.objective_id || ' · ' || o.short_title, '; ' ORDER BY o.objective_id)
                FROM activity_objectives ao JOIN objectives o USING (objective_id)
                WHERE ao.activity_id = a.activity_id) AS objectives,
               (SELECT string_agg(c.name || ' (' || c.iso3 || ')', '; ' ORDER BY c.name)
                FROM activity_countries ac JOIN countries c USING (iso3)
                WHERE ac.activity_id = a.activity_id) AS countries,
               (SELECT string_agg(m.commission_id, '; ' ORDER BY m.commission_id)
                FROM activity_commissions m WHERE m.activity_id = a.activity_id) AS commissions,
               (SELECT string_agg(g.principle_id || ' · ' || g.name, '; ' ORDER BY g.principle_id)
                FROM pr JOIN guiding_principles g USING (principle_id)
                WHERE pr.activity_id = a.activity_id) AS principles
        FROM activities a LEFT JOIN review_rounds r ON r.round_id = a.round_id
        WHERE a.activity_id = $activity_id
        ORDER BY a.activity_id""",
        {"activity_id": str(activity_id)},
    )


def record_fields(con, *, activity_id: str) -> pd.DataFrame:
    """The record's row of its stream's own table, as (field, value) rows in the table's column order."""
    stream, _, record_id = str(activity_id).partition(":")
    known = frame(
        con,
        "SELECT stream FROM activities WHERE activity_id = $activity_id ORDER BY stream",
        {"activity_id": str(activity_id)},
    )
    if known.empty or stream not in FACT_SQL:
        return pd.DataFrame({"field_name": [], "field_value": []})
    row = frame(con, FACT_SQL[stream], {"rid": record_id})
    if row.empty:
        return pd.DataFrame({"field_name": [], "field_value": []})
    return pd.DataFrame({"field_name": list(row.columns), "field_value": [_text(v) for v in row.iloc[0]]})


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value)


def pledge_followup(con, *, activity_id: str) -> pd.DataFrame:
    """A pledge's status, deadline, freshness and overdue flag (etl.followup's rule), by its activity id."""
    return frame(
        con,
        f"SELECT f.* FROM ({FLAGS_SQL}) f WHERE 'pledges:' || f.pledge_id = $activity_id ORDER BY f.pledge_id",
        {"activity_id": str(activity_id)},
    )

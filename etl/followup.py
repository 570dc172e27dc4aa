"""Pledge follow-up: status, deadline and freshness against the data cut-off, per pledge and counted by group."""

from __future__ import annotations

from etl import schema

NOT_STATED = "not_stated"
STATUSES = schema.FOLLOWUP_STATUSES
STATUS_WORDS = {
    "planning": "Planning",
    "in_progress": "In progress",
    "fulfilled": "Fulfilled",
    NOT_STATED: "Not stated",
}
FRESHNESS = schema.FOLLOWUP_FRESHNESS
FRESHNESS_WORDS = {
    "within_1y": "Updated within a year",
    "1_2y": "Updated 1-2 years before",
    "over_2y": "Updated over 2 years before",
    "never": "Never updated",
}
OVERDUE_WORDS = "deadline passed, not reported fulfilled"

# Calendar years back from the cut-off (DuckDB: DATE '2024-02-29' - INTERVAL 1 YEAR = 2023-02-28), inclusive: a page
# updated exactly one year before the cut-off is "within a year", exactly two years before is "1-2 years".
FLAGS_SQL = """
SELECT p.pledge_id, p.title, p.pledging_entity, p.entity_category, COALESCE(p.status, 'not_stated') AS status,
       p.deadline_date, p.last_updated_date,
       CASE WHEN p.last_updated_date IS NULL THEN 'never'
            WHEN p.last_updated_date >= CAST(b.data_cutoff - INTERVAL 1 YEAR AS DATE) THEN 'within_1y'
            WHEN p.last_updated_date >= CAST(b.data_cutoff - INTERVAL 2 YEAR AS DATE) THEN '1_2y'
            ELSE 'over_2y' END AS freshness,
       COALESCE(p.deadline_date < b.data_cutoff AND p.status IS DISTINCT FROM 'fulfilled', FALSE) AS overdue,
       p.source_url
FROM pledges p CROSS JOIN (SELECT data_cutoff FROM build_info) b
"""
# The pledges a filter keeps: by country of implementation, objective and entity category (NULL: no filter).
FILTER_SQL = """
WHERE ($iso3::VARCHAR IS NULL OR f.pledge_id IN (SELECT pledge_id FROM pledge_countries WHERE iso3 = $iso3))
  AND ($objective::INTEGER IS NULL
       OR f.pledge_id IN (SELECT pledge_id FROM pledge_objectives WHERE objective_id = $objective))
  AND ($category::VARCHAR IS NULL OR f.entity_category = $category)
"""
PLEDGES_SQL = f"SELECT f.* FROM ({FLAGS_SQL}) f {FILTER_SQL} ORDER BY f.pledge_id"

# What `counts` groups by: each a constant join and key, never a value.
GROUPINGS = {
    "country": ("JOIN pledge_countries g ON g.pledge_id = f.pledge_id AND g.iso3 = COALESCE($iso3, g.iso3)", "g.iso3"),
    "objective": (
        "JOIN pledge_objectives g ON g.pledge_id = f.pledge_id"
        " AND g.objective_id = COALESCE($objective, g.objective_id)",
        "g.objective_id::VARCHAR",
    ),
    "entity_category": ("", "COALESCE(f.entity_category, 'not stated')"),
}
COUNTS_SQL = {
    by: f"""
    SELECT * FROM (
        SELECT {key} AS key, f.status, f.freshness, COUNT(*)::BIGINT AS pledges,
               COUNT(*) FILTER (WHERE f.overdue)::BIGINT AS overdue
        FROM ({FLAGS_SQL}) f {join} {FILTER_SQL}
        GROUP BY 1, 2, 3
    )
    ORDER BY TRY_CAST(key AS INTEGER) NULLS FIRST, key,
             list_position($statuses, status), list_position($freshness, freshness)"""
    for by, (join, key) in GROUPINGS.items()
}


def _params(iso3: str | None, objective: int | None, category: str | None) -> dict:
    return {
        "iso3": iso3.upper() if iso3 else None,
        "objective": None if objective is None else int(objective),
        "category": category,
    }


def _rows(con, sql: str, params: dict) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def pledges(con, *, iso3: str | None = None, objective: int | None = None, category: str | None = None) -> list[dict]:
    """Every pledge a filter keeps, with its status (or not_stated), deadline, freshness and overdue flag.

    Freshness compares last_updated_date with build_info.data_cutoff in calendar years, boundaries included on the
    fresher side: updated on or after the cut-off minus 1 year → within_1y; on or after the cut-off minus 2 years →
    1_2y; earlier → over_2y; no date → never. Overdue: a deadline strictly before the cut-off (a deadline on the
    cut-off day has not passed) and a status other than fulfilled (a pledge with no status stated counts).
    """
    return _rows(con, PLEDGES_SQL, _params(iso3, objective, category))


def counts(
    con, by: str, *, iso3: str | None = None, objective: int | None = None, category: str | None = None
) -> list[dict]:
    """Pledges per `by` (country, objective or entity_category) x status x freshness, with how many are overdue.

    A pledge counts once in each of its countries or objectives (only the filtered one when `iso3` or `objective`
    is given). Only combinations that occur are returned.
    """
    if by not in COUNTS_SQL:
        raise ValueError(f"by must be one of {', '.join(COUNTS_SQL)}, not {by!r}")
    params = _params(iso3, objective, category) | {"statuses": list(STATUSES), "freshness": list(FRESHNESS)}
    return _rows(con, COUNTS_SQL[by], params)


def summary(rows: list[dict]) -> dict:
    """Totals of a list of pledges (from `pledges`): per status, per freshness, and overdue."""
    return {
        "pledges": len(rows),
        "status": {s: sum(r["status"] == s for r in rows) for s in STATUSES},
        "freshness": {f: sum(r["freshness"] == f for r in rows) for f in FRESHNESS},
        "overdue": sum(r["overdue"] for r in rows),
    }


FILL_SQL = f"""
INSERT INTO pledge_followup
SELECT pledge_id, status, deadline_date, last_updated_date, freshness, overdue FROM ({FLAGS_SQL}) ORDER BY pledge_id
"""


def fill(con) -> None:
    """Fill pledge_followup (a build step, after build_info): the flags the extracts and the data package carry."""
    con.execute(FILL_SQL)

"""Activity queries: distinct records per stream and round, the record list behind a view, units per country."""

from __future__ import annotations

import pandas as pd

from dashboard.queries.sql import PICKED, STREAMS, UNIVERSE, activity_params, frame


def activity_by_round(con, *, stream: str = "all", objectives=(), geos=(), principle=None) -> pd.DataFrame:
    """Distinct activities and units per stream and round (an activity with several objectives counts once)."""
    params = activity_params(stream, (), objectives, geos, principle)
    params["streams"] = STREAMS
    return frame(
        con,
        f"""
        WITH {PICKED},
        grid AS (SELECT s.stream, r.round_id, r.name AS round_name
                 FROM (SELECT unnest($streams::VARCHAR[]) AS stream) s CROSS JOIN review_rounds r
                 WHERE $stream = 'all' OR s.stream = $stream)
        SELECT g.stream, g.round_id, g.round_name, COUNT(p.activity_id)::BIGINT AS activities,
               COALESCE(SUM(p.unit_count), 0)::BIGINT AS units
        FROM grid g LEFT JOIN picked p ON p.stream = g.stream AND p.round_id = g.round_id
        GROUP BY g.stream, g.round_id, g.round_name
        ORDER BY g.round_id, list_position($streams::VARCHAR[], g.stream)""",
        params,
    )


def activity_list(
    con, *, stream: str = "all", rounds=(), objectives=(), geos=(), principle=None, limit: int | None = None
) -> pd.DataFrame:
    """The activities behind a view, one row each, with their objectives and countries as `;` lists; the first
    `limit` of them (None: all) by stream, date and id; records that state no date are listed whatever the rounds."""
    params = activity_params(stream, rounds, objectives, geos, principle, undated=True)
    params |= {"streams": STREAMS, "limit": None if limit is None else int(limit)}
    # The limit applies before the lists are joined, so a page showing 1,000 of a million rows joins 1,000.
    return frame(
        con,
        f"""
        WITH {PICKED},
        shown AS (SELECT * FROM picked
                  ORDER BY list_position($streams::VARCHAR[], stream), activity_date NULLS LAST, activity_id
                  LIMIT $limit),
        objs AS (SELECT ao.activity_id, string_agg(ao.objective_id::VARCHAR, ';' ORDER BY ao.objective_id) AS ids,
                        string_agg(o.short_title, ';' ORDER BY ao.objective_id) AS titles
                 FROM activity_objectives ao JOIN objectives o USING (objective_id)
                 WHERE ao.activity_id IN (SELECT activity_id FROM shown) GROUP BY ao.activity_id),
        ctry AS (SELECT ac.activity_id, string_agg(ac.iso3, ';' ORDER BY ac.iso3) AS iso3,
                        string_agg(c.name, ';' ORDER BY ac.iso3) AS names
                 FROM activity_countries ac JOIN countries c USING (iso3)
                 WHERE ac.activity_id IN (SELECT activity_id FROM shown) GROUP BY ac.activity_id)
        SELECT p.activity_id, p.stream, p.title, p.source_url, p.activity_date, p.date_precision, p.round_id,
               p.unit_count, p.is_global, objs.ids AS objective_ids, objs.titles AS objective_titles,
               ctry.iso3 AS iso3, ctry.names AS country_names, p.record_id
        FROM shown p LEFT JOIN objs USING (activity_id) LEFT JOIN ctry USING (activity_id)
        ORDER BY list_position($streams::VARCHAR[], p.stream), p.activity_date NULLS LAST, p.activity_id""",
        params,
    )


def activity_count(con, *, stream: str = "all", rounds=(), objectives=(), geos=(), principle=None) -> pd.DataFrame:
    """How many rows activity_list would return (`rows`), and how many of them state no date (`undated`)."""
    params = activity_params(stream, rounds, objectives, geos, principle, undated=True)
    sql = f"""WITH {PICKED}
        SELECT COUNT(*)::BIGINT AS rows, COUNT(*) FILTER (WHERE round_id IS NULL)::BIGINT AS undated FROM picked"""
    return frame(con, sql, params)


def country_counts(con, *, stream: str = "all", round_id: int = 1, objectives=()) -> pd.DataFrame:
    """Units per country in one round of the distinct activities on any chosen objective; every country listed."""
    params = activity_params(stream, (round_id,), objectives, (), None)
    return frame(
        con,
        f"""
        WITH {PICKED}, {UNIVERSE},
        per_country AS (SELECT ac.iso3, SUM(p.unit_count) AS units, COUNT(*) AS activities
                        FROM picked p JOIN activity_countries ac USING (activity_id) GROUP BY ac.iso3)
        SELECT u.iso3, u.name, u.subregion, COALESCE(pc.units, 0)::BIGINT AS units,
               COALESCE(pc.activities, 0)::BIGINT AS activities
        FROM universe u LEFT JOIN per_country pc USING (iso3)
        ORDER BY u.name""",
        params,
    )

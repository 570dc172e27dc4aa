"""Funding queries: USD approved per round beside the MPTF programme counts, the thematic areas, published totals."""

from __future__ import annotations

import pandas as pd

from dashboard.queries.sql import LEVEL_ORDER, PICKED, STREAMS, activity_params, frame
from etl import schema
from etl.published_context import PUBLISHED_CONTEXT_SQL

# The stream whose records carry a budget (the registry's `amounts`): the Migration MPTF's joint programmes.
FUNDED_STREAM = "mptf_programmes"


def funding_by_round(con, *, objectives=(), levels=("global",), geos=(), stream: str = FUNDED_STREAM) -> pd.DataFrame:
    """Per objective x geography x round: the programmes, those stating a budget, and their summed USD
    (funding_cells, full counting). No objective means objective 0 (each programme once); no geography id means
    every geography of the levels. An amount is a figure beside the counts, never a class."""
    return frame(
        con,
        """
        SELECT f.stream, f.objective_id, COALESCE(o.short_title, $all_title) AS short_title, f.geo_level, f.geo_id,
               COALESCE(c.name, cm.name, f.geo_id) AS geo_name, f.round_id, f.records::BIGINT AS records,
               f.records_with_amount::BIGINT AS records_with_amount, f.amount_usd
        FROM funding_cells f
        LEFT JOIN objectives o USING (objective_id)
        LEFT JOIN countries c ON f.geo_level = 'country' AND c.iso3 = f.geo_id
        LEFT JOIN commissions cm ON f.geo_level = 'commission' AND cm.commission_id = f.geo_id
        WHERE f.stream = $stream
          AND list_contains(CASE WHEN len($objectives::INTEGER[]) = 0 THEN [0] ELSE $objectives::INTEGER[] END,
                            f.objective_id)
          AND list_contains($levels::VARCHAR[], f.geo_level)
          AND (len($geos::VARCHAR[]) = 0 OR list_contains($geos::VARCHAR[], f.geo_id))
        ORDER BY f.objective_id, list_position($order::VARCHAR[], f.geo_level), geo_name, f.round_id""",
        {
            "stream": stream,
            "objectives": [int(o) for o in objectives],
            "levels": [str(v) for v in levels],
            "geos": [str(g) for g in geos],
            "order": LEVEL_ORDER,
            "all_title": schema.ALL_OBJECTIVES_TITLE,
        },
    )


def budget_count(con, *, objectives=(), geos=(), principle=None) -> pd.DataFrame:
    """One row for a view's MPTF programmes, dated or not: how many, how many state a budget, how many have no
    date (no round holds them), and the stated budgets' sum (each programme once)."""
    return frame(
        con,
        f"""
        WITH {PICKED}
        SELECT COUNT(*)::BIGINT AS records, COUNT(m.budget_usd)::BIGINT AS records_with_amount,
               COUNT(*) FILTER (WHERE p.round_id IS NULL)::BIGINT AS undated, SUM(m.budget_usd) AS amount_usd
        FROM picked p JOIN mptf_programmes m ON m.programme_id = p.record_id""",
        activity_params(FUNDED_STREAM, (), objectives, geos, principle, undated=True),
    )


def thematic_areas(con, *, geos=()) -> pd.DataFrame:
    """MPTF programmes per round grouped by their own thematic area (the five MPTF areas, then "not stated"),
    each programme once: programmes, those stating a budget, the stated budgets' sum. Every area and round is
    listed, zeros too."""
    return frame(
        con,
        f"""
        WITH {PICKED},
        areas AS (SELECT area_id, title FROM mptf_areas UNION ALL SELECT NULL, NULL),
        grid AS (SELECT a.area_id, a.title, r.round_id FROM areas a CROSS JOIN review_rounds r),
        counted AS (
            SELECT m.thematic_area_id AS area_id, p.round_id, COUNT(*) AS records,
                   COUNT(m.budget_usd) AS records_with_amount, SUM(m.budget_usd) AS amount_usd
            FROM picked p JOIN mptf_programmes m ON m.programme_id = p.record_id
            GROUP BY ALL
        )
        SELECT g.area_id, g.title AS area_title, g.round_id, COALESCE(c.records, 0)::BIGINT AS records,
               COALESCE(c.records_with_amount, 0)::BIGINT AS records_with_amount, c.amount_usd
        FROM grid g LEFT JOIN counted c
          ON c.round_id = g.round_id AND c.area_id IS NOT DISTINCT FROM g.area_id
        ORDER BY g.area_id NULLS LAST, g.round_id""",
        activity_params(FUNDED_STREAM, (), (), geos, None),
    )


def published_scale(con) -> pd.DataFrame:
    """Each stream's records found beside the whole-stream totals its publishers stated, with their sources
    (etl.published_context): per stream, the largest (latest) total first, for "12 of 24"."""
    return frame(
        con,
        f"""
        SELECT * FROM ({PUBLISHED_CONTEXT_SQL}) AS context
        ORDER BY list_position($streams::VARCHAR[], stream), published_count DESC, as_of""",
        {"streams": STREAMS},
    )

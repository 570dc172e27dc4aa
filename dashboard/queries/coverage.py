"""Coverage queries: streams reporting per objective and geography, country counts by round, sub-region medians."""

from __future__ import annotations

import pandas as pd

from dashboard.queries.sql import COVERAGE_COUNTS, OBJECTIVES_WITH_ALL, STREAM_COUNT, STREAMS, UNIVERSE, frame
from etl import schema


def coverage(con, *, level: str = "subregion", round_id: int = 1, objectives=()) -> pd.DataFrame:
    """Which streams report anything per objective x geography in one round (the coverage table)."""
    return frame(
        con,
        f"""
        SELECT v.objective_id, o.short_title, v.geo_id, COALESCE(c.name, cm.name, v.geo_id) AS geo_name,
               v.round_id, {COVERAGE_COUNTS}, v.streams_reporting
        FROM coverage v
        JOIN objectives o USING (objective_id)
        LEFT JOIN countries c ON v.geo_level = 'country' AND c.iso3 = v.geo_id
        LEFT JOIN commissions cm ON v.geo_level = 'commission' AND cm.commission_id = v.geo_id
        WHERE v.geo_level = $level AND v.round_id = $round
          AND (len($objectives::INTEGER[]) = 0 OR list_contains($objectives::INTEGER[], v.objective_id))
        ORDER BY v.objective_id, geo_name""",
        {"level": level, "round": int(round_id), "objectives": [int(o) for o in objectives]},
    )


def country_rounds(con, *, iso3s=(), stream: str = "all", objectives=()) -> pd.DataFrame:
    """Reported units per country, objective and round (full counting across objectives), zeros included; with
    no objective filter objective 0 (each record once) comes first."""
    return frame(
        con,
        f"""
        WITH {UNIVERSE}
        SELECT u.iso3, u.name, u.subregion, o.objective_id, o.short_title, r.round_id,
               COALESCE({STREAM_COUNT}, 0)::BIGINT AS count
        FROM universe u CROSS JOIN {OBJECTIVES_WITH_ALL} o CROSS JOIN review_rounds r
        LEFT JOIN coverage v ON v.geo_level = 'country' AND v.geo_id = u.iso3 AND v.objective_id = o.objective_id
            AND v.round_id = r.round_id
        WHERE list_contains($iso3s::VARCHAR[], u.iso3)
          AND (len($objectives::INTEGER[]) = 0 OR list_contains($objectives::INTEGER[], o.objective_id))
        ORDER BY u.name, o.objective_id, r.round_id""",
        {
            "iso3s": [str(i) for i in iso3s],
            "stream": stream,
            "streams": STREAMS,
            "objectives": [int(o) for o in objectives],
            "all_title": schema.ALL_OBJECTIVES_TITLE,
        },
    )


def subregion_medians(con, *, subregions=(), stream: str = "all", objectives=()) -> pd.DataFrame:
    """Median over a sub-region's countries of the per-country count (no activity counts as 0), per objective
    and round."""
    return frame(
        con,
        f"""
        WITH {UNIVERSE}
        SELECT u.subregion, o.objective_id, r.round_id, median(COALESCE({STREAM_COUNT}, 0))::DOUBLE AS median,
               COUNT(*)::BIGINT AS countries
        FROM universe u CROSS JOIN objectives o CROSS JOIN review_rounds r
        LEFT JOIN coverage v ON v.geo_level = 'country' AND v.geo_id = u.iso3 AND v.objective_id = o.objective_id
            AND v.round_id = r.round_id
        WHERE list_contains($subregions::VARCHAR[], u.subregion)
          AND (len($objectives::INTEGER[]) = 0 OR list_contains($objectives::INTEGER[], o.objective_id))
        GROUP BY u.subregion, o.objective_id, r.round_id ORDER BY u.subregion, o.objective_id, r.round_id""",
        {
            "subregions": [str(s) for s in subregions],
            "stream": stream,
            "streams": STREAMS,
            "objectives": [int(o) for o in objectives],
        },
    )

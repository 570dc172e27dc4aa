"""Progress-cell queries: classes per objective, group and geography, the share and breadth readings, reasons."""

from __future__ import annotations

import pandas as pd

from dashboard.queries.sql import (
    CLASS_ORDER,
    LEVEL_ORDER,
    OBJECTIVE_FILTER,
    OBJECTIVE_FILTER_WITH_ALL,
    OBJECTIVES_WITH_ALL,
    STREAMS,
    cell_params,
    frame,
)
from etl import schema

_CELL_COLUMNS = """
    p.objective_id, o.short_title, p.stream, p.geo_level, p.geo_id,
    COALESCE(c.name, cm.name, p.geo_id) AS geo_name, p.round_from, p.round_to, p.n_from, p.n_to,
    p.t_from, p.t_to, p.rate_ratio, p.score, p.category, p.confidence, p.p_value, p.label,
    p.streams_assessed, p.substantial_progress_streams, p.moderate_progress_streams, p.stagnation_streams,
    p.moderate_regression_streams, p.substantial_regression_streams, p.streams_in_mean, p.exposure_model,
    p.reason_count, p.is_interpretable, p.method_version"""


# The streams in a composite's mean, each with its class and counts, so a composite class is never shown alone.
_STREAMS_DETAIL = """
    SELECT s.objective_id, s.geo_level, s.geo_id,
           list({'stream': s.stream, 'category': s.category, 'n_from': s.n_from, 'n_to': s.n_to,
                 't_from': s.t_from, 't_to': s.t_to, 'exposure_model': s.exposure_model}
                ORDER BY list_position($streams::VARCHAR[], s.stream)) AS streams_detail
    FROM cells a JOIN progress_cells s USING (objective_id, geo_level, geo_id, round_from, round_to)
    WHERE a.streams_in_mean IS NOT NULL AND s.stream <> 'all'
      AND list_contains(string_split(a.streams_in_mean, ';'), s.stream)
    GROUP BY ALL"""


def group_progress(
    con, *, group_kind: str, group_id: int, stream: str = "all", rounds=(1, 2), levels=("subregion", "commission")
) -> pd.DataFrame:
    """Classes of a round table, MPTF area or guiding principle per geography (group_cells, filled by the build:
    each record once per group); composite rows carry the streams in their mean like `progress`."""
    return frame(
        con,
        """
        WITH cells AS (
            SELECT g.*, COALESCE(c.name, cm.name, g.geo_id) AS geo_name
            FROM group_cells g
            LEFT JOIN countries c ON g.geo_level = 'country' AND c.iso3 = g.geo_id
            LEFT JOIN commissions cm ON g.geo_level = 'commission' AND cm.commission_id = g.geo_id
            WHERE g.group_kind = $kind AND g.group_id = $group AND g.stream = $stream AND g.round_from = $r0
              AND g.round_to = $r1 AND list_contains($levels::VARCHAR[], g.geo_level)
        ),
        detail AS (
            SELECT s.geo_level, s.geo_id,
                   list({'stream': s.stream, 'category': s.category, 'n_from': s.n_from, 'n_to': s.n_to,
                         't_from': s.t_from, 't_to': s.t_to, 'exposure_model': s.exposure_model}
                        ORDER BY list_position($streams::VARCHAR[], s.stream)) AS streams_detail
            FROM cells a JOIN group_cells s USING (group_kind, group_id, geo_level, geo_id, round_from, round_to)
            WHERE s.stream <> 'all' AND list_contains(string_split(a.streams_in_mean, ';'), s.stream)
            GROUP BY ALL
        )
        SELECT cells.*, detail.streams_detail FROM cells LEFT JOIN detail USING (geo_level, geo_id)
        ORDER BY list_position($order::VARCHAR[], geo_level), geo_name""",
        {
            "kind": group_kind,
            "group": int(group_id),
            "stream": stream,
            "r0": int(rounds[0]),
            "r1": int(rounds[1]),
            "levels": [str(v) for v in levels],
            "streams": STREAMS,
            "order": LEVEL_ORDER,
        },
    )


def progress(
    con, *, stream: str = "all", rounds=(1, 2), levels=("subregion",), geos=(), objectives=(), with_all: bool = False
) -> pd.DataFrame:
    """Progress cells with every component, objective and geography names, in objective order. No objective filter
    gives the 23 objectives; objective 0 (all objectives, each record once) comes when asked for, or first with
    `with_all`. A composite row
    carries `streams_detail`: the streams in its mean with their classes and counts."""
    params = cell_params(stream, rounds, levels, geos, objectives)
    params |= {"streams": STREAMS, "all_title": schema.ALL_OBJECTIVES_TITLE, "with_all": bool(with_all)}
    return frame(
        con,
        f"""
        WITH cells AS (
            SELECT {_CELL_COLUMNS}
            FROM progress_cells p
            JOIN {OBJECTIVES_WITH_ALL} o USING (objective_id)
            LEFT JOIN countries c ON p.geo_level = 'country' AND c.iso3 = p.geo_id
            LEFT JOIN commissions cm ON p.geo_level = 'commission' AND cm.commission_id = p.geo_id
            WHERE p.stream = $stream AND p.round_from = $r0 AND p.round_to = $r1
              AND list_contains($levels::VARCHAR[], p.geo_level)
              AND (len($geos::VARCHAR[]) = 0 OR list_contains($geos::VARCHAR[], p.geo_id))
              AND {OBJECTIVE_FILTER_WITH_ALL}
        ),
        detail AS ({_STREAMS_DETAIL})
        SELECT cells.*, detail.streams_detail
        FROM cells LEFT JOIN detail USING (objective_id, geo_level, geo_id)
        ORDER BY objective_id, list_position($order::VARCHAR[], geo_level), geo_name""",
        params,
    )


# The other two readings of a cell (METHOD.md: check them before drawing conclusions): a geography's share of all
# reported activity, and the number of its countries taking part. Same keys and class columns as `progress`.
_VARIANT_COLUMNS = """
    p.objective_id, o.short_title, p.stream, p.geo_level, p.geo_id, COALESCE(c.name, cm.name, p.geo_id) AS geo_name,
    p.round_from, p.round_to, p.n_from, p.n_to, p.t_from, p.t_to, p.rate_ratio, p.score, p.category, p.confidence,
    p.p_value, p.label, TRUE AS is_interpretable, p.method_version"""
_VARIANT_JOINS = """
    LEFT JOIN countries c ON p.geo_level = 'country' AND c.iso3 = p.geo_id
    LEFT JOIN commissions cm ON p.geo_level = 'commission' AND cm.commission_id = p.geo_id"""


def variant_cells(
    con, *, basis: str, stream: str = "all", rounds=(1, 2), levels=("subregion",), geos=(), objectives=()
) -> pd.DataFrame:
    """Cells classed on the share of all activity (`share`) or on the countries taking part (`breadth`)."""
    params = cell_params(stream, rounds, levels, geos, objectives)
    params |= {"all_title": schema.ALL_OBJECTIVES_TITLE, "basis": str(basis)}
    return frame(
        con,
        f"""
        SELECT {_VARIANT_COLUMNS}
        FROM (
            SELECT *, 'share' AS basis FROM share_cells UNION ALL SELECT *, 'breadth' AS basis FROM breadth_cells
        ) p JOIN {OBJECTIVES_WITH_ALL} o USING (objective_id) {_VARIANT_JOINS}
        WHERE p.basis = $basis AND p.stream = $stream AND p.round_from = $r0 AND p.round_to = $r1
          AND list_contains($levels::VARCHAR[], p.geo_level)
          AND (len($geos::VARCHAR[]) = 0 OR list_contains($geos::VARCHAR[], p.geo_id))
          AND (len($objectives::INTEGER[]) = 0 OR list_contains($objectives::INTEGER[], p.objective_id))
        ORDER BY p.objective_id, list_position($order::VARCHAR[], p.geo_level), geo_name""",
        params,
    )


def class_shares(con, *, stream: str = "all", level: str = "subregion", objectives=()) -> pd.DataFrame:
    """Share of objective x geography cells in each class, per round pair, every class listed (zeros too)."""
    return frame(
        con,
        f"""
        WITH cells AS (
            SELECT round_from, round_to, category FROM progress_cells
            WHERE stream = $stream AND geo_level = $level AND {OBJECTIVE_FILTER}
        ),
        pairs AS (SELECT round_from, round_to, COUNT(*) AS total FROM cells GROUP BY ALL),
        grid AS (SELECT p.*, k.category FROM pairs p CROSS JOIN (SELECT unnest($classes::VARCHAR[]) AS category) k)
        SELECT g.round_from, g.round_to, g.category, COUNT(c.category)::BIGINT AS cells, g.total::BIGINT AS total,
               COUNT(c.category) / g.total AS share
        FROM grid g LEFT JOIN cells c USING (round_from, round_to, category)
        GROUP BY g.round_from, g.round_to, g.category, g.total
        ORDER BY g.round_from, g.round_to, list_position($classes::VARCHAR[], g.category)""",
        {"stream": stream, "level": level, "objectives": [int(o) for o in objectives], "classes": CLASS_ORDER},
    )


def cell_reasons(
    con, *, stream: str = "all", rounds=(1, 2), levels=("subregion",), geos=(), objectives=()
) -> pd.DataFrame:
    """The recorded reasons explaining the cells of a view, with their citation."""
    params = cell_params(stream, rounds, levels, geos, objectives)
    return frame(
        con,
        """
        SELECT cr.objective_id, o.short_title, COALESCE(c.name, cm.name, cr.geo_id) AS geo_name, r.direction,
               r.reason_code, r.reason_text, r.source_url, r.stream AS reason_stream, cr.round_from, cr.round_to,
               r.recorded_date, cr.geo_level, cr.geo_id
        FROM cell_reasons cr
        JOIN reasons r USING (reason_id)
        JOIN objectives o ON o.objective_id = cr.objective_id
        LEFT JOIN countries c ON cr.geo_level = 'country' AND c.iso3 = cr.geo_id
        LEFT JOIN commissions cm ON cr.geo_level = 'commission' AND cm.commission_id = cr.geo_id
        WHERE cr.stream = $stream AND cr.round_from = $r0 AND cr.round_to = $r1
          AND list_contains($levels::VARCHAR[], cr.geo_level)
          AND (len($geos::VARCHAR[]) = 0 OR list_contains($geos::VARCHAR[], cr.geo_id))
          AND (len($objectives::INTEGER[]) = 0 OR list_contains($objectives::INTEGER[], cr.objective_id))
        ORDER BY cr.objective_id, list_position($order::VARCHAR[], cr.geo_level), geo_name, r.reason_code""",
        params,
    )

"""Every SQL query of the dashboard: `name(con, *, filters) -> DataFrame` (extract_csv: bytes), parameterised."""

from __future__ import annotations

import io

import pandas as pd

from etl import export, export_records, schema

STREAMS = list(schema.STREAMS)
LEVEL_ORDER = ["global", "commission", "subregion", "country"]
CLASS_ORDER = list(schema.CATEGORIES)
# Objective 0 ("all objectives", each record once) first, then the 23: what a country or table lists.
_OBJECTIVES_WITH_ALL = """(
    SELECT 0 AS objective_id, $all_title AS short_title
    UNION ALL SELECT objective_id, short_title FROM objectives
)"""
# No objective filter means the 23 objectives; objective 0 appears where it is asked for (or listed with them).
_OBJECTIVE_FILTER = """(CASE WHEN len($objectives::INTEGER[]) = 0 THEN objective_id > 0
    ELSE list_contains($objectives::INTEGER[], objective_id) END)"""
# ... or objective 0 as well, first: a country's or an extract's table starts with its whole activity.
_OBJECTIVE_FILTER_WITH_ALL = f"""(($with_all AND objective_id = 0) OR {_OBJECTIVE_FILTER})"""


def _frame(con, sql: str, params: dict | None = None) -> pd.DataFrame:
    return con.execute(sql, params or {}).df()


# An activity belongs to a geography as the ETL counts it (etl/progress_sql.py MEMBER_SQL): through its countries,
# their M49 sub-regions, its regional commissions; GLOBAL holds every activity. The filters are semi-joins
# (`IN (SELECT ...)`), which DuckDB runs as one hash join each: correlated EXISTS ran 2.6-4.3 times slower at 1M rows.
_GEO_MATCH = """(
    len($geos::VARCHAR[]) = 0 OR list_contains($geos::VARCHAR[], 'GLOBAL')
    OR a.activity_id IN (SELECT ac.activity_id FROM activity_countries ac JOIN countries c USING (iso3)
                         WHERE list_contains($geos::VARCHAR[], ac.iso3)
                            OR list_contains($geos::VARCHAR[], c.subregion))
    OR a.activity_id IN (SELECT am.activity_id FROM activity_commissions am
                         WHERE list_contains($geos::VARCHAR[], am.commission_id))
)"""
_OBJECTIVE_MATCH = """(
    len($objectives::INTEGER[]) = 0
    OR a.activity_id IN (SELECT ao.activity_id FROM activity_objectives ao
                         WHERE list_contains($objectives::INTEGER[], ao.objective_id))
)"""
_PRINCIPLE_MATCH = """(
    $principle::INTEGER IS NULL
    OR (a.stream = 'pledges' AND a.record_id IN (SELECT pledge_id FROM pledge_principles
                                                 WHERE principle_id = $principle::INTEGER))
    OR (a.stream = 'practices' AND a.record_id IN (SELECT practice_id FROM practice_principles
                                                   WHERE principle_id = $principle::INTEGER))
)"""
_PICKED = f"""
picked AS (
    SELECT a.* FROM activities a
    WHERE ($stream = 'all' OR a.stream = $stream)
      AND (len($rounds::INTEGER[]) = 0 OR list_contains($rounds::INTEGER[], a.round_id)
           OR ($undated AND a.round_id IS NULL))
      AND {_OBJECTIVE_MATCH} AND {_GEO_MATCH} AND {_PRINCIPLE_MATCH}
)"""


# The countries the dashboard lists: every UN Member State (no activity reads as zero, not as missing) and any
# other country or territory with reported activity.
_UNIVERSE = """
universe AS (
    SELECT iso3, name, subregion FROM countries
    WHERE is_un_member OR iso3 IN (SELECT geo_id FROM coverage WHERE geo_level = 'country')
)"""


def _activity_params(stream, rounds, objectives, geos, principle, undated: bool = False) -> dict:
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


# ---------------------------------------------------------------- bookkeeping and reference


def build_info(con) -> pd.DataFrame:
    """The one build_info row."""
    return _frame(
        con,
        """
        SELECT schema_version, method_version, dataset, dataset_title, is_synthetic, data_cutoff, licence,
               description, input_checksum, method_config
        FROM build_info ORDER BY dataset""",
    )


def review_rounds(con) -> pd.DataFrame:
    return _frame(
        con,
        """
        SELECT round_id, name, window_start_date, window_end_date, imrf, is_open
        FROM review_rounds ORDER BY round_id""",
    )


def round_pairs(con) -> pd.DataFrame:
    """Consecutive round pairs of progress_cells with their global activity (all streams, full counting)."""
    return _frame(
        con,
        """
        SELECT p.round_from, p.round_to, rf.name AS from_name, rt.name AS to_name, rt.is_open AS to_is_open,
               (vf.pledges_count + vf.practices_count + vf.gcm_talks_count + vf.submissions_count)::BIGINT AS n_from,
               (vt.pledges_count + vt.practices_count + vt.gcm_talks_count + vt.submissions_count)::BIGINT AS n_to
        FROM progress_cells p
        JOIN review_rounds rf ON rf.round_id = p.round_from
        JOIN review_rounds rt ON rt.round_id = p.round_to
        JOIN coverage vf ON vf.objective_id = 0 AND vf.geo_level = 'global' AND vf.round_id = p.round_from
        JOIN coverage vt ON vt.objective_id = 0 AND vt.geo_level = 'global' AND vt.round_id = p.round_to
        WHERE p.stream = 'all' AND p.geo_level = 'global' AND p.objective_id = 0
          -- A round that had not begun by the data cut-off holds nothing yet: it is no pair to offer.
          AND rt.window_start_date <= (SELECT data_cutoff FROM build_info)
        ORDER BY p.round_from, p.round_to""",
    )


def published_totals(con) -> pd.DataFrame:
    """Totals as their publishers stated them, with their source (they say how partial a collection is)."""
    return _frame(
        con,
        """SELECT topic, metric, value AS published_value, as_of, note, source_url
        FROM published_totals ORDER BY lower(topic), lower(metric), total_id""",
    )


def collection_coverage(con) -> pd.DataFrame:
    """How completely each stream was collected in each round (manifest `coverage`); only complete ones get classes."""
    return _frame(
        con,
        """
        SELECT stream, round_id, completeness FROM collection_coverage
        ORDER BY list_position($streams::VARCHAR[], stream), round_id""",
        {"streams": STREAMS},
    )


def objectives(con) -> pd.DataFrame:
    return _frame(
        con,
        """
        SELECT o.objective_id, o.short_title, o.title, o.imrf_roundtable_id AS roundtable_id,
               r.title AS roundtable_title
        FROM objectives o JOIN imrf_roundtables r ON r.roundtable_id = o.imrf_roundtable_id
        ORDER BY o.objective_id""",
    )


def objective_groups(con) -> pd.DataFrame:
    """IMRF round tables and MPTF thematic areas with the objectives each one holds."""
    return _frame(
        con,
        """
        SELECT 'roundtable' AS group_kind, r.roundtable_id AS group_id, r.title,
               list(o.objective_id ORDER BY o.objective_id) AS objective_ids
        FROM imrf_roundtables r JOIN objectives o ON o.imrf_roundtable_id = r.roundtable_id GROUP BY ALL
        UNION ALL
        SELECT 'mptf', m.area_id, m.title, list(om.objective_id ORDER BY om.objective_id)
        FROM mptf_areas m JOIN objective_mptf_areas om USING (area_id) GROUP BY ALL
        ORDER BY group_kind DESC, group_id""",
    )


def principles(con) -> pd.DataFrame:
    return _frame(con, "SELECT principle_id, name FROM guiding_principles ORDER BY principle_id")


def geographies(con) -> pd.DataFrame:
    """GLOBAL, the commissions, the sub-regions and the countries (UN Member States and any with activity)."""
    return _frame(
        con,
        f"""
        WITH {_UNIVERSE}
        SELECT 'global' AS geo_level, 'GLOBAL' AS geo_id, 'GLOBAL' AS name, NULL::VARCHAR AS parent
        UNION ALL
        SELECT 'commission', commission_id, name, NULL FROM commissions
        UNION ALL
        SELECT DISTINCT 'subregion', u.subregion, u.subregion, s.region
        FROM universe u JOIN subregions s ON s.subregion = u.subregion
        UNION ALL
        SELECT 'country', iso3, name, subregion FROM universe
        ORDER BY list_position($levels::VARCHAR[], geo_level), name""",
        {"levels": LEVEL_ORDER},
    )


def stream_totals(con) -> pd.DataFrame:
    """Records and units per stream in the whole dataset, dated or not; a stream with none shows zeros."""
    return _frame(
        con,
        """
        SELECT s.stream, COUNT(a.activity_id)::BIGINT AS records, COALESCE(SUM(a.unit_count), 0)::BIGINT AS units,
               COALESCE(SUM(a.unit_count) FILTER (WHERE a.round_id IS NOT NULL), 0)::BIGINT AS dated_units
        FROM (SELECT unnest($streams::VARCHAR[]) AS stream) s LEFT JOIN activities a ON a.stream = s.stream
        GROUP BY s.stream ORDER BY list_position($streams::VARCHAR[], s.stream)""",
        {"streams": STREAMS},
    )


def sources(con) -> pd.DataFrame:
    return _frame(
        con,
        """
        SELECT source_id, title, producer, url, licence, date_accessed, row_count, sha256
        FROM sources ORDER BY source_id""",
    )


def cited_pages(con, *, limit: int | None = None) -> pd.DataFrame:
    """Public pages cited by the records, with the streams and number of records citing each (the first `limit`
    pages by address; None: all)."""
    # The pages are chosen before the aggregate: with a million cited pages, 0.3 s instead of 3.4 s.
    return _frame(
        con,
        """
        WITH shown AS (SELECT DISTINCT source_url FROM record_sources ORDER BY source_url LIMIT $limit)
        SELECT source_url, string_agg(DISTINCT stream, ', ' ORDER BY stream) AS streams,
               COUNT(*)::BIGINT AS records
        FROM record_sources WHERE source_url IN (SELECT source_url FROM shown)
        GROUP BY source_url ORDER BY source_url""",
        {"limit": limit},
    )


def cited_page_count(con) -> pd.DataFrame:
    return _frame(con, "SELECT COUNT(DISTINCT source_url)::BIGINT AS rows FROM record_sources")


def validation_report(con, *, limit: int | None = None) -> pd.DataFrame:
    """The build's warnings, by file and line (the first `limit`; None: all)."""
    return _frame(
        con,
        """
        SELECT file_name, line, column_name, severity, message
        FROM validation_report ORDER BY file_name, line NULLS FIRST, column_name, severity, message LIMIT $limit""",
        {"limit": limit},
    )


def validation_count(con) -> pd.DataFrame:
    return _frame(con, "SELECT COUNT(*)::BIGINT AS rows FROM validation_report")


# ---------------------------------------------------------------- activity


def activity_by_round(con, *, stream: str = "all", objectives=(), geos=(), principle=None) -> pd.DataFrame:
    """Distinct activities and units per stream and round (an activity with several objectives counts once)."""
    params = _activity_params(stream, (), objectives, geos, principle)
    params["streams"] = STREAMS
    return _frame(
        con,
        f"""
        WITH {_PICKED},
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
    params = _activity_params(stream, rounds, objectives, geos, principle, undated=True)
    params |= {"streams": STREAMS, "limit": None if limit is None else int(limit)}
    # The limit applies before the lists are joined, so a page showing 1,000 of a million rows joins 1,000.
    return _frame(
        con,
        f"""
        WITH {_PICKED},
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
    params = _activity_params(stream, rounds, objectives, geos, principle, undated=True)
    sql = f"""WITH {_PICKED}
        SELECT COUNT(*)::BIGINT AS rows, COUNT(*) FILTER (WHERE round_id IS NULL)::BIGINT AS undated FROM picked"""
    return _frame(con, sql, params)


def group_progress(
    con, *, group_kind: str, group_id: int, stream: str = "all", rounds=(1, 2), levels=("subregion", "commission")
) -> pd.DataFrame:
    """Classes of a round table, MPTF area or guiding principle per geography (group_cells, filled by the build:
    each record once per group); composite rows carry the streams in their mean like `progress`."""
    return _frame(
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


# ---------------------------------------------------------------- progress cells

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


def _cell_params(stream, rounds, levels, geos, objectives) -> dict:
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


def progress(
    con, *, stream: str = "all", rounds=(1, 2), levels=("subregion",), geos=(), objectives=(), with_all: bool = False
) -> pd.DataFrame:
    """Progress cells with every component, objective and geography names, in objective order. No objective filter
    gives the 23 objectives; objective 0 (all objectives, each record once) comes when asked for, or first with
    `with_all`. A composite row
    carries `streams_detail`: the streams in its mean with their classes and counts."""
    params = _cell_params(stream, rounds, levels, geos, objectives)
    params |= {"streams": STREAMS, "all_title": schema.ALL_OBJECTIVES_TITLE, "with_all": bool(with_all)}
    return _frame(
        con,
        f"""
        WITH cells AS (
            SELECT {_CELL_COLUMNS}
            FROM progress_cells p
            JOIN {_OBJECTIVES_WITH_ALL} o USING (objective_id)
            LEFT JOIN countries c ON p.geo_level = 'country' AND c.iso3 = p.geo_id
            LEFT JOIN commissions cm ON p.geo_level = 'commission' AND cm.commission_id = p.geo_id
            WHERE p.stream = $stream AND p.round_from = $r0 AND p.round_to = $r1
              AND list_contains($levels::VARCHAR[], p.geo_level)
              AND (len($geos::VARCHAR[]) = 0 OR list_contains($geos::VARCHAR[], p.geo_id))
              AND {_OBJECTIVE_FILTER_WITH_ALL}
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
    params = _cell_params(stream, rounds, levels, geos, objectives)
    params |= {"all_title": schema.ALL_OBJECTIVES_TITLE, "basis": str(basis)}
    return _frame(
        con,
        f"""
        SELECT {_VARIANT_COLUMNS}
        FROM (
            SELECT *, 'share' AS basis FROM share_cells UNION ALL SELECT *, 'breadth' AS basis FROM breadth_cells
        ) p JOIN {_OBJECTIVES_WITH_ALL} o USING (objective_id) {_VARIANT_JOINS}
        WHERE p.basis = $basis AND p.stream = $stream AND p.round_from = $r0 AND p.round_to = $r1
          AND list_contains($levels::VARCHAR[], p.geo_level)
          AND (len($geos::VARCHAR[]) = 0 OR list_contains($geos::VARCHAR[], p.geo_id))
          AND (len($objectives::INTEGER[]) = 0 OR list_contains($objectives::INTEGER[], p.objective_id))
        ORDER BY p.objective_id, list_position($order::VARCHAR[], p.geo_level), geo_name""",
        params,
    )


def class_shares(con, *, stream: str = "all", level: str = "subregion", objectives=()) -> pd.DataFrame:
    """Share of objective x geography cells in each class, per round pair, every class listed (zeros too)."""
    return _frame(
        con,
        f"""
        WITH cells AS (
            SELECT round_from, round_to, category FROM progress_cells
            WHERE stream = $stream AND geo_level = $level AND {_OBJECTIVE_FILTER}
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
    params = _cell_params(stream, rounds, levels, geos, objectives)
    return _frame(
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


# ---------------------------------------------------------------- coverage, countries, maps

_STREAM_COUNT = """CASE $stream WHEN 'pledges' THEN v.pledges_count WHEN 'practices' THEN v.practices_count
    WHEN 'gcm_talks' THEN v.gcm_talks_count WHEN 'submissions' THEN v.submissions_count
    ELSE v.pledges_count + v.practices_count + v.gcm_talks_count + v.submissions_count END"""


def coverage(con, *, level: str = "subregion", round_id: int = 1, objectives=()) -> pd.DataFrame:
    """Which streams report anything per objective x geography in one round (the coverage table)."""
    return _frame(
        con,
        """
        SELECT v.objective_id, o.short_title, v.geo_id, COALESCE(c.name, cm.name, v.geo_id) AS geo_name,
               v.round_id, v.pledges_count, v.practices_count, v.gcm_talks_count, v.submissions_count,
               v.streams_reporting
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
    return _frame(
        con,
        f"""
        WITH {_UNIVERSE}
        SELECT u.iso3, u.name, u.subregion, o.objective_id, o.short_title, r.round_id,
               COALESCE({_STREAM_COUNT}, 0)::BIGINT AS count
        FROM universe u CROSS JOIN {_OBJECTIVES_WITH_ALL} o CROSS JOIN review_rounds r
        LEFT JOIN coverage v ON v.geo_level = 'country' AND v.geo_id = u.iso3 AND v.objective_id = o.objective_id
            AND v.round_id = r.round_id
        WHERE list_contains($iso3s::VARCHAR[], u.iso3)
          AND (len($objectives::INTEGER[]) = 0 OR list_contains($objectives::INTEGER[], o.objective_id))
        ORDER BY u.name, o.objective_id, r.round_id""",
        {
            "iso3s": [str(i) for i in iso3s],
            "stream": stream,
            "objectives": [int(o) for o in objectives],
            "all_title": schema.ALL_OBJECTIVES_TITLE,
        },
    )


def subregion_medians(con, *, subregions=(), stream: str = "all", objectives=()) -> pd.DataFrame:
    """Median over a sub-region's countries of the per-country count (no activity counts as 0), per objective
    and round."""
    return _frame(
        con,
        f"""
        WITH {_UNIVERSE}
        SELECT u.subregion, o.objective_id, r.round_id, median(COALESCE({_STREAM_COUNT}, 0))::DOUBLE AS median,
               COUNT(*)::BIGINT AS countries
        FROM universe u CROSS JOIN objectives o CROSS JOIN review_rounds r
        LEFT JOIN coverage v ON v.geo_level = 'country' AND v.geo_id = u.iso3 AND v.objective_id = o.objective_id
            AND v.round_id = r.round_id
        WHERE list_contains($subregions::VARCHAR[], u.subregion)
          AND (len($objectives::INTEGER[]) = 0 OR list_contains($objectives::INTEGER[], o.objective_id))
        GROUP BY u.subregion, o.objective_id, r.round_id ORDER BY u.subregion, o.objective_id, r.round_id""",
        {"subregions": [str(s) for s in subregions], "stream": stream, "objectives": [int(o) for o in objectives]},
    )


def country_counts(con, *, stream: str = "all", round_id: int = 1, objectives=()) -> pd.DataFrame:
    """Units per country in one round of the distinct activities on any chosen objective; every country listed."""
    params = _activity_params(stream, (round_id,), objectives, (), None)
    return _frame(
        con,
        f"""
        WITH {_PICKED}, {_UNIVERSE},
        per_country AS (SELECT ac.iso3, SUM(p.unit_count) AS units, COUNT(*) AS activities
                        FROM picked p JOIN activity_countries ac USING (activity_id) GROUP BY ac.iso3)
        SELECT u.iso3, u.name, u.subregion, COALESCE(pc.units, 0)::BIGINT AS units,
               COALESCE(pc.activities, 0)::BIGINT AS activities
        FROM universe u LEFT JOIN per_country pc USING (iso3)
        ORDER BY u.name""",
        params,
    )


def _extract_args(con, stream, objectives, geos, rounds) -> dict:
    """The Extracts page's filters as etl.export takes them: `rounds` is the (from, to) pair of the filters; a
    sub-region or commission stands for its countries."""
    return dict(
        stream=None if stream == schema.COMPOSITE_STREAM else stream,
        objectives=objectives,
        countries=export.geo_filter(con, geos),
        rounds=list(range(rounds[0], rounds[1] + 1)) if rounds else None,
    )


def extract(con, *, stream: str = "all", objectives=(), geos=(), rounds=(), limit: int | None = None) -> pd.DataFrame:
    """The Extracts page's rows (the first `limit`; None: all): `etl.export.extract_rows`, so the page and
    `python -m etl.export` give the same CSV."""
    return export.extract_rows(con, **_extract_args(con, stream, objectives, geos, rounds), limit=limit)


def extract_count(con, *, stream: str = "all", objectives=(), geos=(), rounds=()) -> pd.DataFrame:
    """How many rows extract would return (column `rows`)."""
    return pd.DataFrame(
        {"rows": [export.extract_row_count(con, **_extract_args(con, stream, objectives, geos, rounds))]}
    )


def extract_records(con, *, stream: str = "all", objectives=(), geos=(), rounds=()) -> pd.DataFrame:
    """The extract's records, one row each with their objectives and countries listed (etl.export_records)."""
    return export_records.record_rows(con, **_extract_args(con, stream, objectives, geos, rounds))


def extract_record_count(con, *, stream: str = "all", objectives=(), geos=(), rounds=()) -> pd.DataFrame:
    """How many records the extract's rows hold (column `records`)."""
    count = export_records.record_count(con, **_extract_args(con, stream, objectives, geos, rounds))
    return pd.DataFrame({"records": [count]})


def extract_csv(con, *, stream: str = "all", objectives=(), geos=(), rounds=()) -> bytes:
    """csv_bytes(extract(...)), written page by page as `python -m etl.export` writes it (bounded memory)."""
    out = io.BytesIO()
    export.write_extract(con, out, **_extract_args(con, stream, objectives, geos, rounds))
    return out.getvalue()

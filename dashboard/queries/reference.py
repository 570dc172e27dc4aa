"""Bookkeeping and reference queries: build, rounds, objectives, geographies, streams, sources, validation."""

from __future__ import annotations

import pandas as pd

from dashboard.queries.sql import LEVEL_ORDER, STREAMS, TOTAL_FROM, TOTAL_TO, UNIVERSE, frame


def build_info(con) -> pd.DataFrame:
    """The one build_info row."""
    return frame(
        con,
        """
        SELECT schema_version, method_version, dataset, dataset_title, is_synthetic, data_cutoff, licence,
               description, input_checksum, method_config
        FROM build_info ORDER BY dataset""",
    )


def review_rounds(con) -> pd.DataFrame:
    return frame(
        con,
        """
        SELECT round_id, name, window_start_date, window_end_date, imrf, is_open
        FROM review_rounds ORDER BY round_id""",
    )


def round_pairs(con) -> pd.DataFrame:
    """Consecutive round pairs of progress_cells with their global activity (all streams, full counting)."""
    return frame(
        con,
        f"""
        SELECT p.round_from, p.round_to, rf.name AS from_name, rt.name AS to_name, rt.is_open AS to_is_open,
               ({TOTAL_FROM})::BIGINT AS n_from, ({TOTAL_TO})::BIGINT AS n_to
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
    return frame(
        con,
        """SELECT topic, metric, value AS published_value, as_of, note, source_url
        FROM published_totals ORDER BY lower(topic), lower(metric), total_id""",
    )


def collection_coverage(con) -> pd.DataFrame:
    """How completely each stream was collected in each round (manifest `coverage`); only complete ones get classes."""
    return frame(
        con,
        """
        SELECT stream, round_id, completeness FROM collection_coverage
        ORDER BY list_position($streams::VARCHAR[], stream), round_id""",
        {"streams": STREAMS},
    )


def objectives(con) -> pd.DataFrame:
    return frame(
        con,
        """
        SELECT o.objective_id, o.short_title, o.title, o.imrf_roundtable_id AS roundtable_id,
               r.title AS roundtable_title
        FROM objectives o JOIN imrf_roundtables r ON r.roundtable_id = o.imrf_roundtable_id
        ORDER BY o.objective_id""",
    )


def objective_groups(con) -> pd.DataFrame:
    """IMRF round tables and MPTF thematic areas with the objectives each one holds."""
    return frame(
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
    return frame(con, "SELECT principle_id, name FROM guiding_principles ORDER BY principle_id")


def geographies(con) -> pd.DataFrame:
    """GLOBAL, the commissions, the sub-regions and the countries (UN Member States and any with activity)."""
    return frame(
        con,
        f"""
        WITH {UNIVERSE}
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
    return frame(
        con,
        """
        SELECT s.stream, COUNT(a.activity_id)::BIGINT AS records, COALESCE(SUM(a.unit_count), 0)::BIGINT AS units,
               COALESCE(SUM(a.unit_count) FILTER (WHERE a.round_id IS NOT NULL), 0)::BIGINT AS dated_units
        FROM (SELECT unnest($streams::VARCHAR[]) AS stream) s LEFT JOIN activities a ON a.stream = s.stream
        GROUP BY s.stream ORDER BY list_position($streams::VARCHAR[], s.stream)""",
        {"streams": STREAMS},
    )


def sources(con) -> pd.DataFrame:
    return frame(
        con,
        """
        SELECT source_id, title, producer, url, licence, date_accessed, row_count, sha256
        FROM sources ORDER BY source_id""",
    )


def cited_pages(con, *, limit: int | None = None) -> pd.DataFrame:
    """Public pages cited by the records, with the streams and number of records citing each (the first `limit`
    pages by address; None: all)."""
    # The pages are chosen before the aggregate: with a million cited pages, 0.3 s instead of 3.4 s.
    return frame(
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
    return frame(con, "SELECT COUNT(DISTINCT source_url)::BIGINT AS rows FROM record_sources")


def validation_report(con, *, limit: int | None = None) -> pd.DataFrame:
    """The build's warnings, by file and line (the first `limit`; None: all)."""
    return frame(
        con,
        """
        SELECT file_name, line, column_name, severity, code, message
        FROM validation_report
        ORDER BY file_name, line NULLS FIRST, column_name, severity, code, message LIMIT $limit""",
        {"limit": limit},
    )


def validation_count(con) -> pd.DataFrame:
    return frame(con, "SELECT COUNT(*)::BIGINT AS rows FROM validation_report")


def labels(con, *, lang: str) -> pd.DataFrame:
    """Every name in the labels table in one language, the English name where that language has none; `english`
    is kept beside it (pickers match both) and `official` says whether the shown name is an official one."""
    return frame(
        con,
        """
        SELECT e.kind, e.id, COALESCE(l.text, e.text) AS text, e.text AS english,
               COALESCE(l.official, e.official) AS official, l.text IS NOT NULL AS translated
        FROM labels e LEFT JOIN labels l ON l.kind = e.kind AND l.id = e.id AND l.lang = $lang
        WHERE e.lang = 'en'
        ORDER BY e.kind, e.id""",
        {"lang": lang},
    )


def unofficial_labels(con) -> pd.DataFrame:
    """The names that are the project's own translations (no official name was found), per language."""
    return frame(
        con,
        """
        SELECT l.kind, l.id, l.lang, l.text, e.text AS english
        FROM labels l JOIN labels e ON e.kind = l.kind AND e.id = l.id AND e.lang = 'en'
        WHERE NOT l.official AND l.lang <> 'en'
        ORDER BY l.lang, l.kind, l.id""",
    )

"""Derive `activities` and their objective, country and commission bridges from the fact tables (SQL)."""

from __future__ import annotations

from datetime import date

import duckdb

# A date known only to the month or year is placed at the middle of that period, so a pledge dated "2022"
# falls in the round that holds most of 2022 (METHOD.md places dated items by the window that holds the date).
_MIDPOINT = """CASE {p}
    WHEN 'month' THEN {d} + CAST((last_day({d}) - {d}) // 2 AS INTEGER)
    WHEN 'year' THEN {d} + CAST((make_date(year({d}), 12, 31) - {d}) // 2 AS INTEGER)
    ELSE {d} END"""

_STREAM_ROWS = f"""
SELECT 'pledges:' || pledge_id AS activity_id, 'pledges' AS stream, pledge_id AS record_id, title,
       {_MIDPOINT.format(p="pledged_date_precision", d="pledged_date")} AS activity_date,
       pledged_date_precision AS date_precision, NULL::INTEGER AS fixed_round, 1 AS unit_count, is_global, source_url
FROM pledges
UNION ALL
SELECT 'practices:' || practice_id, 'practices', practice_id, title,
       CASE WHEN start_year IS NOT NULL THEN {_MIDPOINT.format(p="'year'", d="make_date(start_year, 1, 1)")} END,
       CASE WHEN start_year IS NOT NULL THEN 'year' END, NULL, 1, is_global, source_url
FROM practices
UNION ALL
SELECT 'gcm_talks:' || talk_id, 'gcm_talks', talk_id, title,
       {_MIDPOINT.format(p="talk_date_precision", d="talk_date")}, talk_date_precision, NULL, 1, is_global, source_url
FROM gcm_talks
UNION ALL
SELECT 'submissions:' || submission_id, 'submissions', CAST(submission_id AS VARCHAR),
       commission_id || ' round ' || round_id || ': ' || replace(kind, '_', ' ') || ' ('
           || replace(submitter_type, '_', ' ') || coalesce(', ' || iso3, '') || ')',
       {_MIDPOINT.format(p="as_of_date_precision", d="as_of_date")}, as_of_date_precision, round_id,
       submission_count, FALSE, source_url
FROM submissions
-- Counts of people taking part in a consultation describe a meeting, not submissions: they stay in `submissions`
-- (and on the pages) but are not reported activity to compare between rounds.
WHERE kind <> 'consultation_participant'
"""

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

# Each source bridge is unique per record and the stream prefixes keep records apart, so no DISTINCT is needed.
ACTIVITY_OBJECTIVES_SQL = """
INSERT INTO activity_objectives
SELECT * FROM (
    SELECT 'pledges:' || pledge_id, objective_id FROM pledge_objectives
    UNION ALL SELECT 'practices:' || practice_id, objective_id FROM practice_objectives
    UNION ALL SELECT 'gcm_talks:' || talk_id, objective_id FROM talk_objectives
    UNION ALL
    SELECT 'submissions:' || submission_id, objective_id
    FROM submission_objectives JOIN submissions USING (submission_id) WHERE kind <> 'consultation_participant'
    -- A count that names no objective (a voluntary national review of the whole Compact) is no evidence about any
    -- one objective: it has no row here and counts in objective 0 ("all objectives") only (METHOD.md 1.1).
)
ORDER BY 1, 2
"""

ACTIVITY_COUNTRIES_SQL = """
INSERT INTO activity_countries
SELECT * FROM (
    SELECT 'pledges:' || pledge_id, iso3 FROM pledge_countries
    UNION ALL SELECT 'practices:' || practice_id, iso3 FROM practice_countries
    UNION ALL SELECT 'gcm_talks:' || talk_id, iso3 FROM talk_countries
    UNION ALL SELECT 'submissions:' || submission_id, iso3 FROM submissions
    WHERE iso3 IS NOT NULL AND kind <> 'consultation_participant'
)
ORDER BY 1, 2
"""

# Commissions a record names itself win; otherwise an activity counts in every commission its countries
# belong to (membership is many-to-many). Every submission in activity_countries names its commission, so only
# pledges, practices and Talks take theirs from countries; they are read from the source bridges, so this does not
# wait for activity_countries, and the DISTINCT runs on the short record keys before the prefix is added.
ACTIVITY_COMMISSIONS_SQL = """
INSERT INTO activity_commissions
WITH named AS (
    SELECT 'gcm_talks:' || talk_id AS activity_id, commission_id FROM talk_commissions
    UNION ALL SELECT 'submissions:' || submission_id, commission_id FROM submissions
    WHERE kind <> 'consultation_participant'
),
derived AS (
    SELECT 'pledges:' || pledge_id, commission_id FROM (
        SELECT DISTINCT pledge_id, m.commission_id FROM pledge_countries JOIN commission_members m USING (iso3)
    )
    UNION ALL
    SELECT 'practices:' || practice_id, commission_id FROM (
        SELECT DISTINCT practice_id, m.commission_id FROM practice_countries JOIN commission_members m USING (iso3)
    )
    UNION ALL
    SELECT 'gcm_talks:' || talk_id, commission_id FROM (
        SELECT DISTINCT talk_id, m.commission_id FROM talk_countries JOIN commission_members m USING (iso3)
        WHERE talk_id NOT IN (SELECT talk_id FROM talk_commissions)
    )
)
SELECT * FROM named UNION ALL SELECT * FROM derived
ORDER BY 1, 2
"""


def fill_activities(con: duckdb.DuckDBPyConnection, data_cutoff: date) -> None:
    """Fill `activities` and its three bridges from the fact tables already loaded in `con`."""
    windows = con.execute(
        "SELECT window_start_date, coalesce(window_end_date, ?), round_id FROM review_rounds ORDER BY round_id",
        [data_cutoff],
    ).fetchall()
    case = " ".join([WINDOW_CASE] * len(windows)) or "WHEN FALSE THEN NULL"
    sql = ACTIVITIES_SQL.format(stream_rows=_STREAM_ROWS, windows=case)
    con.execute(sql, [value for window in windows for value in window])
    con.execute(ACTIVITY_OBJECTIVES_SQL)
    con.execute(ACTIVITY_COUNTRIES_SQL)
    con.execute(ACTIVITY_COMMISSIONS_SQL)

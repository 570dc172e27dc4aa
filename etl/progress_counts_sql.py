"""The counting of the method in SQL: activities x dimensions x geographies x rounds, and the grid of cell inputs."""

from __future__ import annotations

from etl import schema

N_OBJECTIVES = 23
# One integer `dim` keys every counted dimension: objectives 0-23 as themselves, groups as 100 * kind + id, so that
# objectives and groups go through one counting, grid and composite; they part again on insertion.
GROUP_BASE = 100
# Only pledges and practices name guiding principles (their bridges), so principle cells exist for them and `all`.
PRINCIPLE_STREAMS = tuple(s.name for s in schema.STREAM_REGISTRY if s.has_principles)
GEO_KEY = "geo_level, geo_id, round_from, round_to"
KEY = f"stream, objective_id, {GEO_KEY}"
COUNTING_TABLES = ("_progress_act", "_progress_dim_rows", "_progress_acx", "_progress_acm", "_progress_member")
RESULT_TABLES = (
    "_progress_exposure",
    "_progress_dims",
    "_progress_geos",
    "_progress_counts",
    "_progress_pairs",
    "_progress_grid",
    "_progress_breadth",
    "_progress_classes",
    "_progress_composite",
    "_progress_cell_reasons",
)

DIMS_SQL = """
CREATE TEMP TABLE _progress_dims AS
SELECT range::INTEGER AS dim, NULL::VARCHAR AS group_kind, NULL::INTEGER AS group_id FROM range(0, $objectives + 1)
UNION ALL SELECT $base * 1 + roundtable_id, 'roundtable', roundtable_id FROM imrf_roundtables
UNION ALL SELECT $base * 2 + area_id, 'mptf_area', area_id FROM mptf_areas
UNION ALL SELECT $base * 3 + principle_id, 'principle', principle_id FROM guiding_principles
"""

# Integer activity (rowid) and geography keys: the big join and aggregation below run on integers, not on strings.
# Objective 0 holds every dated activity once; an activity that names no objective counts there only. A group
# holds an activity once however many of its objectives the activity names (DISTINCT).
# The (stream index, record key, principle) of every record that names a guiding principle, from the registry.
PRINCIPLED = (
    " UNION ALL ".join(
        f"SELECT {i}::UTINYINT AS stream_index, record_key AS record_id, principle_id "
        f"FROM ({s.principles}) AS p(record_key, principle_id)"
        for i, s in enumerate(schema.STREAM_REGISTRY, start=1)
        if s.has_principles
    )
    or "SELECT NULL::UTINYINT, NULL::VARCHAR, NULL::INTEGER WHERE FALSE"
)
COUNTING_SQL = (
    """CREATE TEMP TABLE _progress_act AS
    SELECT rowid AS aid, activity_id, record_id, list_position($streams, stream)::UTINYINT AS s, round_id, unit_count
    FROM activities WHERE round_id IS NOT NULL""",
    f"""CREATE TEMP TABLE _progress_dim_rows AS
    WITH obj AS (
        SELECT a.aid, a.s, a.round_id, a.unit_count, ao.objective_id AS dim
        FROM activity_objectives ao JOIN _progress_act a USING (activity_id)
    ),
    -- Round tables and MPTF areas as bits of one mask per activity: a bit_or per activity replaces a DISTINCT
    -- over every (activity, objective, group) row, and the activity then meets each of its groups once.
    group_bits AS (
        SELECT row_number() OVER (ORDER BY dim)::INTEGER - 1 AS bit, dim FROM _progress_dims
        WHERE group_kind IN ('roundtable', 'mptf_area')
    ),
    objective_groups AS (
        SELECT objective_id, $base * 1 + imrf_roundtable_id AS dim FROM objectives
        UNION ALL SELECT objective_id, $base * 2 + area_id FROM objective_mptf_areas
    ),
    objective_masks AS (
        SELECT g.objective_id, bit_or(1 << b.bit) AS mask FROM objective_groups g JOIN group_bits b USING (dim)
        GROUP BY ALL
    ),
    activity_masks AS (
        SELECT o.aid, any_value(o.s) AS s, any_value(o.round_id) AS round_id, any_value(o.unit_count) AS unit_count,
               bit_or(m.mask) AS mask
        FROM obj o JOIN objective_masks m ON m.objective_id = o.dim GROUP BY o.aid
    ),
    principled AS ({PRINCIPLED})
    SELECT * FROM obj
    UNION ALL SELECT aid, s, round_id, unit_count, 0 FROM _progress_act
    UNION ALL SELECT a.aid, a.s, a.round_id, a.unit_count, b.dim
    FROM activity_masks a JOIN group_bits b ON (a.mask >> b.bit) & 1 = 1
    UNION ALL SELECT a.aid, a.s, a.round_id, a.unit_count, $base * 3 + p.principle_id
    FROM principled p JOIN _progress_act a ON a.s = p.stream_index AND a.record_id = p.record_id""",
    """CREATE TEMP TABLE _progress_acx AS
    SELECT a.aid, ac.iso3 FROM activity_countries ac JOIN _progress_act a USING (activity_id)""",
    """CREATE TEMP TABLE _progress_acm AS
    SELECT a.aid, acm.commission_id FROM activity_commissions acm JOIN _progress_act a USING (activity_id)""",
)
# Every UN Member State, its sub-region and every commission has cells even with no reported activity (they then
# read "too few records"), so shares of cells are taken over the whole world, not over where data happen to exist;
# other territories appear when they have activity.
GEOS_SQL = """
CREATE TEMP TABLE _progress_geos AS
WITH present AS (
    SELECT iso3 FROM countries WHERE is_un_member
    UNION SELECT DISTINCT iso3 FROM _progress_acx
)
SELECT row_number() OVER (ORDER BY geo_level, geo_id)::INTEGER AS gid, geo_level, geo_id FROM (
    SELECT 'country' AS geo_level, iso3 AS geo_id FROM present
    UNION SELECT DISTINCT 'subregion', c.subregion FROM present JOIN countries c USING (iso3)
    WHERE c.subregion IS NOT NULL
    UNION SELECT 'commission', commission_id FROM commissions
    UNION SELECT 'global', $global_id
)
"""

# Each activity once per geography: DISTINCT on sub-regions, so two countries of one sub-region count once.
MEMBER_SQL = """
CREATE TEMP TABLE _progress_member AS
WITH cmap AS (
    SELECT g.geo_id AS iso3, g.gid AS cgid, s.gid AS sgid
    FROM _progress_geos g LEFT JOIN countries c ON c.iso3 = g.geo_id
    LEFT JOIN _progress_geos s ON s.geo_level = 'subregion' AND s.geo_id = c.subregion
    WHERE g.geo_level = 'country'
)
SELECT x.aid, m.cgid AS gid FROM _progress_acx x JOIN cmap m USING (iso3)
UNION ALL
SELECT DISTINCT x.aid, m.sgid FROM _progress_acx x JOIN cmap m USING (iso3) WHERE m.sgid IS NOT NULL
UNION ALL
SELECT x.aid, g.gid
FROM _progress_acm x JOIN _progress_geos g ON g.geo_level = 'commission' AND g.geo_id = x.commission_id
"""

# Full counting (an activity counts once in each of its objectives). The global level takes every dated activity,
# `Global` ones included, and is never a sum of regions. `all` adds up the streams' units: the breadth, share and
# coverage tables use that sum; a composite class uses the sums over the streams in its mean instead.
COUNTS_SQL = """
CREATE TEMP TABLE _progress_counts AS
WITH per_stream AS (
    SELECT o.s, o.dim, m.gid, o.round_id, SUM(o.unit_count) AS n
    FROM _progress_dim_rows o JOIN _progress_member m USING (aid) GROUP BY ALL
    UNION ALL
    SELECT o.s, o.dim, (SELECT gid FROM _progress_geos WHERE geo_level = 'global'), o.round_id, SUM(o.unit_count)
    FROM _progress_dim_rows o GROUP BY ALL
),
named AS (
    SELECT $streams[p.s] AS stream, p.dim, g.geo_level, g.geo_id, p.round_id, p.n::BIGINT AS n
    FROM per_stream p JOIN _progress_geos g USING (gid)
)
SELECT * FROM named
UNION ALL
SELECT $all, dim, geo_level, geo_id, round_id, SUM(n)::BIGINT FROM named GROUP BY ALL
"""

PAIRS_SQL = """
CREATE TEMP TABLE _progress_pairs AS
SELECT round_from, round_to FROM (
    SELECT LAG(round_id) OVER (ORDER BY round_id) AS round_from, round_id AS round_to FROM review_rounds
) WHERE round_from IS NOT NULL
"""

# Every stream x dimension x geography x pair, zeros included; g_* are the global counts the share view divides
# by. `round_open` (a round of the pair is open and gives no exposure yet) and `complete` are the two context rules
# of METHOD.md 1.1, from the exposure table.
GRID_SQL = """
CREATE TEMP TABLE _progress_grid AS
WITH streams AS (SELECT unnest($streams || [$all]) AS stream)
SELECT s.stream, d.dim, g.geo_level, g.geo_id, p.round_from, p.round_to,
       COALESCE(cf.n, 0) AS n_from, COALESCE(ct.n, 0) AS n_to, ef.t AS t_from, et.t AS t_to,
       (ef.is_open AND COALESCE(ef.t, 0) = 0) OR (et.is_open AND COALESCE(et.t, 0) = 0) AS round_open,
       ef.complete AND et.complete AS complete, ef.exposure_model,
       COALESCE(gf.n, 0)::DOUBLE AS g_from, COALESCE(gt.n, 0)::DOUBLE AS g_to
FROM streams s CROSS JOIN _progress_dims d CROSS JOIN _progress_geos g CROSS JOIN _progress_pairs p
JOIN _progress_exposure ef ON ef.stream = s.stream AND ef.round_id = p.round_from
JOIN _progress_exposure et ON et.stream = s.stream AND et.round_id = p.round_to
LEFT JOIN _progress_counts cf ON cf.stream = s.stream AND cf.dim = d.dim
    AND cf.geo_level = g.geo_level AND cf.geo_id = g.geo_id AND cf.round_id = p.round_from
LEFT JOIN _progress_counts ct ON ct.stream = s.stream AND ct.dim = d.dim
    AND ct.geo_level = g.geo_level AND ct.geo_id = g.geo_id AND ct.round_id = p.round_to
LEFT JOIN _progress_counts gf ON gf.stream = s.stream AND gf.dim = d.dim
    AND gf.geo_level = 'global' AND gf.round_id = p.round_from
LEFT JOIN _progress_counts gt ON gt.stream = s.stream AND gt.dim = d.dim
    AND gt.geo_level = 'global' AND gt.round_id = p.round_to
WHERE d.group_kind IS DISTINCT FROM 'principle' OR list_contains($principle_streams || [$all], s.stream)
"""

# Breadth counts the countries (members of the sub-region or commission) with >= 1 unit on the objective in the
# round. T = 1 while the stream exists in the round, else 0, so a new mechanism or an open round is not assessable.
BREADTH_SQL = """
CREATE TEMP TABLE _progress_breadth AS
WITH present AS (
    SELECT DISTINCT stream, dim, geo_id AS iso3, round_id
    FROM _progress_counts WHERE geo_level = 'country' AND n > 0 AND dim < $base
),
geo_countries AS (
    SELECT 'subregion' AS geo_level, subregion AS geo_id, iso3 FROM countries WHERE subregion IS NOT NULL
    UNION ALL SELECT 'commission', commission_id, iso3 FROM commission_members
),
breadth AS (
    SELECT p.stream, p.dim, gc.geo_level, gc.geo_id, p.round_id, COUNT(*) AS n
    FROM present p JOIN geo_countries gc USING (iso3) GROUP BY ALL
    UNION ALL
    SELECT stream, dim, 'global', $global_id, round_id, COUNT(*) FROM present GROUP BY ALL
),
exists_in AS (
    SELECT stream, round_id, (t > 0)::INTEGER::DOUBLE AS t FROM _progress_exposure WHERE stream <> $all
    UNION ALL
    SELECT $all, round_id, MAX((t > 0)::INTEGER)::DOUBLE FROM _progress_exposure WHERE stream <> $all GROUP BY ALL
)
SELECT k.stream, k.dim, k.geo_level, k.geo_id, k.round_from, k.round_to,
       COALESCE(bf.n, 0) AS n_from, COALESCE(bt.n, 0) AS n_to, ef.t AS t_from, et.t AS t_to, k.round_open, k.complete
FROM _progress_grid k
LEFT JOIN breadth bf ON bf.stream = k.stream AND bf.dim = k.dim
    AND bf.geo_level = k.geo_level AND bf.geo_id = k.geo_id AND bf.round_id = k.round_from
LEFT JOIN breadth bt ON bt.stream = k.stream AND bt.dim = k.dim
    AND bt.geo_level = k.geo_level AND bt.geo_id = k.geo_id AND bt.round_id = k.round_to
JOIN exists_in ef ON ef.stream = k.stream AND ef.round_id = k.round_from
JOIN exists_in et ON et.stream = k.stream AND et.round_id = k.round_to
WHERE k.geo_level <> 'country' AND k.dim < $base
"""

"""Fill `funding_cells`: the amounts a stream carries (MPTF budgets), beside its counts, never as a class (SQL)."""

from __future__ import annotations

import duckdb

from etl.schema import GLOBAL_GEO_ID, STREAM_REGISTRY

# An amount counts in full in every objective, country, sub-region and commission of its record (like the counts);
# objective 0 and the global level take each record once. Sub-regions are DISTINCT: two countries of one
# sub-region count the programme once there.
FUNDING_SQL = """
INSERT INTO funding_cells
WITH amounts AS ({amounts}),
funded AS (
    SELECT a.activity_id, a.stream, a.round_id, m.amount
    FROM activities a JOIN amounts m USING (activity_id) WHERE a.round_id IS NOT NULL
),
objectives AS (
    SELECT activity_id, 0 AS objective_id FROM funded
    UNION ALL SELECT ao.activity_id, ao.objective_id FROM activity_objectives ao JOIN funded USING (activity_id)
),
geographies AS (
    SELECT ac.activity_id, 'country' AS geo_level, ac.iso3 AS geo_id
    FROM activity_countries ac JOIN funded USING (activity_id)
    UNION
    SELECT ac.activity_id, 'subregion', c.subregion
    FROM activity_countries ac JOIN funded USING (activity_id) JOIN countries c USING (iso3)
    WHERE c.subregion IS NOT NULL
    UNION
    SELECT am.activity_id, 'commission', am.commission_id FROM activity_commissions am JOIN funded USING (activity_id)
    UNION
    SELECT activity_id, 'global', $global_id FROM funded
)
SELECT f.stream, o.objective_id, g.geo_level, g.geo_id, f.round_id, COUNT(*) AS records,
       COUNT(f.amount) AS records_with_amount, SUM(f.amount) AS amount_usd
FROM funded f JOIN objectives o USING (activity_id) JOIN geographies g USING (activity_id)
GROUP BY ALL
ORDER BY 1, 2, 3, 4, 5
"""


def fill_funding(con: duckdb.DuckDBPyConnection) -> None:
    """Fill funding_cells from the streams whose registry entry declares `amounts`; nothing when none does."""
    parts = [
        f"SELECT '{s.name}:' || record_key AS activity_id, amount FROM ({s.amounts}) AS m(record_key, amount)"
        for s in STREAM_REGISTRY
        if s.amounts
    ]
    if parts:
        con.execute(FUNDING_SQL.format(amounts=" UNION ALL ".join(parts)), {"global_id": GLOBAL_GEO_ID})

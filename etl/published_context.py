"""Published totals for scale: each stream's records found beside the totals its publishers stated ("16 of 214")."""

from __future__ import annotations

import duckdb
import pandas as pd

from etl.schema import STREAMS

# A published total counts a stream's records as a whole when its topic is the stream's name (etl.convert_public
# gives that topic only to such figures). Its count is the leading number of the value as published: "214",
# "more than 200" (a lower bound, flagged), "24 / 16" (24 programmes with 16 organisations). A value that starts
# with no number ("by July 2023") has nothing to pair with and is left out.
PUBLISHED_CONTEXT_SQL = r"""
WITH found AS (
    SELECT stream, COUNT(*) AS records FROM activities GROUP BY stream
),
totals AS (
    SELECT total_id, topic AS stream, metric, value, as_of, note, source_url,
           TRY_CAST(replace(regexp_extract(value, '^(?:(?:over|about|approximately|more than)\s+)?(\d[\d,]*)', 1),
                            ',', '') AS BIGINT) AS published_count,
           regexp_matches(lower(value), '^(?:over|about|approximately|more than)\s') AS is_approximate
    FROM published_totals
    WHERE list_contains($streams, topic)
)
SELECT t.stream, coalesce(f.records, 0) AS records, t.published_count, t.is_approximate,
       t.value AS published_value, t.metric, t.as_of, t.note, t.source_url
FROM totals t LEFT JOIN found f USING (stream)
WHERE t.published_count IS NOT NULL
ORDER BY t.stream, t.published_count DESC, t.total_id
"""


def published_context(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per stream, its records (all of them, dated or not) and each whole-stream published total with its source;
    the first row of a stream holds its largest total (totals only grow, so the latest): "12 of 24"."""
    return con.execute(PUBLISHED_CONTEXT_SQL, {"streams": list(STREAMS)}).df()

"""Search over the titles, entities and implementers of every stream, accent- and case-insensitive."""

from __future__ import annotations

import re

from etl import schema

# The text fields searched besides activities.title, which every stream has: each stream's `search_fields` in the
# stream registry, as (stream, table, key column, field).
ENTITY_FIELDS = tuple(
    (s.name, s.tables[0].name, s.tables[0].primary_key[0], column)
    for s in schema.STREAM_REGISTRY
    for column in s.search_fields
)
MAX_TERMS = 8
FIELD_NAMES = ["title", *(f[3] for f in ENTITY_FIELDS)]  # bit i of field_bits is field i
LIMIT = 50


def _norm(column: str) -> str:
    return f"strip_accents(lower({column}))"


# The build normalises every searchable text once (search_texts), so a query compares plain strings: normalising
# 1.4M titles per query took most of its time (3.1 s against 0.47 s for a word in every title, scale 1000).
FILL_SQL = (
    f"INSERT INTO search_texts SELECT activity_id, 1, {_norm('title')} FROM activities WHERE title IS NOT NULL"
    + "".join(
        f"\nUNION ALL SELECT '{stream}:' || {key}, {2 << i}, {_norm(column)} FROM {table} WHERE {column} IS NOT NULL"
        for i, (stream, table, key, column) in enumerate(ENTITY_FIELDS)
    )
)


def fill(con) -> None:
    """Fill search_texts from activities and the streams' entity fields (a build step)."""
    con.execute(FILL_SQL)


# Each term must occur in some field of the record (AND over terms, OR over fields): a bit per term and field row,
# OR-ed per record. The terms are MAX_TERMS parameters ($t0 …, normalised, unused ones NULL) tested in the scan's
# own WHERE, so only matching rows reach the grouping (a lambda over a list of terms, or a join with a row of terms,
# read every row: 10-50 times slower).
ANY_TERM = " OR ".join(f"contains(norm, $t{i})" for i in range(MAX_TERMS))
TERM_BITS = " + ".join(f"(CASE WHEN contains(norm, $t{i}) THEN {1 << i} ELSE 0 END)" for i in range(MAX_TERMS))
TEXTS_SQL = f"SELECT activity_id, field_bit, norm FROM search_texts WHERE {ANY_TERM}"
SEARCH_SQL = f"""
WITH hits AS (
    SELECT activity_id, bit_or({TERM_BITS}) AS mask, bit_or(field_bit) AS field_bits
    FROM ({TEXTS_SQL}) GROUP BY activity_id
),
found AS (
    SELECT a.activity_id, a.stream, a.record_id, a.title, a.round_id, a.activity_date, h.field_bits
    FROM hits h JOIN activities a USING (activity_id)
    WHERE h.mask = $all_bits
),
shown AS (
    SELECT * FROM found
    ORDER BY list_position($streams, stream), round_id NULLS LAST, activity_date NULLS LAST, activity_id
    LIMIT $limit
),
ctry AS (
    SELECT activity_id, string_agg(iso3, ';' ORDER BY iso3) AS countries FROM activity_countries
    WHERE activity_id IN (SELECT activity_id FROM shown) GROUP BY activity_id
)
SELECT s.stream, s.record_id, s.title, s.round_id,
       array_to_string(list_filter($fields, lambda f, i: (s.field_bits >> (i - 1)) & 1 = 1), ';') AS fields,
       c.countries, (SELECT COUNT(*) FROM found) AS total
FROM shown s LEFT JOIN ctry c USING (activity_id)
ORDER BY list_position($streams, s.stream), s.round_id NULLS LAST, s.activity_date NULLS LAST, s.activity_id
"""
NORMALISE_SQL = "SELECT list_transform($words, lambda w: strip_accents(lower(w)))"


def terms(text: str) -> list[str]:
    """The words of a query (at most MAX_TERMS; quotes and wildcards are plain characters)."""
    return [t for t in re.split(r"\s+", text.strip()) if t][:MAX_TERMS]


def search(con, text: str, limit: int = LIMIT) -> tuple[list[dict], int]:
    """Records whose title or entity fields hold every word of `text`, accent- and case-insensitively.

    Returns the first `limit` (by stream, round, date, id) as dicts with stream, record_id, title, round_id, fields
    (which fields matched, `;`-separated) and countries (ISO3, `;`-separated), and the number of all matches.
    """
    words = terms(text)
    if not words:
        return [], 0
    normalised = con.execute(NORMALISE_SQL, {"words": words}).fetchone()[0]
    params = {f"t{i}": normalised[i] if i < len(words) else None for i in range(MAX_TERMS)}
    params |= {
        "all_bits": (1 << len(words)) - 1,
        "streams": list(schema.STREAMS),
        "fields": FIELD_NAMES,
        "limit": int(limit),
    }
    cursor = con.execute(SEARCH_SQL, params)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    total = rows[0]["total"] if rows else 0
    for row in rows:
        del row["total"]
    return rows, int(total)

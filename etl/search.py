"""Search over the titles, entities and implementers of every stream, accent- and case-insensitive."""

from __future__ import annotations

import re

from etl import schema

# The text fields searched besides activities.title, which every stream has (a new stream is searched by its title
# at once): (stream, table, key column, field).
ENTITY_FIELDS = (
    ("pledges", "pledges", "pledge_id", "pledging_entity"),
    ("practices", "practices", "practice_id", "main_implementer"),
    ("gcm_talks", "gcm_talks", "talk_id", "organisers"),
)
MAX_TERMS = 8
FIELD_NAMES = ["title", *(f[3] for f in ENTITY_FIELDS)]  # bit i of field_bits is field i
LIMIT = 50

# Each term must occur in some field of the record (AND over terms, OR over fields): a bit per term and field row,
# OR-ed per record. strip_accents(lower(...)) on both sides: "Sao Paulo" finds "São Paulo" and "SÃO PAULO". The
# terms are MAX_TERMS parameters ($t0 …, normalised, unused ones NULL) tested in each scan's own WHERE, so only
# matching rows build a key or reach the grouping (a lambda over a list of terms, or a join with a row of terms,
# read every row: 10-50 times slower).


def _norm(column: str) -> str:
    return f"strip_accents(lower({column}))"


def _any_term(column: str) -> str:
    return " OR ".join(f"contains({_norm(column)}, $t{i})" for i in range(MAX_TERMS))


TERM_BITS = " + ".join(f"(CASE WHEN contains(norm, $t{i}) THEN {1 << i} ELSE 0 END)" for i in range(MAX_TERMS))
TEXTS_SQL = (
    f"SELECT activity_id, 1 AS field_bit, {_norm('title')} AS norm FROM activities WHERE {_any_term('title')}"
    + "".join(
        f"\nUNION ALL SELECT '{stream}:' || {key}, {2 << i}, {_norm(column)} FROM {table} WHERE {_any_term(column)}"
        for i, (stream, table, key, column) in enumerate(ENTITY_FIELDS)
    )
)
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

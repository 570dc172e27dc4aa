"""Time the country brief (etl.brief) and the search (etl.search) warm, at demo scales; print Markdown tables."""

from __future__ import annotations

import argparse
import statistics

import duckdb

from benchmarks.common import db_for, time_call
from etl import brief, search

QUERIES = (
    ("one record id", "DEMO-P000001"),
    ("two title words", "regular pathways"),
    ("no match", "zzzz"),
    ("accented, no match", "São Paulo"),
    ("word in every title", "synthetic"),
    ("entity words", "implementer 131325"),
)
# The proposed precomputed column: one normalised text per activity (title and entity fields), written by the build.
INDEX_SQL = """
CREATE TEMP TABLE search_index AS
SELECT a.activity_id, a.stream, a.record_id, a.title, a.round_id, a.activity_date,
       strip_accents(lower(concat_ws(' | ', a.title, p.pledging_entity, pr.main_implementer, g.organisers))) AS text
FROM activities a
LEFT JOIN pledges p ON a.stream = 'pledges' AND p.pledge_id = a.record_id
LEFT JOIN practices pr ON a.stream = 'practices' AND pr.practice_id = a.record_id
LEFT JOIN gcm_talks g ON a.stream = 'gcm_talks' AND g.talk_id = a.record_id
"""
INDEXED_SQL = """
WITH found AS (
    SELECT * FROM search_index
    WHERE list_bool_and(list_transform($terms, lambda t: contains(text, t)))
)
SELECT stream, record_id, title, round_id, (SELECT COUNT(*) FROM found) AS total FROM found
ORDER BY list_position($streams, stream), round_id NULLS LAST, activity_date NULLS LAST, activity_id LIMIT 50
"""


def median_of(fn, runs: int) -> float:
    fn()
    return statistics.median(time_call(fn) for _ in range(runs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.brief_search", description=__doc__)
    parser.add_argument("--scales", default="1,1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--country", default="KEN")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    print("| scale | activities | brief KEN (s, median warm) | brief SVK (s) | PDF pages KEN |")
    print("|---|---|---|---|---|")
    searches = {}
    for scale in scales:
        with duckdb.connect(str(db_for(scale)), read_only=True) as con:
            rows = con.execute("SELECT count(*) FROM activities").fetchone()[0]
            ken = median_of(lambda con=con: brief.render(con, args.country, (1, 2)), args.runs)
            svk = median_of(lambda con=con: brief.render(con, "SVK", (1, 2)), args.runs)
            pages = brief.render(con, args.country, (1, 2)).count(b"/Type /Page\n")
            print(f"| {scale} | {rows:,} | {ken:.2f} | {svk:.2f} | {pages} |")
            con.execute(INDEX_SQL)
            for label, text in QUERIES:
                hits = search.search(con, text)[1]
                query_time = median_of(lambda con=con, text=text: search.search(con, text), args.runs)
                terms = con.execute(search.NORMALISE_SQL, {"words": search.terms(text)}).fetchone()[0]
                params = {"terms": terms, "streams": ["pledges", "practices", "gcm_talks", "submissions"]}
                indexed = median_of(lambda con=con, p=params: con.execute(INDEXED_SQL, p).fetchall(), args.runs)
                searches.setdefault(scale, []).append((label, text, hits, query_time, indexed))
    for scale, results in searches.items():
        print(f"\nSearch at scale {scale} (median of {args.runs} warm runs, seconds):\n")
        print("| query | text | matches | query-time normalising (etl.search) | precomputed column (proposed) |")
        print("|---|---|---|---|---|")
        for label, text, hits, query_time, indexed in results:
            print(f"| {label} | `{text}` | {hits:,} | {query_time:.3f} | {indexed:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time the country brief (dashboard.brief, per language) and the search (etl.search) warm; print Markdown tables."""

from __future__ import annotations

import argparse
import statistics

import duckdb

from benchmarks.common import db_for, time_call
from dashboard import brief
from etl import search

QUERIES = (
    ("one record id", "DEMO-P000001"),
    ("two title words", "regular pathways"),
    ("no match", "zzzz"),
    ("accented, no match", "São Paulo"),
    ("word in every title", "synthetic"),
    ("entity words", "implementer 131325"),
)


def median_of(fn, runs: int) -> float:
    fn()
    return statistics.median(time_call(fn) for _ in range(runs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.brief_search", description=__doc__)
    parser.add_argument("--scales", default="1,1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--country", default="KEN")
    parser.add_argument("--db", help="one built database to time instead of the demo scales (labelled by its rows)")
    parser.add_argument("--langs", default="en", help="languages of the brief to time, e.g. en,fr,ar,zh")
    args = parser.parse_args(argv)
    langs = args.langs.split(",")
    scales = [args.db] if args.db else [int(s) for s in args.scales.split(",")]
    print("| scale | activities | brief KEN (s, median warm) | brief SVK (s) | PDF pages KEN |")
    print("|---|---|---|---|---|")
    searches, by_lang = {}, {}
    for scale in scales:
        path = scale if args.db else db_for(scale)
        with duckdb.connect(str(path), read_only=True) as con:
            rows = con.execute("SELECT count(*) FROM activities").fetchone()[0]
            ken = median_of(lambda con=con: brief.render(con, args.country, (1, 2)), args.runs)
            svk = median_of(lambda con=con: brief.render(con, "SVK", (1, 2)), args.runs)
            pages = brief.render(con, args.country, (1, 2)).count(b"/Type /Page\n")
            print(f"| {scale} | {rows:,} | {ken:.2f} | {svk:.2f} | {pages} |")
            for lang in langs:
                timed = median_of(
                    lambda con=con, lang=lang: brief.render(con, args.country, (1, 2), lang=lang), args.runs
                )
                by_lang.setdefault(scale, []).append((lang, timed))
            for label, text in QUERIES:
                hits = search.search(con, text)[1]
                query_time = median_of(lambda con=con, text=text: search.search(con, text), args.runs)
                searches.setdefault(scale, []).append((label, text, hits, query_time))
    for scale, results in by_lang.items():
        print(f"\nBrief of {args.country} per language at scale {scale} (median of {args.runs} warm runs):\n")
        print("| language | seconds |")
        print("|---|---:|")
        for lang, timed in results:
            print(f"| {lang} | {timed:.2f} |")
    for scale, results in searches.items():
        print(f"\nSearch at scale {scale} (median of {args.runs} warm runs, seconds):\n")
        print("| query | text | matches | etl.search over the built search_texts |")
        print("|---|---|---|---|")
        for label, text, hits, query_time in results:
            print(f"| {label} | `{text}` | {hits:,} | {query_time:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

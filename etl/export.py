"""Write activity extracts as CSV with the dashboard's download rules; CLI: python -m etl.export."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import duckdb
import pandas as pd
import pyarrow as pa

from etl import paths, schema, versions
from etl.csv_writer import write_csv
from etl.file_names import extract_name_parts, file_name

PAGE_ACTIVITIES = 20_000  # activities per page of a streamed extract (about 60,000 rows on the demo data)
MEMORY_LIMITS = ("128MB", "1GB")  # DuckDB memory for the CLI: the first try, then a retry

FOLLOWUP_COLUMNS = ("pledging_entity", "entity_category", "status", "deadline_date", "freshness", "overdue")
EXTRACT_COLUMNS = (
    "stream",
    "record_id",
    "title",
    "activity_date",
    "round_id",
    "objective_id",
    "objective_title",
    "iso3",
    "country_name",
    "unit_count",
    "is_global",
    "source_url",
    # Pledge follow-up (empty for the other streams): who pledged, and where the pledge stands at the cut-off.
    *FOLLOWUP_COLUMNS,
)

# An activity with no objective (or no country) keeps one row with that column empty, so an unfiltered extract
# lists every activity. An objective or country filter keeps only the rows of the chosen ones.
# The query reads one page of activities (an activity_id range), so DuckDB joins and sorts thousands of rows at a
# time: the 740,000-row extract of the scale-1000 demo held 0.5-1.3 GB inside DuckDB as one query.
EXTRACT_FILTERS = """
  AND ($stream IS NULL OR a.stream = $stream)
  AND (len(CAST($objectives AS INTEGER[])) = 0 OR list_contains(CAST($objectives AS INTEGER[]), ao.objective_id))
  AND (len(CAST($countries AS VARCHAR[])) = 0 OR list_contains(CAST($countries AS VARCHAR[]), ac.iso3))
  AND (len(CAST($rounds AS INTEGER[])) = 0 OR list_contains(CAST($rounds AS INTEGER[]), a.round_id)
       OR a.round_id IS NULL)"""
EXTRACT_SQL = (
    """
SELECT a.stream, a.record_id, a.title, a.activity_date, a.round_id, ao.objective_id,
       o.short_title AS objective_title, ac.iso3, c.name AS country_name, a.unit_count, a.is_global, a.source_url,
       p.pledging_entity, p.entity_category, pf.status, pf.deadline_date, pf.freshness, pf.overdue
FROM activities a
LEFT JOIN pledges p ON a.stream = 'pledges' AND p.pledge_id = a.record_id
LEFT JOIN pledge_followup pf ON a.stream = 'pledges' AND pf.pledge_id = a.record_id
LEFT JOIN activity_objectives ao
       ON ao.activity_id = a.activity_id AND ao.activity_id > $after AND ao.activity_id <= $upto
LEFT JOIN objectives o ON o.objective_id = ao.objective_id
LEFT JOIN activity_countries ac
       ON ac.activity_id = a.activity_id AND ac.activity_id > $after AND ac.activity_id <= $upto
LEFT JOIN countries c ON c.iso3 = ac.iso3
WHERE a.activity_id > $after AND a.activity_id <= $upto"""
    + EXTRACT_FILTERS
    + """
ORDER BY a.stream, a.record_id, ao.objective_id NULLS LAST, ac.iso3 NULLS LAST
"""
)
# The number of rows of the whole extract, without making them: the page shows it beside its first rows.
EXTRACT_COUNT_SQL = (
    """
SELECT count(*) FROM activities a
LEFT JOIN activity_objectives ao ON ao.activity_id = a.activity_id
LEFT JOIN activity_countries ac ON ac.activity_id = a.activity_id
WHERE TRUE"""
    + EXTRACT_FILTERS
    + "\n"
)

# The end of the next page: the last of the next `page_size` matching activity ids, and how many there were.
# Counting only matching activities keeps a narrow filter to one or two pages.
PAGE_END_SQL = """
SELECT max(activity_id), count(*) FROM (
    SELECT a.activity_id FROM activities a
    WHERE a.activity_id > $after
      AND ($stream IS NULL OR a.stream = $stream)
      AND (len(CAST($rounds AS INTEGER[])) = 0 OR list_contains(CAST($rounds AS INTEGER[]), a.round_id)
           OR a.round_id IS NULL)
      {objectives} {countries}
    ORDER BY a.activity_id LIMIT $page_size
)
"""
# Added to PAGE_END_SQL for a narrow filter only (at most SEMI_JOIN_ROWS bridge rows match): the subquery's
# hash set of activity ids would otherwise reach the size of the whole table, and a broad filter gains little.
SEMI_JOIN_ROWS = 300_000
FILTER_CLAUSES = {
    "objectives": (
        "activity_objectives",
        "list_contains(CAST($objectives AS INTEGER[]), objective_id)",
    ),
    "countries": (
        "activity_countries",
        "list_contains(CAST($countries AS VARCHAR[]), iso3)",
    ),
}


# ---------------------------------------------------------------- the extract


GEO_COUNTRIES_SQL = """
SELECT iso3 FROM countries
WHERE list_contains(CAST($geos AS VARCHAR[]), iso3) OR list_contains(CAST($geos AS VARCHAR[]), subregion)
UNION
SELECT iso3 FROM commission_members WHERE list_contains(CAST($geos AS VARCHAR[]), commission_id)
ORDER BY iso3
"""


def countries_of(con: duckdb.DuckDBPyConnection, geos: Sequence[str]) -> list[str]:
    """ISO3 codes of the chosen geographies: a country itself, every country of a sub-region or a commission.

    The Extracts page and the CLI both filter through this, so a sub-region or commission gives the same rows.
    """
    if not geos:
        return []
    rows = con.cursor().execute(GEO_COUNTRIES_SQL, {"geos": [str(g) for g in geos]}).fetchall()
    return [iso3 for (iso3,) in rows]


def geo_filter(con: duckdb.DuckDBPyConnection, geos: Sequence[str]) -> list[str]:
    """The `countries` argument of extract_rows for chosen geographies: no choice keeps every row, and a choice
    with no country (a sub-region of territories only) keeps none."""
    if not geos:
        return []
    return countries_of(con, geos) or [NO_COUNTRY]


NO_COUNTRY = "-"  # matches no ISO3 code


def extract_params(stream, objectives, countries, rounds) -> dict:
    if stream is not None and stream not in schema.STREAMS:
        raise ValueError(f"unknown stream {stream!r}; one of {', '.join(schema.STREAMS)}")
    return {
        "stream": stream,
        "objectives": sorted({int(o) for o in objectives}),
        "countries": sorted({str(c).upper() for c in countries}),
        "rounds": sorted({int(r) for r in rounds or ()}),
    }


def extract_rows(
    con: duckdb.DuckDBPyConnection,
    *,
    stream: str | None = None,
    objectives: Sequence[int] = (),
    countries: Sequence[str] = (),
    rounds: Sequence[int] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """One row per activity x objective x country, filtered; the rows of the Extracts page and the CLI.

    Args:
        con: connection to a built database.
        stream: one of etl.schema.STREAMS, or None for every stream.
        objectives: keep activities tagged with any of these, and only the rows of these objectives.
        countries: keep activities in any of these ISO3 codes, and only the rows of these countries.
        rounds: round ids to keep (the CLI's `1:2` is `[1, 2]`); None or empty keeps every round. Records that
            state no date belong to no round and are always kept (empty round), so no record vanishes silently.
        limit: only the first `limit` rows (what a page shows); None for all.

    Returns:
        EXTRACT_COLUMNS, ordered by stream, record_id, objective_id, iso3. An activity without objectives or
        countries has one row with those columns empty (global and region-level records have no country).

    Raises:
        ValueError: for an unknown stream.

    The rows are read in pages of PAGE_ACTIVITIES activities, which bounds DuckDB's memory; the frame itself
    still holds every row (about 220 bytes a row), so a page should cap what it shows.
    """
    params = extract_params(stream, objectives, countries, rounds)
    if limit is None:
        frames = list(_pages(con, params, PAGE_ACTIVITIES, _frame))
    else:
        # Pages of `limit` activities until `limit` rows: a matching activity gives at least one row.
        frames, count = [], 0
        for page in _pages(con, params, max(1, limit), _frame):
            frames.append(page)
            count += len(page)
            if count >= limit:
                break
        frames = [pd.concat(frames, ignore_index=True).head(limit)] if frames else []
    if not frames:
        return _frame(con.cursor().sql(EXTRACT_SQL, params=params | {"after": "", "upto": ""}))
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _frame(rel) -> pd.DataFrame:
    """A page of rows; the follow-up flag as nullable booleans, whether or not the page holds a non-pledge."""
    return rel.df().astype({"overdue": "boolean"})


def extract_row_count(
    con: duckdb.DuckDBPyConnection,
    *,
    stream: str | None = None,
    objectives: Sequence[int] = (),
    countries: Sequence[str] = (),
    rounds: Sequence[int] | None = None,
) -> int:
    """len(extract_rows(...)), counted by DuckDB without making the rows."""
    params = extract_params(stream, objectives, countries, rounds)
    return int(con.cursor().execute(EXTRACT_COUNT_SQL, params).fetchall()[0][0])


def extract_pages(
    con: duckdb.DuckDBPyConnection,
    *,
    stream: str | None = None,
    objectives: Sequence[int] = (),
    countries: Sequence[str] = (),
    rounds: Sequence[int] | None = None,
    page_size: int = PAGE_ACTIVITIES,
) -> Iterator[pa.Table]:
    """The rows of `extract_rows(...)`, in the same order, as Arrow tables of at most `page_size` activities."""
    params = extract_params(stream, objectives, countries, rounds)
    yield from _pages(con, params, page_size, lambda rel: rel.to_arrow_table())


def _key(page, i: int) -> tuple[str, str]:
    values = (page["stream"][i], page["record_id"][i])
    return tuple(v.as_py() if isinstance(v, pa.Scalar) else v for v in values)


def _pages(con: duckdb.DuckDBPyConnection, params: dict, page_size: int, fetch: Callable) -> Iterator:
    cur = con.cursor()
    clauses, narrow = {}, {}
    for name, (bridge, condition) in FILTER_CLAUSES.items():
        clauses[name] = ""
        if params[name]:
            # Table names and conditions are the constants above; the filter values stay parameters.
            matches = cur.execute(f"SELECT count(*) FROM {bridge} WHERE {condition}", {name: params[name]})
            if matches.fetchall()[0][0] <= SEMI_JOIN_ROWS:
                clauses[name] = f"AND a.activity_id IN (SELECT activity_id FROM {bridge} WHERE {condition})"
                narrow[name] = params[name]
    page_end = PAGE_END_SQL.format(**clauses)
    after, last_key = "", None
    while True:
        bounds = {"after": after, "stream": params["stream"], "rounds": params["rounds"], "page_size": page_size}
        bounds |= narrow
        upto, count = cur.execute(page_end, bounds).fetchall()[0]
        if not count:
            return
        page = fetch(cur.sql(EXTRACT_SQL, params=params | {"after": after, "upto": upto}))
        if len(page):
            # Pages follow activity_id, `<stream>:<record id>` (etl/activities.py), which sorts like (stream,
            # record_id). Should that format change, stop rather than write rows out of order.
            if last_key is not None and _key(page, 0) <= last_key:
                raise RuntimeError("activity ids no longer sort like (stream, record_id); see etl/export.py")
            last_key = _key(page, len(page) - 1)
            yield page
        if count < page_size:
            return
        after = upto


def write_extract(
    con: duckdb.DuckDBPyConnection,
    out: BinaryIO,
    *,
    stream: str | None = None,
    objectives: Sequence[int] = (),
    countries: Sequence[str] = (),
    rounds: Sequence[int] | None = None,
) -> int:
    """Write `csv_bytes(extract_rows(...))` to `out` chunk by chunk; returns the row count."""
    pages = extract_pages(con, stream=stream, objectives=objectives, countries=countries, rounds=rounds)
    rows, _ = write_csv(out, EXTRACT_COLUMNS, pages)
    return rows


# ---------------------------------------------------------------- command line


class UsageError(Exception):
    """A bad command-line argument; the CLI exits 2 with this message."""


def parse_rounds(text: str) -> list[int]:
    """`2` -> [2]; `1:3` -> [1, 2, 3]."""
    match = re.fullmatch(r"\s*(\d+)\s*(?::\s*(\d+)\s*)?", text or "")
    if not match:
        raise UsageError(f'--rounds "{text}": expected a round number or a range such as 1:2')
    first, last = int(match[1]), int(match[2] or match[1])
    if last < first:
        raise UsageError(f'--rounds "{text}": the range ends before it starts')
    return list(range(first, last + 1))


def round_pair(text: str) -> tuple[int, int]:
    """An argparse type for a pair of rounds: `1:2` -> (1, 2) (the explain and brief CLIs)."""
    try:
        first, second = (int(r) for r in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must look like 1:2, not {text!r}") from None
    return first, second


def _check_filters(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> None:
    bad = [o for o in args.objective if not 1 <= o <= 23]
    if bad:
        raise UsageError(f"--objective {', '.join(map(str, bad))}: GCM objectives are numbered 1 to 23")
    known = {r[0] for r in con.execute("SELECT iso3 FROM countries").fetchall()}
    unknown = sorted({c.upper() for c in args.country} - known)
    if unknown:
        raise UsageError(f"--country {', '.join(unknown)}: not an ISO 3166-1 alpha-3 code of the countries table")
    subregions = {r[0] for r in con.execute("SELECT subregion FROM subregions").fetchall()}
    if unknown := sorted(set(args.subregion) - subregions):
        raise UsageError(f"--subregion {', '.join(unknown)}: not an M49 sub-region (e.g. 'Eastern Africa')")
    if unknown := sorted({c.upper() for c in args.commission} - set(schema.COMMISSION_IDS)):
        raise UsageError(f"--commission {', '.join(unknown)}: one of {', '.join(schema.COMMISSION_IDS)}")
    if args.rounds is not None:
        rounds = {r[0] for r in con.execute("SELECT round_id FROM review_rounds").fetchall()}
        missing = sorted(set(args.rounds) - rounds)
        if missing:
            raise UsageError(
                f"--rounds: round(s) {', '.join(map(str, missing))} not in review_rounds "
                f"({', '.join(map(str, sorted(rounds)))})"
            )


def _connect(args: argparse.Namespace) -> tuple[duckdb.DuckDBPyConnection, dict]:
    db = Path(args.db) if args.db else versions.database_path(args.dataset)
    if not db.exists():
        raise UsageError(
            f"{db}: no such database; build it first with python -m etl.build "
            f"--dataset {args.dataset or paths.dataset_name()}"
        )
    con = duckdb.connect(str(db), read_only=True)
    info = (con.execute("SELECT dataset, is_synthetic FROM build_info").fetchall() or [None])[0]
    if info is None:
        raise UsageError(f"{db}: the build_info table is empty; rebuild the database")
    if args.dataset and args.dataset != info[0]:
        raise UsageError(f"{db} holds dataset '{info[0]}', not '{args.dataset}'")
    return con, {"dataset": info[0], "is_synthetic": bool(info[1])}


def _write_bounded(con: duckdb.DuckDBPyConnection, out: Path, filters: dict) -> int:
    # Pages keep each query small, so DuckDB's cache is what would grow: cap it. Should an odd database need
    # more for one page, start again with room rather than fail.
    for limit in MEMORY_LIMITS:
        con.execute(f"SET memory_limit = '{limit}'")  # a constant of this module, not user input
        try:
            with open(out, "wb") as handle:
                return write_extract(con, handle, **filters)
        except duckdb.OutOfMemoryException:
            if limit == MEMORY_LIMITS[-1]:
                raise
            print(f"DuckDB needed more than {limit}; starting again with more memory", file=sys.stderr)
    raise AssertionError("unreachable")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl.export", description=__doc__)
    parser.add_argument("--dataset", help="dataset name; selects data/build/<dataset>.duckdb (default: demo)")
    parser.add_argument("--db", help="database file (default: data/build/<dataset>.duckdb or $GCM_DB_PATH)")
    parser.add_argument("--stream", choices=schema.STREAMS, help="one activity stream (default: all)")
    parser.add_argument(
        "--objective",
        type=int,
        nargs="+",
        action="extend",
        default=[],
        metavar="N",
        help="GCM objective(s) 1-23; repeatable",
    )
    parser.add_argument(
        "--country", nargs="+", action="extend", default=[], metavar="ISO3", help="country ISO3 code(s); repeatable"
    )
    parser.add_argument(
        "--subregion", nargs="+", action="extend", default=[], metavar="NAME", help="M49 sub-region(s); repeatable"
    )
    parser.add_argument(
        "--commission", nargs="+", action="extend", default=[], metavar="ID", help="regional commission(s)"
    )
    parser.add_argument("--rounds", type=str, help="review round or range, e.g. 2 or 1:2")
    parser.add_argument("--out", help="CSV file to write (default: the dashboard's file name, in this folder)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # argparse itself exits 2 on an unknown stream or a non-integer
    try:
        args.rounds = parse_rounds(args.rounds) if args.rounds is not None else None
        con, info = _connect(args)
        with con:
            _check_filters(con, args)
            geos = [c.upper() for c in args.country] + args.subregion + [c.upper() for c in args.commission]
            filters = {
                "stream": args.stream,
                "objectives": args.objective,
                "countries": geo_filter(con, geos),
                "rounds": args.rounds,
            }
            parts = extract_name_parts(args.stream, args.objective, geos, args.rounds)
            out = Path(args.out) if args.out else Path.cwd() / file_name(info["dataset"], info["is_synthetic"], parts)
            rows = _write_bounded(con, out, filters)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {rows:,} rows to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

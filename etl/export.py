"""Write activity extracts as CSV with the dashboard's download rules; CLI: python -m etl.export."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import math
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import duckdb
import pandas as pd

from etl import paths, schema

# OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a formula, so a pledge
# titled =HYPERLINK(...) would become a live link. A leading apostrophe makes it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK_VECTORS = 50  # DuckDB vectors per fetched chunk: 50 x 2,048 = 102,400 rows
PAGE_ACTIVITIES = 20_000  # activities per page of a streamed extract (about 60,000 rows on the demo data)
MAX_SLUG = 40
MAX_STEM = 120
# Fixed zip entry timestamp (the zip format's earliest date), so the same rows give the same zip bytes.
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)

EXTRACT_COLUMNS = ("stream", "record_id", "title", "activity_date", "round_id", "objective_id", "objective_title",
                   "iso3", "country_name", "unit_count", "is_global", "source_url")

# An activity with no objective (or no country) keeps one row with that column empty, so an unfiltered extract
# lists every activity. An objective or country filter keeps only the rows of the chosen ones.
EXTRACT_SQL = """
SELECT a.stream, a.record_id, a.title, a.activity_date, a.round_id, ao.objective_id,
       o.short_title AS objective_title, ac.iso3, c.name AS country_name, a.unit_count, a.is_global, a.source_url
FROM activities a
LEFT JOIN activity_objectives ao ON ao.activity_id = a.activity_id
LEFT JOIN objectives o ON o.objective_id = ao.objective_id
LEFT JOIN activity_countries ac ON ac.activity_id = a.activity_id
LEFT JOIN countries c ON c.iso3 = ac.iso3
WHERE ($stream IS NULL OR a.stream = $stream)
  AND (len(CAST($objectives AS INTEGER[])) = 0 OR list_contains(CAST($objectives AS INTEGER[]), ao.objective_id))
  AND (len(CAST($countries AS VARCHAR[])) = 0 OR list_contains(CAST($countries AS VARCHAR[]), ac.iso3))
  AND (len(CAST($rounds AS INTEGER[])) = 0 OR list_contains(CAST($rounds AS INTEGER[]), a.round_id))
  AND ($after IS NULL OR a.record_id > $after) AND ($upto IS NULL OR a.record_id <= $upto)
ORDER BY a.stream, a.record_id, ao.objective_id NULLS LAST, ac.iso3 NULLS LAST
"""


# The last record id of the next page of a stream's activities. Pages keep DuckDB from sorting a whole
# multi-million-row extract at once: a 740,000-row extract in one query held about 470 MB inside DuckDB.
PAGE_END_SQL = """
SELECT max(record_id) FROM (
    SELECT record_id FROM activities
    WHERE stream = $stream AND ($after IS NULL OR record_id > $after)
    ORDER BY record_id LIMIT $page_size
)
"""


# ---------------------------------------------------------------- CSV rules


def _neutralise(col: pd.Series) -> pd.Series:
    mask = col.str.startswith(FORMULA_PREFIXES).fillna(False).astype(bool)
    return col.where(~mask, "'" + col) if mask.any() else col


def _cell(value):
    """One cell of an object column, as the typed columns are written."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | pd.Timestamp):
        return _iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _iso(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d") if value.time() == dt.time(0) and value.tzinfo is None else value.isoformat()


def _dates(col: pd.Series) -> pd.Series:
    # Decided per value, not per column, so a chunk is written exactly as it is inside the whole frame.
    text = col.dt.strftime("%Y-%m-%d")
    timed = col.notna() & ((col != col.dt.normalize()) | (col.dt.tz is not None))
    if timed.any():
        text = text.where(~timed, col[timed].map(lambda v: v.isoformat()))
    return text


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with booleans as true/false, dates as ISO text and formula-like text neutralised."""
    out = frame.copy(deep=False)
    for i in range(frame.shape[1]):
        col = frame.iloc[:, i]
        if pd.api.types.is_bool_dtype(col.dtype):
            out.isetitem(i, col.astype("string").str.lower())
        elif pd.api.types.is_datetime64_any_dtype(col.dtype):
            out.isetitem(i, _dates(col))
        elif pd.api.types.is_string_dtype(col.dtype) and not pd.api.types.is_object_dtype(col.dtype):
            out.isetitem(i, _neutralise(col))
        elif pd.api.types.is_object_dtype(col.dtype) or isinstance(col.dtype, pd.CategoricalDtype):
            out.isetitem(i, col.astype(object).map(_cell))
    out.columns = [_cell(str(c)) for c in frame.columns]
    return out


def _csv_text(frame: pd.DataFrame, header: bool) -> str:
    # Floats are written with Python's repr (shortest text that reads back to the same number): stable
    # across runs and platforms. NULL becomes an empty cell.
    # Python's csv module quotes a field only for the characters of its line terminator, so with "\n" a bare
    # carriage return would go out unquoted and split the row in many readers. Write "\r\n", which quotes
    # fields holding either, then turn the record ends (the "\r\n" outside quotes) into "\n".
    text = _csv_ready(frame).to_csv(index=False, header=header, lineterminator="\r\n", na_rep="",
                                    quoting=csv.QUOTE_MINIMAL)
    if text.count("\r") == len(frame) + header:
        return text.replace("\r\n", "\n")
    parts = text.split('"')
    parts[::2] = [p.replace("\r\n", "\n") for p in parts[::2]]
    return '"'.join(parts)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV: UTF-8 without BOM, a header row, no index, `\\n` line ends, formulas neutralised."""
    return _csv_text(frame, header=True).encode("utf-8")


def write_csv(out: BinaryIO, columns: Sequence[str], chunks: Iterable[pd.DataFrame]) -> tuple[int, str]:
    """Write a header and then each chunk; the bytes equal `csv_bytes` of all chunks concatenated.

    Returns:
        The number of data rows and the sha256 of the bytes written.
    """
    digest = hashlib.sha256()
    header = _csv_text(pd.DataFrame(columns=list(columns)), header=True).encode("utf-8")
    out.write(header)
    digest.update(header)
    rows = 0
    for chunk in chunks:
        data = _csv_text(chunk, header=False).encode("utf-8")
        out.write(data)
        digest.update(data)
        rows += len(chunk)
    return rows, digest.hexdigest()


def query_chunks(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> Iterator[pd.DataFrame]:
    """Run a query and yield its rows as DataFrames of about 100,000 rows, so no caller holds them all."""
    result = con.execute(sql, params) if params is not None else con.execute(sql)
    while True:
        chunk = result.fetch_df_chunk(CHUNK_VECTORS)
        if chunk.empty:
            return
        yield chunk


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A zip entry header with a fixed date and mode, so zips built twice are byte-identical."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


# ---------------------------------------------------------------- file names


def slug(text: str, limit: int = MAX_SLUG) -> str:
    """Characters outside [A-Za-z0-9.-] become `-`; at most `limit` characters."""
    cleaned = re.sub(r"[^A-Za-z0-9.-]+", "-", str(text)).strip("-.")
    return cleaned[:limit].rstrip("-.")


def file_name(dataset: str, is_synthetic: bool, name_parts: list[str], ext: str = "csv") -> str:
    """`gcm-<dataset>[-SYNTHETIC]_<part>_<part>.<ext>`: synthetic data always says so, real data never does."""
    parts = [slug(p) for p in name_parts]
    head = slug(dataset) or "dataset"
    if not is_synthetic:
        # A real dataset's file must not read as synthetic, whatever its name or filters are called.
        head = re.sub("synthetic", "", head, flags=re.IGNORECASE).strip("-.") or "dataset"
        parts = [re.sub("synthetic", "", p, flags=re.IGNORECASE).strip("-.") for p in parts]
    prefix = f"gcm-{head}" + ("-SYNTHETIC" if is_synthetic else "")
    rest = "_".join(p for p in parts if p)
    if len(prefix) + 1 + len(rest) > MAX_STEM:
        # Cut the filter part and keep a short hash of it, so two long selections still get different names.
        tag = hashlib.sha256(rest.encode()).hexdigest()[:8]
        rest = rest[: MAX_STEM - len(prefix) - 11].rstrip("-._") + "-" + tag
    stem = f"{prefix}_{rest}" if rest else prefix
    return f"{stem}.{slug(ext, 10).lower() or 'csv'}"


def extract_name_parts(stream: str | None = None, objectives: Sequence[int] = (), countries: Sequence[str] = (),
                       rounds: Sequence[int] | None = None) -> list[str]:
    """File-name parts of an extract, e.g. `["pledges", "obj5", "KEN", "r1-2"]`; list items joined by `-`."""
    parts = [stream or "all-streams"]
    if objectives:
        parts.append("obj" + "-".join(str(o) for o in sorted(set(objectives))))
    if countries:
        parts.append("-".join(sorted({c.upper() for c in countries})))
    if rounds:
        parts.append("r" + "-".join(str(r) for r in sorted(set(rounds))))
    return parts


# ---------------------------------------------------------------- the extract


def _extract_params(stream, objectives, countries, rounds) -> dict:
    if stream is not None and stream not in schema.STREAMS:
        raise ValueError(f"unknown stream {stream!r}; one of {', '.join(schema.STREAMS)}")
    return {"stream": stream, "objectives": sorted({int(o) for o in objectives}),
            "countries": sorted({str(c).upper() for c in countries}), "rounds": sorted({int(r) for r in rounds or ()})}


def extract_rows(con: duckdb.DuckDBPyConnection, *, stream: str | None = None, objectives: Sequence[int] = (),
                 countries: Sequence[str] = (), rounds: Sequence[int] | None = None) -> pd.DataFrame:
    """One row per activity x objective x country, filtered; the rows of the Extracts page and the CLI.

    Args:
        con: connection to a built database.
        stream: one of etl.schema.STREAMS, or None for every stream.
        objectives: keep activities tagged with any of these, and only the rows of these objectives.
        countries: keep activities in any of these ISO3 codes, and only the rows of these countries.
        rounds: round ids to keep (the CLI's `1:2` is `[1, 2]`); None or empty keeps every round, and undated.

    Returns:
        EXTRACT_COLUMNS, ordered by stream, record_id, objective_id, iso3. An activity without objectives or
        countries has one row with those columns empty (global and region-level records have no country).

    Raises:
        ValueError: for an unknown stream.
    """
    params = _extract_params(stream, objectives, countries, rounds)
    return con.cursor().execute(EXTRACT_SQL, params | {"after": None, "upto": None}).df()


def extract_pages(con: duckdb.DuckDBPyConnection, *, stream: str | None = None, objectives: Sequence[int] = (),
                  countries: Sequence[str] = (), rounds: Sequence[int] | None = None,
                  page_size: int = PAGE_ACTIVITIES) -> Iterator[pd.DataFrame]:
    """The rows of `extract_rows(...)`, in the same order, as frames of at most `page_size` activities each."""
    params = _extract_params(stream, objectives, countries, rounds)
    cur = con.cursor()
    for name in [params["stream"]] if params["stream"] else sorted(schema.STREAMS):
        after = None
        while True:
            upto = cur.execute(PAGE_END_SQL, {"stream": name, "after": after, "page_size": page_size}).fetchone()[0]
            if upto is None:
                break
            page = cur.execute(EXTRACT_SQL, params | {"stream": name, "after": after, "upto": upto}).df()
            if len(page):
                yield page
            after = upto


def write_extract(con: duckdb.DuckDBPyConnection, out: BinaryIO, *, stream: str | None = None,
                  objectives: Sequence[int] = (), countries: Sequence[str] = (),
                  rounds: Sequence[int] | None = None) -> int:
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


def _check_filters(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> None:
    bad = [o for o in args.objective if not 1 <= o <= 23]
    if bad:
        raise UsageError(f"--objective {', '.join(map(str, bad))}: GCM objectives are numbered 1 to 23")
    known = {r[0] for r in con.execute("SELECT iso3 FROM countries").fetchall()}
    unknown = sorted({c.upper() for c in args.country} - known)
    if unknown:
        raise UsageError(f"--country {', '.join(unknown)}: not an ISO 3166-1 alpha-3 code of the countries table")
    if args.rounds is not None:
        rounds = {r[0] for r in con.execute("SELECT round_id FROM review_rounds").fetchall()}
        missing = sorted(set(args.rounds) - rounds)
        if missing:
            raise UsageError(f"--rounds: round(s) {', '.join(map(str, missing))} not in review_rounds "
                             f"({', '.join(map(str, sorted(rounds)))})")


def _connect(args: argparse.Namespace) -> tuple[duckdb.DuckDBPyConnection, dict]:
    db = Path(args.db) if args.db else paths.db_path(args.dataset)
    if not db.exists():
        raise UsageError(f"{db}: no such database; build it first with python -m etl.build "
                         f"--dataset {args.dataset or paths.dataset_name()}")
    con = duckdb.connect(str(db), read_only=True)
    info = con.execute("SELECT dataset, is_synthetic FROM build_info").fetchone()
    if info is None:
        raise UsageError(f"{db}: the build_info table is empty; rebuild the database")
    if args.dataset and args.dataset != info[0]:
        raise UsageError(f"{db} holds dataset '{info[0]}', not '{args.dataset}'")
    return con, {"dataset": info[0], "is_synthetic": bool(info[1])}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl.export", description=__doc__)
    parser.add_argument("--dataset", help="dataset name; selects data/build/<dataset>.duckdb (default: demo)")
    parser.add_argument("--db", help="database file (default: data/build/<dataset>.duckdb or $GCM_DB_PATH)")
    parser.add_argument("--stream", choices=schema.STREAMS, help="one activity stream (default: all)")
    parser.add_argument("--objective", type=int, nargs="+", action="extend", default=[], metavar="N",
                        help="GCM objective(s) 1-23; repeatable")
    parser.add_argument("--country", nargs="+", action="extend", default=[], metavar="ISO3",
                        help="country ISO3 code(s); repeatable")
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
            filters = {"stream": args.stream, "objectives": args.objective, "countries": args.country,
                       "rounds": args.rounds}
            out = Path(args.out) if args.out else Path.cwd() / file_name(
                info["dataset"], info["is_synthetic"], extract_name_parts(**filters))
            with open(out, "wb") as handle:
                rows = write_extract(con, handle, **filters)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {rows:,} rows to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

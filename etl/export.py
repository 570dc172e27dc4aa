"""Write activity extracts as CSV with the dashboard's download rules; CLI: python -m etl.export."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import math
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import paths, schema

# OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a formula, so a pledge
# titled =HYPERLINK(...) would become a live link. A leading apostrophe makes it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_SLICE_ROWS = 100_000
PAGE_ACTIVITIES = 20_000  # activities per page of a streamed extract (about 60,000 rows on the demo data)
MAX_SLUG = 40
MAX_STEM = 120
MEMORY_LIMITS = ("128MB", "1GB")  # DuckDB memory for the CLI: the first try, then a retry
# Fixed zip entry timestamp (the zip format's earliest date), so the same rows give the same zip bytes.
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)

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
)

# An activity with no objective (or no country) keeps one row with that column empty, so an unfiltered extract
# lists every activity. An objective or country filter keeps only the rows of the chosen ones.
# The query reads one page of activities (an activity_id range), so DuckDB joins and sorts thousands of rows at a
# time: the 740,000-row extract of the scale-1000 demo held 0.5-1.3 GB inside DuckDB as one query.
EXTRACT_SQL = """
SELECT a.stream, a.record_id, a.title, a.activity_date, a.round_id, ao.objective_id,
       o.short_title AS objective_title, ac.iso3, c.name AS country_name, a.unit_count, a.is_global, a.source_url
FROM activities a
LEFT JOIN activity_objectives ao
       ON ao.activity_id = a.activity_id AND ao.activity_id > $after AND ao.activity_id <= $upto
LEFT JOIN objectives o ON o.objective_id = ao.objective_id
LEFT JOIN activity_countries ac
       ON ac.activity_id = a.activity_id AND ac.activity_id > $after AND ac.activity_id <= $upto
LEFT JOIN countries c ON c.iso3 = ac.iso3
WHERE a.activity_id > $after AND a.activity_id <= $upto
  AND ($stream IS NULL OR a.stream = $stream)
  AND (len(CAST($objectives AS INTEGER[])) = 0 OR list_contains(CAST($objectives AS INTEGER[]), ao.objective_id))
  AND (len(CAST($countries AS VARCHAR[])) = 0 OR list_contains(CAST($countries AS VARCHAR[]), ac.iso3))
  AND (len(CAST($rounds AS INTEGER[])) = 0 OR list_contains(CAST($rounds AS INTEGER[]), a.round_id))
ORDER BY a.stream, a.record_id, ao.objective_id NULLS LAST, ac.iso3 NULLS LAST
"""

# The end of the next page: the last of the next `page_size` matching activity ids, and how many there were.
# Counting only matching activities keeps a narrow filter to one or two pages.
PAGE_END_SQL = """
SELECT max(activity_id), count(*) FROM (
    SELECT a.activity_id FROM activities a
    WHERE a.activity_id > $after
      AND ($stream IS NULL OR a.stream = $stream)
      AND (len(CAST($rounds AS INTEGER[])) = 0 OR list_contains(CAST($rounds AS INTEGER[]), a.round_id))
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


# ---------------------------------------------------------------- CSV rules


def _s(text: str) -> pa.Scalar:
    return pa.scalar(text, pa.large_string())


def _cell(value) -> str | None:
    """One cell of a column of Python objects, written as a typed column would be (text neutralised)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value == _midnight(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


def _midnight(value: dt.datetime) -> dt.datetime | None:
    return value.replace(hour=0, minute=0, second=0, microsecond=0) if value.tzinfo is None else None


def _timestamps(arr: pa.Array) -> pa.Array:
    # A date at midnight is written as a date, anything else as Python's isoformat. Decided per value, not per
    # column, so a chunk is written exactly as it is inside the whole frame.
    if arr.type.tz is not None:
        return pa.array([_cell(v) for v in arr.to_pylist()], type=pa.large_string())
    text = pc.cast(pc.strftime(arr, format="%Y-%m-%d"), pa.large_string())
    midnight = pc.fill_null(pc.equal(arr, pc.floor_temporal(arr, unit="day")), True)
    if pc.all(midnight).as_py():
        return text
    cells = text.to_numpy(zero_copy_only=False).astype(object)
    for i in np.flatnonzero(~midnight.to_numpy(zero_copy_only=False)):
        cells[i] = _cell(arr[i].as_py())
    return pa.array(cells, type=pa.large_string())


def _floats(arr: pa.Array) -> pa.Array:
    # numpy writes a float as Python's repr does: the shortest text that reads back to the same number, the
    # same on every platform. NaN and NULL become empty cells.
    values = arr.to_numpy(zero_copy_only=False)
    text = values.astype(str).astype(object)
    text[np.isnan(values)] = None
    return pa.array(text, type=pa.large_string())


def _neutralised(text: pa.Array) -> pa.Array:
    first = pc.utf8_slice_codeunits(text, 0, 1)
    formula = pc.fill_null(pc.is_in(first, value_set=pa.array(FORMULA_PREFIXES, pa.large_string())), False)
    if not pc.any(formula).as_py():
        return text
    return pc.if_else(formula, pc.binary_join_element_wise(_s("'"), text, _s("")), text)


def _text(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Cell text of an Arrow column (NULL kept): true/false, ISO dates, repr floats, neutralised strings."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()  # a concatenated DataFrame's text columns arrive in several chunks
    kind = arr.type
    if pa.types.is_boolean(kind) or pa.types.is_integer(kind) or pa.types.is_date(kind) or pa.types.is_null(kind):
        return pc.cast(arr, pa.large_string())
    if pa.types.is_floating(kind):
        return _floats(arr)
    if pa.types.is_timestamp(kind):
        return _timestamps(arr)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return _neutralised(pc.cast(arr, pa.large_string()))
    if pa.types.is_decimal(kind):
        return pc.cast(arr, pa.large_string())
    return _objects(arr.to_pylist())


def _objects(values) -> pa.Array:
    return pa.array([_cell(v) for v in values], type=pa.large_string())


def _series_text(col: pd.Series) -> pa.Array:
    # Python objects are written one by one: letting Arrow infer a type from each chunk's values could write
    # the same value differently in two chunks (1 as "1" in one, "1.0" beside a float in another).
    if pd.api.types.is_object_dtype(col.dtype) or isinstance(col.dtype, pd.CategoricalDtype):
        return _objects(col.astype(object))
    try:
        arr = pa.array(col, from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):
        return _objects(col.astype(object))
    return _text(arr)


def _quoted(text: pa.Array, alone: bool) -> pa.Array:
    # Quote as Python's csv module does (QUOTE_MINIMAL), and also for a carriage return: the csv module
    # leaves a bare CR unquoted when lines end in "\n", and many readers then split the row. A lone empty
    # cell is written "" so that a one-column row is not a blank line.
    text = pc.fill_null(text, _s(""))
    if not alone:
        chars = _chars(text)
        if not any(c in chars for c in (b'"', b",", b"\n", b"\r")):
            return text  # the common case, settled by a scan of the column's characters
    need = pc.or_(
        pc.or_(pc.match_substring(text, '"'), pc.match_substring(text, ",")),
        pc.or_(pc.match_substring(text, "\n"), pc.match_substring(text, "\r")),
    )
    if alone:
        need = pc.or_(need, pc.equal(pc.binary_length(text), 0))
    if not pc.any(need).as_py():
        return text
    escaped = pc.binary_join_element_wise(_s('"'), pc.replace_substring(text, '"', '""'), _s('"'), _s(""))
    return pc.if_else(need, escaped, text)


def _lines(columns: list[pa.Array]) -> bytes:
    """Cells joined by commas, each row ended by a newline, as UTF-8 bytes."""
    if not columns or len(columns[0]) == 0:
        return b"" if columns else b"\n"
    rows = pc.binary_join_element_wise(*[_quoted(c, len(columns) == 1) for c in columns], _s(","))
    return _chars(pc.binary_join_element_wise(rows, _s(""), _s("\n")))


def _chars(text: pa.Array) -> bytes:
    """All the characters of a large_string array, back to back, as they sit in its data buffer."""
    if len(text) == 0:
        return b""
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[text.offset : text.offset + len(text) + 1]
    return memoryview(text.buffers()[2])[offsets[0] : offsets[-1]].tobytes()


def _header(columns: Sequence) -> bytes:
    names = _neutralised(pa.array([str(c) for c in columns], type=pa.large_string()))
    return _lines([names.slice(i, 1) for i in range(len(names))])


def _body(rows: pd.DataFrame | pa.Table | pa.RecordBatch) -> bytes:
    if isinstance(rows, pd.DataFrame):
        return _lines([_series_text(rows.iloc[:, i]) for i in range(rows.shape[1])])
    return _lines([_text(c) for c in rows.columns])


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV: UTF-8 without BOM, a header row, no index, `\\n` line ends, formulas neutralised."""
    # Slices bound the working memory of a large frame to a few times the text of one slice.
    parts = [_header(frame.columns)]
    parts += [_body(frame.iloc[i : i + CSV_SLICE_ROWS]) for i in range(0, len(frame), CSV_SLICE_ROWS)]
    return b"".join(parts)


def write_csv(
    out: BinaryIO, columns: Sequence[str], chunks: Iterable[pd.DataFrame | pa.Table | pa.RecordBatch]
) -> tuple[int, str]:
    """Write a header and then each chunk; the bytes equal `csv_bytes` of all chunks concatenated.

    Chunks may be DataFrames or Arrow tables straight from DuckDB (DATE as date32, not pandas datetime64): both
    give the same text.

    Returns:
        The number of data rows and the sha256 of the bytes written.
    """
    digest = hashlib.sha256()
    header = _header(columns)
    out.write(header)
    digest.update(header)
    rows = 0
    for chunk in chunks:
        for i in range(0, len(chunk), CSV_SLICE_ROWS):
            data = _body(
                chunk.iloc[i : i + CSV_SLICE_ROWS]
                if isinstance(chunk, pd.DataFrame)
                else chunk.slice(i, CSV_SLICE_ROWS)
            )
            out.write(data)
            digest.update(data)
        rows += len(chunk)
    return rows, digest.hexdigest()


def query_batches(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> Iterator[pa.RecordBatch]:
    """Run a query and yield its rows as Arrow record batches of about 100,000 rows."""
    yield from con.sql(sql, params=params).to_arrow_reader(CSV_SLICE_ROWS)


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


def extract_name_parts(
    stream: str | None = None,
    objectives: Sequence[int] = (),
    countries: Sequence[str] = (),
    rounds: Sequence[int] | None = None,
) -> list[str]:
    """File-name parts of an extract, as the Extracts page names its activities view.

    E.g. `["activities", "pledges", "obj5", "KEN", "r1-2"]`: the view, the stream (`all`), up to six objectives,
    one part per country and the first and last round.
    """
    parts = ["activities", stream or schema.COMPOSITE_STREAM]
    if objectives:
        parts.append("obj" + "-".join(str(o) for o in sorted(set(objectives))[:6]))
    parts += sorted({c.upper() for c in countries})  # sorted: the same file name whatever order they were chosen in
    if rounds:
        parts.append(f"r{min(rounds)}-{max(rounds)}")
    return parts


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


def _extract_params(stream, objectives, countries, rounds) -> dict:
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
) -> pd.DataFrame:
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

    The rows are read in pages of PAGE_ACTIVITIES activities, which bounds DuckDB's memory; the frame itself
    still holds every row (about 220 bytes a row), so a page should cap what it shows.
    """
    params = _extract_params(stream, objectives, countries, rounds)
    frames = list(_pages(con, params, PAGE_ACTIVITIES, lambda rel: rel.df()))
    if not frames:
        return con.cursor().sql(EXTRACT_SQL, params=params | {"after": "", "upto": ""}).df()
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


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
    params = _extract_params(stream, objectives, countries, rounds)
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
    db = Path(args.db) if args.db else paths.db_path(args.dataset)
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

"""The CSV every download writes: UTF-8, a header row, no index, neutralised formulas, stable dates and numbers."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_SLICE_ROWS = 100_000
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)


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

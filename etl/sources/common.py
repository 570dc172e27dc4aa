"""Helpers the source modules share: reading an import file and turning parsed columns into tables."""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from etl import error_codes as E
from etl.cell_values import GLOBAL
from etl.parsed_columns import Parsed
from etl.schema import IMPORT_FILES_BY_NAME, ImportFile, table
from etl.validate import Problem, RawFile, read_csv_file
from etl.workbooks import read_xlsx_file


def import_spec(file_name: str) -> ImportFile:
    """The declared format of an import file."""
    return IMPORT_FILES_BY_NAME[file_name]


# The forms an import file may take: CSV (comma, semicolon or tab separated), a .tsv file, an Excel workbook.
VARIANTS = (".csv", ".tsv", ".xlsx")


def import_variants(raw_dir: Path, file_name: str) -> list[Path]:
    """The files of a folder that hold one import file (pledges.csv, pledges.tsv or pledges.xlsx)."""
    stem = Path(file_name).stem
    candidates = [raw_dir / f"{stem}{suffix}" for suffix in VARIANTS]
    return [p for p in candidates if p.exists() or p.is_symlink()]


def read_import(raw_dir: Path, file_name: str) -> RawFile | None:
    """Read one import file of a dataset folder as strings, whichever form it takes; None when the dataset has
    none. Two forms of one file (pledges.csv and pledges.xlsx) are an error: which one holds the truth?"""
    found = import_variants(raw_dir, file_name)
    if not found:
        return None
    if len(found) > 1:
        names = " and ".join(p.name for p in found)
        message = f"{names} both hold {file_name}: keep one of them"
        return RawFile(found[0].name, pd.DataFrame(), [Problem(found[0].name, None, None, message, E.TWO_FORMS)])
    path = found[0]
    return read_xlsx_file(path) if path.suffix == ".xlsx" else read_csv_file(path)


def bridge(table_name: str, keys, parsed: Parsed, column: str) -> pd.DataFrame:
    """One row per (record, list item) of a list column, with the bridge table's column names; `Global` dropped."""
    return bridge_rows(table_name, keys, parsed, column)[0]


def bridge_rows(table_name: str, keys, parsed: Parsed, column: str) -> tuple[pd.DataFrame, np.ndarray]:
    """`bridge(...)` and the file row of each of its rows."""
    rows, positions, flat = parsed.pairs(column)
    local = (flat != GLOBAL)[positions]
    rows, positions = rows[local], positions[local]
    items = flat[positions]
    if len(positions):
        # Text items are taken in Arrow from the distinct cells' items: converting a million Python strings one by
        # one costs more. Numbers (objectives, principles) stay as they are.
        with contextlib.suppress(pa.ArrowTypeError, pa.ArrowInvalid):
            items = pd.array(pa.array(flat, type=pa.string()).take(positions), dtype="str")
    key_column, value_column = table(table_name).column_names[:2]
    # No duplicates to drop: the cell parsers keep each item of a cell once.
    return pd.DataFrame({key_column: keys[rows], value_column: items}), rows


def is_global(parsed: Parsed, column: str) -> np.ndarray:
    """True for rows whose list column holds `Global`."""
    return parsed.derive(column, lambda values: GLOBAL in values, False).astype(bool)


def date_parts(parsed: Parsed, column: str) -> tuple[np.ndarray, np.ndarray]:
    """A parsed date column as (first day of the stated period, precision)."""
    return parsed.derive(column, lambda d: d.value), parsed.derive(column, lambda d: d.precision)


def record_sources(stream: str, keys, parsed: Parsed) -> pd.DataFrame:
    """Every web address cited by each record, for the `record_sources` table."""
    rows, urls = parsed.url_pairs()
    record_ids = pd.Series(keys[rows]).astype(str).array  # kept in Arrow: no million Python strings
    return pd.DataFrame({"stream": stream, "record_id": record_ids, "source_url": pd.arrays.ArrowExtensionArray(urls)})


def numbered(frame: pd.DataFrame, sort_key: list[str], id_column: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Number records 1..n after sorting by their natural key, so ids do not depend on the order of the file.

    `frame` has a `row` column (the file order); the second result gives each file row its id, for the bridges.
    """
    frame = frame.sort_values(sort_key, na_position="first", kind="stable").reset_index(drop=True)
    frame[id_column] = np.arange(1, len(frame) + 1)
    ids = np.empty(len(frame), dtype=np.int64)
    ids[frame["row"].to_numpy()] = frame[id_column].to_numpy()
    return frame, ids


def finish(table_name: str, columns: dict) -> pd.DataFrame:
    """A frame with exactly the table's columns, in schema order."""
    return pd.DataFrame({name: columns[name] for name in table(table_name).column_names})

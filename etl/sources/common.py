"""Helpers the source modules share: reading an import file and turning list cells into bridge tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.schema import IMPORT_FILES_BY_NAME, ImportFile, table
from etl.validate import RawFile, read_csv_file


def import_spec(file_name: str) -> ImportFile:
    """The declared format of an import file."""
    return IMPORT_FILES_BY_NAME[file_name]


def read_import(raw_dir: Path, file_name: str) -> RawFile | None:
    """Read one import file of a dataset folder as strings; None when the dataset has no such file."""
    return read_csv_file(raw_dir / file_name, file_name)


def bridge(frame: pd.DataFrame, key: str, list_column: str, value_column: str, table_name: str) -> pd.DataFrame:
    """One row per (record, list item), in the column order of the bridge table."""
    pairs = frame[[key, list_column]].explode(list_column).dropna(subset=[list_column])
    pairs = pairs.rename(columns={list_column: value_column}).drop_duplicates()
    return pairs[table(table_name).column_names].reset_index(drop=True)


def without_global(values: list | None) -> list:
    """A country list without the `Global` tag (which sets `is_global` instead)."""
    return [v for v in values or [] if v != "Global"]


def is_global(values: list | None) -> bool:
    return "Global" in (values or [])


def first_url(urls: list | None) -> str | None:
    return urls[0] if urls else None


def date_parts(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Split parsed PartialDate cells into a date column and a precision column."""
    dates = column.map(lambda d: d.value if d is not None else None)
    precision = column.map(lambda d: d.precision if d is not None else None)
    return dates, precision


def record_sources(stream: str, frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Every URL cited by each record, for the `record_sources` table."""
    rows = frame[[key, "source_url"]].explode("source_url").dropna(subset=["source_url"])
    rows = rows.rename(columns={key: "record_id"}).assign(stream=stream, record_id=lambda f: f["record_id"].astype(str))
    return rows[table("record_sources").column_names].drop_duplicates().reset_index(drop=True)


def finish(table_name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with exactly the table's columns, in schema order."""
    return frame[table(table_name).column_names].reset_index(drop=True)

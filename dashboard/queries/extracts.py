"""Extract queries: the Extracts page's rows, records and CSV, through etl.export (the same bytes as its CLI)."""

from __future__ import annotations

import io

import pandas as pd

from etl import export, export_records, schema


def _extract_args(con, stream, objectives, geos, rounds) -> dict:
    """The Extracts page's filters as etl.export takes them: `rounds` is the (from, to) pair of the filters; a
    sub-region or commission stands for its countries."""
    return dict(
        stream=None if stream == schema.COMPOSITE_STREAM else stream,
        objectives=objectives,
        countries=export.geo_filter(con, geos),
        rounds=list(range(rounds[0], rounds[1] + 1)) if rounds else None,
    )


def extract(con, *, stream: str = "all", objectives=(), geos=(), rounds=(), limit: int | None = None) -> pd.DataFrame:
    """The Extracts page's rows (the first `limit`; None: all): `etl.export.extract_rows`, so the page and
    `python -m etl.export` give the same CSV."""
    return export.extract_rows(con, **_extract_args(con, stream, objectives, geos, rounds), limit=limit)


def extract_count(con, *, stream: str = "all", objectives=(), geos=(), rounds=()) -> pd.DataFrame:
    """How many rows extract would return (column `rows`)."""
    return pd.DataFrame(
        {"rows": [export.extract_row_count(con, **_extract_args(con, stream, objectives, geos, rounds))]}
    )


def extract_records(con, *, stream: str = "all", objectives=(), geos=(), rounds=()) -> pd.DataFrame:
    """The extract's records, one row each with their objectives and countries listed (etl.export_records)."""
    return export_records.record_rows(con, **_extract_args(con, stream, objectives, geos, rounds))


def extract_record_count(con, *, stream: str = "all", objectives=(), geos=(), rounds=()) -> pd.DataFrame:
    """How many records the extract's rows hold (column `records`)."""
    count = export_records.record_count(con, **_extract_args(con, stream, objectives, geos, rounds))
    return pd.DataFrame({"records": [count]})


def extract_csv(con, *, stream: str = "all", objectives=(), geos=(), rounds=()) -> bytes:
    """csv_bytes(extract(...)), written page by page as `python -m etl.export` writes it (bounded memory)."""
    out = io.BytesIO()
    export.write_extract(con, out, **_extract_args(con, stream, objectives, geos, rounds))
    return out.getvalue()

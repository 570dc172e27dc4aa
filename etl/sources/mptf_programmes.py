"""Load the Migration MPTF's joint programmes and produce `mptf_programmes` and its bridges."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.parsed_columns import Parsed
from etl.sources.common import bridge, date_parts, finish, import_spec, is_global, read_import, record_sources
from etl.validate import RawFile

SOURCE_ID = "mptf_programmes"
FILE = "mptf_programmes.csv"
SPEC = import_spec(FILE)
TABLES = ("mptf_programmes", "programme_objectives", "programme_countries", "programme_organizations", "record_sources")


def read(raw_dir: Path) -> RawFile | None:
    # Load inputs.
    return read_import(raw_dir, FILE)


def transform(parsed: Parsed) -> dict[str, pd.DataFrame]:
    """Parsed import rows → mptf_programmes, its bridges and record_sources."""
    # Process data.
    ids = parsed.column("programme_id")
    approved, approved_precision = date_parts(parsed, "approved_on")
    start, start_precision = date_parts(parsed, "start_date")
    end, end_precision = date_parts(parsed, "end_date")
    columns = {
        "programme_id": ids,
        "title": parsed.column("title"),
        "thematic_area_id": parsed.derive_int("thematic_area", int),
        "approved_date": approved,
        "approved_date_precision": approved_precision,
        "start_date": start,
        "start_date_precision": start_precision,
        "end_date": end,
        "end_date_precision": end_precision,
        "budget_usd": pd.array(parsed.derive("budget_usd", float), dtype="Float64"),
        "status": parsed.column("status"),
        "is_global": is_global(parsed, "countries"),
        "source_url": parsed.first_url(),
    }
    # Return tables.
    return {
        "mptf_programmes": finish("mptf_programmes", columns),
        "programme_objectives": bridge("programme_objectives", ids, parsed, "objectives"),
        "programme_countries": bridge("programme_countries", ids, parsed, "countries"),
        "programme_organizations": bridge("programme_organizations", ids, parsed, "participating_organizations"),
        "record_sources": record_sources(SOURCE_ID, ids, parsed),
    }

"""Load the Migration Network Hub repository of practices and produce `practices` and its bridges."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from etl.parsed_columns import Parsed
from etl.sources.common import bridge, bridge_rows, finish, import_spec, is_global, read_import, record_sources
from etl.validate import RawFile

SOURCE_ID = "practices"
FILE = "practices.csv"
SPEC = import_spec(FILE)
TABLES = (
    "practices",
    "practice_objectives",
    "practice_countries",
    "practice_principles",
    "practice_regions",
    "record_sources",
)


def read(raw_dir: Path) -> RawFile | None:
    # Load inputs.
    return read_import(raw_dir, FILE)


def _objectives(ids: np.ndarray, parsed: Parsed) -> pd.DataFrame:
    primary, _ = bridge_rows("practice_objectives", ids, parsed, "primary_objectives")
    secondary, secondary_rows = bridge_rows("practice_objectives", ids, parsed, "secondary_objectives")
    # An objective listed as both primary and secondary stays primary (listed once, with the primary ones). The
    # objectives are numbered 1-23, so a row's primary ones fit in the bits of one integer, found per distinct cell.
    primary_bits = parsed.derive("primary_objectives", lambda values: sum(1 << v for v in values), 0)
    also_primary = (primary_bits.astype(np.int64)[secondary_rows] >> secondary["objective_id"].to_numpy(np.int64)) & 1
    return pd.concat(
        [primary.assign(is_primary=True), secondary[also_primary == 0].assign(is_primary=False)], ignore_index=True
    )


def transform(parsed: Parsed) -> dict[str, pd.DataFrame]:
    """Parsed import rows → practices, its bridges and record_sources."""
    # Process data.
    ids = parsed.column("practice_id")
    columns = {
        "practice_id": ids,
        "title": parsed.column("title"),
        "dates_text": parsed.derive("dates", _dates_text),
        "start_year": parsed.derive_int("dates", lambda r: r.start_year),
        "end_year": parsed.derive_int("dates", lambda r: None if r.is_ongoing else r.end_year),
        "is_ongoing": parsed.derive("dates", lambda r: r.is_ongoing, False).astype(bool),
        "practice_type": parsed.column("practice_type"),
        "main_implementer": parsed.column("main_implementer"),
        "is_global": is_global(parsed, "countries") | is_global(parsed, "regions"),
        "source_url": parsed.first_url(),
    }
    # Return tables.
    return {
        "practices": finish("practices", columns),
        "practice_objectives": _objectives(ids, parsed),
        "practice_countries": bridge("practice_countries", ids, parsed, "countries"),
        "practice_principles": bridge("practice_principles", ids, parsed, "guiding_principles"),
        "practice_regions": bridge("practice_regions", ids, parsed, "regions"),
        "record_sources": record_sources("practices", ids, parsed),
    }


def _dates_text(year_range) -> str:
    """The Hub's own way of printing the dates, from the parsed range."""
    if year_range.is_ongoing:
        return f"{year_range.start_year} - Present"
    if year_range.end_year == year_range.start_year:
        return str(year_range.start_year)
    return f"{year_range.start_year} - {year_range.end_year}"

"""Load the UN Network on Migration's GCM Talks and produce `gcm_talks` and its bridges."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.parsed_columns import Parsed
from etl.sources.common import (
    bridge,
    date_parts,
    finish,
    import_spec,
    is_global,
    read_import,
    record_sources,
)
from etl.validate import RawFile

SOURCE_ID = "gcm_talks"
FILE = "gcm_talks.csv"
SPEC = import_spec(FILE)
TABLES = ("gcm_talks", "talk_objectives", "talk_countries", "talk_commissions", "record_sources")


def read(raw_dir: Path) -> RawFile | None:
    # Load inputs.
    return read_import(raw_dir, FILE)


def transform(parsed: Parsed) -> dict[str, pd.DataFrame]:
    """Parsed import rows → gcm_talks, its bridges and record_sources."""
    # Process data.
    ids = parsed.column("talk_id")
    talk_date, precision = date_parts(parsed, "date")
    columns = {
        "talk_id": ids,
        "talk_date": talk_date,
        "talk_date_precision": precision,
        "title": parsed.column("title"),
        "format": parsed.column("format"),
        "organisers": parsed.column("organisers"),
        "scope": parsed.column("scope"),
        "is_global": is_global(parsed, "countries"),
        "source_url": parsed.first_url(),
    }
    # Return tables.
    return {
        "gcm_talks": finish("gcm_talks", columns),
        "talk_objectives": bridge("talk_objectives", ids, parsed, "objectives"),
        "talk_countries": bridge("talk_countries", ids, parsed, "countries"),
        "talk_commissions": bridge("talk_commissions", ids, parsed, "commissions"),
        "record_sources": record_sources("gcm_talks", ids, parsed),
    }

"""Load totals stated by their publishers and produce `published_totals`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from etl.parsed_columns import Parsed
from etl.sources.common import finish, import_spec, numbered, read_import, record_sources
from etl.validate import RawFile

SOURCE_ID = "published_totals"
FILE = "published_totals.csv"
SPEC = import_spec(FILE)
TABLES = ("published_totals", "record_sources")


def read(raw_dir: Path) -> RawFile | None:
    # Load inputs.
    return read_import(raw_dir, FILE)


def transform(parsed: Parsed) -> dict[str, pd.DataFrame]:
    """Parsed import rows → published_totals (numbered by topic, metric and date) and record_sources."""
    # Process data.
    frame = pd.DataFrame(
        {
            "row": np.arange(len(parsed)),
            "topic": parsed.column("topic"),
            "metric": parsed.column("metric"),
            "value": parsed.column("value"),
            "as_of": parsed.column("as_of"),
            "note": parsed.column("note"),
            "source_url": parsed.first_url(),
        }
    )
    frame, ids = numbered(frame, ["topic", "metric", "as_of", "value"], "total_id")
    # Return tables.
    return {
        "published_totals": finish("published_totals", frame),
        "record_sources": record_sources("published_totals", ids, parsed),
    }

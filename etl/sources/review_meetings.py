"""Load the GCM regional review meetings and produce `review_meetings`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from etl.parsed_columns import Parsed
from etl.sources.common import date_parts, finish, import_spec, numbered, read_import, record_sources
from etl.validate import RawFile

SOURCE_ID = "review_meetings"
FILE = "review_meetings.csv"
SPEC = import_spec(FILE)
TABLES = ("review_meetings", "record_sources")


def read(raw_dir: Path) -> RawFile | None:
    # Load inputs.
    return read_import(raw_dir, FILE)


def transform(parsed: Parsed) -> dict[str, pd.DataFrame]:
    """Parsed import rows → review_meetings (numbered by commission, round and date) and record_sources."""
    # Process data.
    frame = pd.DataFrame(
        {
            "row": np.arange(len(parsed)),
            "commission_id": parsed.column("commission"),
            "round_id": parsed.column("review_round"),
            "event": parsed.column("event"),
            "start_date": date_parts(parsed, "start_date")[0],
            "end_date": date_parts(parsed, "end_date")[0],
            "location": parsed.column("location"),
            "format": parsed.column("format"),
            "source_url": parsed.first_url(),
        }
    )
    frame, ids = numbered(frame, ["commission_id", "round_id", "start_date", "event"], "meeting_id")
    # Return tables.
    return {
        "review_meetings": finish("review_meetings", frame),
        "record_sources": record_sources("review_meetings", ids, parsed),
    }

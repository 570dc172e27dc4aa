"""Load the GCM regional review meetings and produce `review_meetings`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.sources.common import date_parts, finish, first_url, import_spec, read_import, record_sources
from etl.validate import RawFile

SOURCE_ID = "review_meetings"
FILE = "review_meetings.csv"
SPEC = import_spec(FILE)
TABLES = ("review_meetings", "record_sources")


def read(raw_dir: Path) -> RawFile | None:
    # Load inputs.
    return read_import(raw_dir, FILE)


def transform(parsed: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Parsed import rows → review_meetings (numbered by commission, round and date) and record_sources."""
    # Process data.
    frame = parsed.rename(columns={"commission": "commission_id", "review_round": "round_id"})
    frame["start_date"], _ = date_parts(frame["start_date"])
    frame["end_date"], _ = date_parts(frame["end_date"])
    frame = frame.sort_values(["commission_id", "round_id", "start_date", "event"], kind="stable")
    frame = frame.reset_index(drop=True)
    frame["meeting_id"] = range(1, len(frame) + 1)
    urls = frame["source_url"]
    frame["source_url"] = urls.map(first_url)
    # Return tables.
    return {
        "review_meetings": finish("review_meetings", frame),
        "record_sources": record_sources("review_meetings", frame.assign(source_url=urls), "meeting_id"),
    }

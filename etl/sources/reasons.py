"""Load the recorded reasons for progress, stagnation and regression and produce `reasons`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.sources.common import date_parts, finish, first_url, import_spec, read_import, record_sources
from etl.validate import RawFile

SOURCE_ID = "reasons"
FILE = "reasons.csv"
SPEC = import_spec(FILE)
TABLES = ("reasons", "record_sources")


def read(raw_dir: Path) -> RawFile | None:
    # Load inputs.
    return read_import(raw_dir, FILE)


def transform(parsed: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Parsed import rows → reasons (geography split into level and id) and record_sources."""
    # Process data.
    frame = parsed.rename(columns={"objective": "objective_id", "review_round": "round_id", "text": "reason_text"})
    frame["geo_level"] = frame["geography"].map(lambda g: g[0])
    frame["geo_id"] = frame["geography"].map(lambda g: g[1])
    frame["recorded_date"], _ = date_parts(frame["recorded_on"])
    frame = frame.sort_values(
        ["objective_id", "geo_level", "geo_id", "round_id", "reason_code", "stream"], na_position="first", kind="stable"
    ).reset_index(drop=True)
    frame["reason_id"] = range(1, len(frame) + 1)
    urls = frame["source_url"]
    frame["source_url"] = urls.map(first_url)
    # Return tables.
    return {
        "reasons": finish("reasons", frame),
        "record_sources": record_sources("reasons", frame.assign(source_url=urls), "reason_id"),
    }

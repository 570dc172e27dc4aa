"""Load the recorded reasons for progress, stagnation and regression and produce `reasons`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from etl.parsed_columns import Parsed
from etl.sources.common import date_parts, finish, import_spec, numbered, read_import, record_sources
from etl.validate import RawFile

SOURCE_ID = "reasons"
FILE = "reasons.csv"
SPEC = import_spec(FILE)
TABLES = ("reasons", "record_sources")


def read(raw_dir: Path) -> RawFile | None:
    # Load inputs.
    return read_import(raw_dir, FILE)


def transform(parsed: Parsed) -> dict[str, pd.DataFrame]:
    """Parsed import rows → reasons (geography split into level and id) and record_sources."""
    # Process data.
    frame = pd.DataFrame(
        {
            "row": np.arange(len(parsed)),
            "objective_id": parsed.column("objective"),
            "geo_level": parsed.derive("geography", lambda g: g[0]),
            "geo_id": parsed.derive("geography", lambda g: g[1]),
            "stream": parsed.column("stream"),
            "round_id": parsed.column("review_round"),
            "direction": parsed.column("direction"),
            "reason_code": parsed.column("reason_code"),
            "reason_text": parsed.column("text"),
            "recorded_date": date_parts(parsed, "recorded_on")[0],
            "source_url": parsed.first_url(),
        }
    )
    frame, ids = numbered(
        frame, ["objective_id", "geo_level", "geo_id", "round_id", "reason_code", "stream"], "reason_id"
    )
    # Return tables.
    return {
        "reasons": finish("reasons", frame),
        "record_sources": record_sources("reasons", ids, parsed),
    }

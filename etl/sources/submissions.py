"""Load counts of submissions to the GCM regional reviews and produce `submissions`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.sources.common import bridge, date_parts, finish, first_url, import_spec, read_import, record_sources
from etl.validate import RawFile

SOURCE_ID = "submissions"
FILE = "submissions.csv"
SPEC = import_spec(FILE)
TABLES = ("submissions", "submission_objectives", "record_sources")
SORT_KEY = ["commission_id", "round_id", "iso3", "submitter_type", "kind", "objective_key"]


def read(raw_dir: Path) -> RawFile | None:
    # Load inputs.
    return read_import(raw_dir, FILE)


def transform(parsed: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Parsed import rows → submissions (numbered by their natural key), its bridge and record_sources."""
    # Process data.
    frame = parsed.rename(
        columns={
            "commission": "commission_id",
            "review_round": "round_id",
            "country": "iso3",
            "count": "submission_count",
        }
    )
    frame["as_of_date"], frame["as_of_date_precision"] = date_parts(frame["as_of"])
    frame["objective_key"] = frame["objectives"].map(lambda v: ";".join(str(o) for o in sorted(v or [])))
    # Numbered after sorting, so the id does not depend on the order of rows in the file.
    frame = frame.sort_values(SORT_KEY, na_position="first", kind="stable").reset_index(drop=True)
    frame["submission_id"] = range(1, len(frame) + 1)
    urls = frame["source_url"]
    frame["source_url"] = urls.map(first_url)
    # Return tables.
    return {
        "submissions": finish("submissions", frame),
        "submission_objectives": bridge(frame, "submission_id", "objectives", "objective_id", "submission_objectives"),
        "record_sources": record_sources("submissions", frame.assign(source_url=urls), "submission_id"),
    }

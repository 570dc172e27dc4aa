"""Load counts of submissions to the GCM regional reviews and produce `submissions`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from etl.parsed_columns import Parsed
from etl.sources.common import bridge, date_parts, finish, import_spec, numbered, read_import, record_sources
from etl.validate import RawFile

SOURCE_ID = "submissions"
FILE = "submissions.csv"
SPEC = import_spec(FILE)
TABLES = ("submissions", "submission_objectives", "record_sources")
SORT_KEY = ["commission_id", "round_id", "iso3", "submitter_type", "kind", "objective_key"]


def read(raw_dir: Path) -> RawFile | None:
    # Load inputs.
    return read_import(raw_dir, FILE)


def transform(parsed: Parsed) -> dict[str, pd.DataFrame]:
    """Parsed import rows → submissions (numbered by their natural key), its bridge and record_sources."""
    # Process data.
    as_of, precision = date_parts(parsed, "as_of")
    frame = pd.DataFrame(
        {
            "row": np.arange(len(parsed)),
            "commission_id": parsed.column("commission"),
            "round_id": parsed.column("review_round"),
            "iso3": parsed.column("country"),
            "submitter_type": parsed.column("submitter_type"),
            "kind": parsed.column("kind"),
            "submission_count": parsed.column("count"),
            "as_of_date": as_of,
            "as_of_date_precision": precision,
            "note": parsed.column("note"),
            "source_url": parsed.first_url(),
            "objective_key": parsed.derive("objectives", lambda v: ";".join(str(o) for o in sorted(v)), ""),
        }
    )
    # Numbered after sorting, so the id does not depend on the order of rows in the file.
    frame, ids = numbered(frame, SORT_KEY, "submission_id")
    # Return tables.
    return {
        "submissions": finish("submissions", frame),
        "submission_objectives": bridge("submission_objectives", ids, parsed, "objectives"),
        "record_sources": record_sources("submissions", ids, parsed),
    }

"""Load the UN Network on Migration's GCM Talks and produce `gcm_talks` and its bridges."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.sources.common import (
    bridge,
    date_parts,
    finish,
    first_url,
    import_spec,
    is_global,
    read_import,
    record_sources,
    without_global,
)
from etl.validate import RawFile

SOURCE_ID = "gcm_talks"
FILE = "gcm_talks.csv"
SPEC = import_spec(FILE)
TABLES = ("gcm_talks", "talk_objectives", "talk_countries", "talk_commissions", "record_sources")


def read(raw_dir: Path) -> RawFile | None:
    # Load inputs.
    return read_import(raw_dir, FILE)


def transform(parsed: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Parsed import rows → gcm_talks, its bridges and record_sources."""
    # Process data.
    frame = parsed.copy()
    frame["talk_date"], frame["talk_date_precision"] = date_parts(frame["date"])
    frame["is_global"] = frame["countries"].map(is_global)
    frame["country_list"] = frame["countries"].map(without_global)
    urls = frame["source_url"]
    frame["source_url"] = urls.map(first_url)
    # Return tables.
    return {
        "gcm_talks": finish("gcm_talks", frame),
        "talk_objectives": bridge(frame, "talk_id", "objectives", "objective_id", "talk_objectives"),
        "talk_countries": bridge(frame, "talk_id", "country_list", "iso3", "talk_countries"),
        "talk_commissions": bridge(frame, "talk_id", "commissions", "commission_id", "talk_commissions"),
        "record_sources": record_sources("gcm_talks", frame.assign(source_url=urls), "talk_id"),
    }

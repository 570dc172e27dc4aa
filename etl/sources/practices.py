"""Load the Migration Network Hub repository of practices and produce `practices` and its bridges."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.sources.common import (
    bridge,
    finish,
    first_url,
    import_spec,
    is_global,
    read_import,
    record_sources,
    without_global,
)
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


def _objectives(frame: pd.DataFrame) -> pd.DataFrame:
    primary = _pairs(frame, "primary_objectives", True)
    secondary = _pairs(frame, "secondary_objectives", False)
    both = pd.concat([primary, secondary], ignore_index=True)
    # An objective listed as both primary and secondary stays primary.
    both = both.sort_values("is_primary", ascending=False, kind="stable")
    both = both.drop_duplicates(["practice_id", "objective_id"])
    return finish("practice_objectives", both)


def _pairs(frame: pd.DataFrame, column: str, is_primary: bool) -> pd.DataFrame:
    pairs = frame[["practice_id", column]].explode(column).dropna(subset=[column])
    return pairs.rename(columns={column: "objective_id"}).assign(is_primary=is_primary)


def transform(parsed: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Parsed import rows → practices, its bridges and record_sources."""
    # Process data.
    frame = parsed.copy()
    ranges = frame["dates"]
    frame["start_year"] = ranges.map(lambda r: r.start_year if r else None).astype("Int64")
    frame["end_year"] = ranges.map(lambda r: r.end_year if r and not r.is_ongoing else None).astype("Int64")
    frame["is_ongoing"] = ranges.map(lambda r: bool(r and r.is_ongoing))
    frame["dates_text"] = ranges.map(_dates_text)
    frame["is_global"] = frame["countries"].map(is_global) | frame["regions"].map(is_global)
    frame["country_list"] = frame["countries"].map(without_global)
    frame["region_list"] = frame["regions"].map(without_global)
    urls = frame["source_url"]
    frame["source_url"] = urls.map(first_url)
    # Return tables.
    return {
        "practices": finish("practices", frame),
        "practice_objectives": _objectives(frame),
        "practice_countries": bridge(frame, "practice_id", "country_list", "iso3", "practice_countries"),
        "practice_principles": bridge(
            frame, "practice_id", "guiding_principles", "principle_id", "practice_principles"
        ),
        "practice_regions": bridge(frame, "practice_id", "region_list", "region", "practice_regions"),
        "record_sources": record_sources("practices", frame.assign(source_url=urls), "practice_id"),
    }


def _dates_text(year_range) -> str | None:
    """The Hub's own way of printing the dates, from the parsed range."""
    if year_range is None:
        return None
    if year_range.is_ongoing:
        return f"{year_range.start_year} - Present"
    if year_range.end_year == year_range.start_year:
        return str(year_range.start_year)
    return f"{year_range.start_year} - {year_range.end_year}"

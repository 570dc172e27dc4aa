"""Load the reference dimensions from data/reference (objectives, rounds, commissions, ...) and pycountry."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pycountry

from etl import labels, paths
from etl.sources.common import finish

SOURCE_ID = "reference"
TABLES = (
    "imrf_roundtables",
    "objectives",
    "mptf_areas",
    "objective_mptf_areas",
    "guiding_principles",
    "stakeholder_groups",
    "countries",
    "subregions",
    "commissions",
    "commission_members",
    "review_rounds",
    "labels",
)
FILES = {
    "imrf_roundtables": "imrf_roundtables.csv",
    "objectives": "objectives.csv",
    "mptf_areas": "mptf_thematic_areas.csv",
    "objective_mptf_areas": "objective_mptf_areas.csv",
    "guiding_principles": "guiding_principles.csv",
    "stakeholder_groups": "stakeholder_groups.csv",
    "commissions": "commissions.csv",
    "commission_members": "commission_members.csv",
}


def read(reference_dir: Path = paths.REFERENCE) -> dict[str, pd.DataFrame]:
    """Every reference CSV as strings (`NA` stays Namibia's code, not a missing value)."""
    # Load inputs.
    names = list(FILES.values()) + ["m49_subregions.csv", "review_rounds.csv"]
    return {name: pd.read_csv(reference_dir / name, dtype=str, keep_default_na=False) for name in names}


def _dates(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    for source, target in columns.items():
        frame[target] = pd.to_datetime(frame[source].replace("", None)).dt.date
    return frame


def _countries(m49: pd.DataFrame) -> pd.DataFrame:
    frame = m49.copy()
    frame["name"] = [_pycountry_attr(code, "name", fallback) for code, fallback in zip(frame["iso3"], frame["name"])]
    frame["official_name"] = [_pycountry_attr(code, "official_name", None) for code in frame["iso3"]]
    frame["m49_code"] = frame["m49_code"].astype(int)
    frame["un_member_since"] = pd.to_numeric(frame["un_member_since"].replace("", None)).astype("Int64")
    frame["is_un_member"] = frame["un_member_since"].notna()
    frame = frame.replace({"region": {"": None}, "subregion": {"": None}})
    return finish("countries", frame.sort_values("iso3"))


def _pycountry_attr(iso3: str, attr: str, fallback):
    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, attr, None) or fallback if country else fallback


def transform(raw: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Reference CSVs → the dimension tables, typed as in the schema."""
    # Process data.
    tables = {name: raw[file].copy() for name, file in FILES.items()}
    for name, frame in tables.items():
        for column in frame.columns:
            if column.endswith("_id") and column != "commission_id" or column == "member_count":
                frame[column] = frame[column].astype(int)
        tables[name] = finish(name, frame)
    countries = _countries(raw["m49_subregions.csv"])
    # A few territories carry another region than their sub-region's (e.g. Christmas Island: Asia), so a
    # sub-region takes the region most of its members have.
    subregions = (
        countries.dropna(subset=["subregion"])
        .groupby("subregion", as_index=False)
        .agg(region=("region", lambda r: r.mode().iloc[0]), country_count=("iso3", "count"))
    )
    rounds = raw["review_rounds.csv"].copy()
    rounds["round_id"] = rounds["round_id"].astype(int)
    rounds = _dates(
        rounds,
        {
            "window_start": "window_start_date",
            "window_end": "window_end_date",
            "regional_reviews_from": "regional_reviews_from_date",
            "regional_reviews_to": "regional_reviews_to_date",
            "imrf_start": "imrf_start_date",
            "imrf_end": "imrf_end_date",
        },
    )
    rounds["is_open"] = rounds["window_end_date"].isna()
    rounds = rounds.replace({"imrf": {"": None}, "note": {"": None}})
    # Return tables.
    return tables | {
        "countries": countries,
        "subregions": finish("subregions", subregions),
        "review_rounds": finish("review_rounds", rounds),
        # Names in the six UN languages: official where UNSD or the Hub give them, else ours, marked unofficial.
        "labels": finish("labels", labels.labels()),
    }

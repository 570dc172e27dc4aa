"""Demo Migration MPTF joint programmes: tens a year after 2020, USD 1-5 million, areas as objective_mptf_areas."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl import paths
from etl.demo.sampling import (
    DATA_CUTOFF,
    TEXT,
    Columns,
    Reference,
    Weights,
    concat,
    country_cells,
    date_cells,
    day,
    distinct_slots,
    join_cells,
    numbered,
    round_group,
    sample_slots,
    url_cells,
)
from etl.schema import PROGRAMME_STATUSES, stream

PROGRAMMES_PER_SCALE = 150  # about 20 a year after the first call (2020) at scale 1
FUND_START = stream("mptf_programmes").mechanism_start
ORGANIZATIONS = ("IOM", "ILO", "UNHCR", "UNICEF", "UNDP", "UN Women", "UNFPA", "UNODC", "OHCHR", "WHO", "FAO", "UNEP")
# Programme counts by calendar year from 2019 (the Fund's first year had its call, not programmes).
YEAR_SHARES = np.array([1, 8, 12, 14, 15, 16, 17, 14], dtype=float)


def _area_objectives() -> np.ndarray:
    """(5, 23) 0/1: which objectives each thematic area covers."""
    pairs = pd.read_csv(paths.REFERENCE / "objective_mptf_areas.csv")
    table = np.zeros((5, 23))
    table[pairs["area_id"].to_numpy() - 1, pairs["objective_id"].to_numpy() - 1] = 1
    return table


def make_programmes(ref: Reference, weights: Weights, rng: np.random.Generator, count: int) -> Columns:
    """Joint programmes approved 2019-2026, one to three countries (a few multi-country), ids in date order."""
    start, cutoff = day(FUND_START), day(DATA_CUTOFF)
    years = 2019 + rng.choice(len(YEAR_SHARES), size=count, p=YEAR_SHARES / YEAR_SHARES.sum())
    offsets = rng.integers(0, 365, size=count).astype("timedelta64[D]")
    days = np.sort(np.clip(np.array([f"{y}-01-01" for y in years], dtype="datetime64[D]") + offsets, start, cutoff))
    group = round_group(ref, days)
    ids = numbered("DEMO-MPTF-", count, 4)
    area = rng.integers(1, 6, size=count)
    # Objectives within the programme's area, weighted like the round's other activity: one weight row per
    # (area, round group).
    area_weights = (_area_objectives()[:, None, :] * weights.objectives[None, :, :]).reshape(-1, 23)
    rounds = weights.objectives.shape[0]
    objectives = sample_slots(rng, area_weights, (area - 1) * rounds + group, 2) + 1
    keep_objectives = distinct_slots(objectives, rng.integers(1, 3, size=count))
    ordered = np.sort(np.where(keep_objectives, objectives, 99), axis=1)
    countries = sample_slots(rng, weights.countries, group, 3)
    wanted = rng.choice([1, 2, 3], size=count, p=[0.85, 0.1, 0.05])
    keep_countries = distinct_slots(countries, wanted)
    orgs = sample_slots(rng, np.ones((1, len(ORGANIZATIONS))), np.zeros(count, dtype=int), 3)
    keep_orgs = distinct_slots(orgs, rng.integers(2, 4, size=count))
    months = rng.integers(18, 37, size=count).astype("timedelta64[D]") * 30
    begins = days + rng.integers(30, 120, size=count).astype("timedelta64[D]")
    ends = begins + months
    status = np.where(ends < cutoff, PROGRAMME_STATUSES[2], PROGRAMME_STATUSES[1]).astype(TEXT)
    budget = (rng.integers(100, 501, size=count) * 10_000).astype(TEXT)  # USD 1-5 million in steps of 10,000
    return {
        "programme_id": ids,
        "title": concat("Synthetic joint programme ", ids),
        "countries": country_cells(ref, rng, countries, keep_countries, np.zeros(count, dtype=bool))[0],
        "thematic_area": area.astype(TEXT),
        "objectives": join_cells(np.arange(100).astype(TEXT), np.where(ordered == 99, 1, ordered), ordered != 99),
        "participating_organizations": join_cells(np.array(ORGANIZATIONS, dtype=TEXT), orgs, keep_orgs),
        "approved_on": date_cells(days, np.zeros(count, dtype=bool)),
        "start_date": date_cells(np.minimum(begins, cutoff), np.zeros(count, dtype=bool)),
        "end_date": date_cells(ends, rng.random(count) < 0.3),
        "budget_usd": budget,
        "status": status,
        "source_url": url_cells("mptf_programmes", ids),
    }


def make(ref: Reference, weights: Weights, rng: np.random.Generator, scale: int) -> Columns:
    """The stream registry's entry point: the demo mptf_programmes.csv at this scale."""
    return make_programmes(ref, weights, rng, PROGRAMMES_PER_SCALE * scale)

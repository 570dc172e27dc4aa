"""Demo GCM Talks: only from February 2023, global, regional or national in scope."""

from __future__ import annotations

import numpy as np

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
    numbered,
    objective_cells,
    pool_names,
    round_group,
    sample_objectives,
    sample_slots,
    url_cells,
    weighted_choice,
)
from etl.schema import COMMISSION_IDS, TALK_FORMATS, TALK_SCOPES, stream

TALKS_START = stream("gcm_talks").mechanism_start  # the registry's date, not a copy


TALKS_PER_SCALE = 150  # GCM Talks at scale 1 (DESIGN.md §2)


def _talk_countries(
    ref: Reference,
    weights: Weights,
    rng: np.random.Generator,
    scope: np.ndarray,
    commission: np.ndarray,
    group: np.ndarray,
) -> np.ndarray:
    """Regional Talks name 0-2 member countries of their commission, national ones one country, global ones Global."""
    members = np.zeros((len(COMMISSION_IDS), len(ref.iso3)))
    for index, commission_id in enumerate(COMMISSION_IDS):
        members[index, np.isin(ref.iso3, ref.members.loc[ref.members["commission_id"] == commission_id, "iso3"])] = 1
    regional = scope == "regional"
    regional_drawn = sample_slots(rng, members * weights.country_base[None, :], commission, 2)
    national_drawn = sample_slots(rng, weights.countries, group, 2)
    drawn = np.where(regional[:, None], regional_drawn, national_drawn)
    keep = np.where(
        regional[:, None],
        distinct_slots(regional_drawn, rng.integers(0, 3, size=len(scope))),
        np.arange(2)[None, :] < 1,
    )
    keep &= (scope != "global")[:, None]
    return country_cells(ref, rng, drawn, keep, scope == "global")[0]


def make_talks(ref: Reference, weights: Weights, rng: np.random.Generator, count: int) -> Columns:
    """GCM Talks: only from February 2023, ids in date order."""
    start = day(TALKS_START)
    days = np.sort(start + rng.integers(0, (day(DATA_CUTOFF) - start).astype(int) + 1, size=count))
    group = round_group(ref, days)
    ids = numbered("DEMO-T", count, 4)
    scope = weighted_choice(rng, TALK_SCOPES, [45, 35, 20], count)  # global, regional, national
    commission = rng.integers(len(COMMISSION_IDS), size=count)
    numbers, keep_objectives = sample_objectives(weights, rng, group, max_count=3)
    return {
        "talk_id": ids,
        "date": date_cells(days, rng.random(count) < 0.05),
        "title": concat("Synthetic GCM Talk on ", ref.objective_tokens[2, numbers[:, 0] - 1], " (", ids, ")"),
        "format": weighted_choice(rng, TALK_FORMATS, [60, 25, 15], count),
        "organisers": pool_names(rng, "Demo organiser ", 25, count),
        "scope": scope,
        "commissions": np.where(scope == "regional", np.array(COMMISSION_IDS, dtype=TEXT)[commission], ""),
        "countries": _talk_countries(ref, weights, rng, scope, commission, group),
        "objectives": objective_cells(ref, rng, numbers, keep_objectives),
        "source_url": url_cells("gcm_talks", ids),
    }


def make(ref: Reference, weights: Weights, rng: np.random.Generator, scale: int) -> Columns:
    """The stream registry's entry point: the demo gcm_talks.csv at this scale."""
    return make_talks(ref, weights, rng, TALKS_PER_SCALE * scale)

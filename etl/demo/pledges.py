"""Demo pledges: a peak around IMRF 2022, a pool of recurring entities, matching pledges pointing back."""

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
    numbered,
    objective_cells,
    principle_cells,
    round_group,
    sample_countries,
    sample_objectives,
    url_cells,
    weighted_choice,
)
from etl.schema import ENTITY_CATEGORIES, PLEDGE_STATUSES, PLEDGE_TYPES

PLEDGING_LAUNCH = "2021-12-10"
IMRF_2022 = "2022-05-17"
ENTITY_CATEGORY_WEIGHTS = np.array([35, 15, 6, 15, 6, 6, 4, 2, 4, 2, 1, 2, 2], dtype=float)


PLEDGES_PER_SCALE = 250  # pledges at scale 1 (DESIGN.md §2)


def _pledge_dates(rng: np.random.Generator, count: int) -> np.ndarray:
    """A peak around IMRF 2022 (Dec 2021 - Oct 2022), then a slowly thinning tail up to the cut-off."""
    launch, imrf, peak_end, cutoff = (day(d) for d in (PLEDGING_LAUNCH, IMRF_2022, "2022-10-31", DATA_CUTOFF))
    in_peak = rng.random(count) < 0.55
    peak = rng.triangular(0, (imrf - launch).astype(int), (peak_end - launch).astype(int), size=count)
    tail_span = (cutoff - peak_end).astype(int)
    # Inverse CDF of an exponential (scale 500 days) truncated to the tail span.
    tail = -500 * np.log1p(-rng.random(count) * (1 - np.exp(-tail_span / 500)))
    offset = np.where(in_peak, peak, (peak_end - launch).astype(int) + 1 + tail)
    return np.sort(launch + np.minimum(offset.astype(np.int64), (cutoff - launch).astype(int)))


def _entities(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Pledging entity names and categories: a pool where a few entities pledge often."""
    pool = max(40, count // 3)
    categories = weighted_choice(rng, ENTITY_CATEGORIES, ENTITY_CATEGORY_WEIGHTS, pool)
    names = concat("Demo ", categories, " entity ", np.strings.zfill(np.arange(1, pool + 1).astype(TEXT), 4))
    popularity = 1.0 / np.arange(1, pool + 1) ** 0.8
    which = rng.choice(pool, size=count, p=popularity / popularity.sum())
    return names[which], categories[which]


def _pledge_lifecycle(rng: np.random.Generator, pledged: np.ndarray) -> dict[str, np.ndarray]:
    """last_updated (after pledging), deadline (a year, sometimes a day; may lie after the cut-off) and status."""
    count = len(pledged)
    cutoff = day(DATA_CUTOFF)
    updated = pledged + (rng.random(count) * (cutoff - pledged).astype(int)).astype(np.int64)
    updated_cells = np.where(rng.random(count) < 0.2, "", date_cells(updated, rng.random(count) < 0.15))
    deadline_year = (pledged.astype("datetime64[Y]") + rng.integers(0, 5, size=count)).astype(TEXT)
    deadline = np.where(rng.random(count) < 0.2, concat(deadline_year, "-12-31"), deadline_year)
    deadline = np.where(rng.random(count) < 0.25, "", deadline)
    status = weighted_choice(rng, PLEDGE_STATUSES + ("",), [25, 40, 10, 25], count)
    return {"last_updated": updated_cells, "deadline": deadline, "status": status}


def make_pledges(ref: Reference, weights: Weights, rng: np.random.Generator, count: int) -> Columns:
    """Pledges, ids in date order so that a matching pledge can point to an earlier one."""
    pledged = _pledge_dates(rng, count)
    group = round_group(ref, pledged)
    ids = numbered("DEMO-P", count, 6)
    numbers, keep_objectives = sample_objectives(weights, rng, group)
    countries, keep_countries, is_global = sample_countries(weights, rng, group)
    entity, category = _entities(rng, count)
    pledge_type = weighted_choice(rng, PLEDGE_TYPES, [70, 10, 15, 5], count)
    pledge_type[0] = "individual"  # the first pledge has nothing earlier to match
    matched = np.where(pledge_type == "matching", ids[(rng.random(count) * np.arange(count)).astype(int)], "")
    # Month precision only from January 2022: "2021-12" would read as before the pledging launch.
    month_only = (rng.random(count) < 0.08) & (pledged >= day("2022-01-01"))
    return {
        "pledge_id": ids,
        "title": concat("Synthetic pledge on ", ref.objective_tokens[2, numbers[:, 0] - 1], " (", ids, ")"),
        "pledging_entity": entity,
        "entity_category": category,
        "pledge_type": pledge_type,
        "matched_pledge_id": matched,
        "countries": country_cells(ref, rng, countries, keep_countries, is_global)[0],
        "objectives": objective_cells(ref, rng, numbers, keep_objectives),
        "guiding_principles": principle_cells(rng, count),
        "pledged_on": date_cells(pledged, month_only),
        **_pledge_lifecycle(rng, pledged),
        "source_url": url_cells("pledges", ids),
    }


def make(ref: Reference, weights: Weights, rng: np.random.Generator, scale: int) -> Columns:
    """The stream registry's entry point: the demo pledges.csv at this scale."""
    return make_pledges(ref, weights, rng, PLEDGES_PER_SCALE * scale)

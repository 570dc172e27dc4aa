"""Demo Migration Network Hub practices: start years 2012-2026, primary and secondary objectives, regions."""

from __future__ import annotations

import numpy as np

from etl.demo.sampling import (
    GLOBAL,
    OBJECTIVE_COUNT_SHARES,
    TEXT,
    Columns,
    Reference,
    Weights,
    concat,
    country_cells,
    distinct_slots,
    drop_repeats,
    join_cells,
    normalised,
    numbered,
    pool_names,
    principle_cells,
    round_group,
    sample_countries,
    sample_slots,
    url_cells,
    weighted_choice,
)

FIRST_PRACTICE_YEAR, LAST_PRACTICE_YEAR = 2012, 2026
# Practices started per year 2012..2026: rising to 2019-2022, then fewer recent ones (not yet on the Hub).
PRACTICE_YEAR_WEIGHTS = np.array([2, 2, 3, 4, 5, 6, 8, 10, 10, 11, 11, 10, 8, 5, 2], dtype=float)
PRACTICE_TYPES = (
    "Project/Programme",
    "Policy",
    "Law/Regulation",
    "Tool/Guidance",
    "Capacity building",
    "Partnership",
    "Other",
)


PRACTICES_PER_SCALE = 1_000  # practices at scale 1 (DESIGN.md §2)


def _practice_years(ref: Reference, rng: np.random.Generator, count: int):
    """Start years, the round group of each (a year is placed at its middle) and Hub-style `dates` cells."""
    years = FIRST_PRACTICE_YEAR + rng.choice(
        len(PRACTICE_YEAR_WEIGHTS), size=count, p=normalised(PRACTICE_YEAR_WEIGHTS)
    )
    mid_years = np.array([f"{y}-07-02" for y in range(FIRST_PRACTICE_YEAR, LAST_PRACTICE_YEAR + 1)], "datetime64[D]")
    group = round_group(ref, mid_years)[years - FIRST_PRACTICE_YEAR]
    kind = rng.choice(3, size=count, p=[0.45, 0.15, 0.40])  # ongoing, one year, a range
    end = np.minimum(years + rng.integers(1, 7, size=count), LAST_PRACTICE_YEAR)
    start_text, end_text = years.astype(TEXT), end.astype(TEXT)
    one_year = (kind == 1) | ((kind == 2) & (end == years))
    cells = np.where(
        kind == 0,
        concat(start_text, " - Present"),
        np.where(one_year, start_text, concat(start_text, " - ", end_text)),
    )
    return group, cells


def _primary_and_secondary(ref: Reference, weights: Weights, rng: np.random.Generator, group: np.ndarray):
    """1-2 primary objectives and up to 3 secondary ones, 1-4 in all, in drawn order (primary is not the lowest)."""
    wanted = 1 + rng.choice(4, size=len(group), p=normalised(OBJECTIVE_COUNT_SHARES))
    drawn = sample_slots(rng, weights.objectives, group, 4) + 1
    keep = distinct_slots(drawn, wanted)
    order = np.argsort(~keep, axis=1, kind="stable")  # kept slots first, in drawn order
    drawn, keep = np.take_along_axis(drawn, order, axis=1), np.take_along_axis(keep, order, axis=1)
    primary_count = np.minimum(1 + (rng.random(len(group)) < 0.4), keep.sum(axis=1))
    is_primary = np.arange(4)[None, :] < primary_count[:, None]
    # One style per practice (numbers, full titles or short titles), shared by its primary and secondary cells.
    style = rng.choice(3, size=len(group), p=[0.96, 0.02, 0.02])
    codes = style[:, None] * 23 + drawn - 1
    vocabulary = ref.objective_tokens.reshape(-1)
    return join_cells(vocabulary, codes, keep & is_primary), join_cells(vocabulary, codes, keep & ~is_primary)


def _region_cells(ref: Reference, drawn: np.ndarray, keep: np.ndarray, is_global: np.ndarray) -> np.ndarray:
    """Hub regions of the practice's countries (`Global` for global practices)."""
    names, codes = np.unique(ref.region, return_inverse=True)
    region_codes = codes[drawn]
    region_keep = drop_repeats(region_codes, keep)
    return np.where(is_global, GLOBAL, join_cells(names.astype(TEXT), region_codes, region_keep))


def make_practices(ref: Reference, weights: Weights, rng: np.random.Generator, count: int) -> Columns:
    """Hub practices: start years 2012-2026, 1-2 primary objectives, regions following the countries."""
    group, dates = _practice_years(ref, rng, count)
    ids = numbered("demo-practice-", count, 6)
    primary, secondary = _primary_and_secondary(ref, weights, rng, group)
    drawn, keep, is_global = sample_countries(weights, rng, group)
    countries, drawn = country_cells(ref, rng, drawn, keep, is_global)
    return {
        "practice_id": ids,
        "title": concat("Synthetic practice ", ids, " (illustrative)"),
        "primary_objectives": primary,
        "secondary_objectives": secondary,
        "guiding_principles": principle_cells(rng, count),
        "dates": dates,
        "practice_type": weighted_choice(rng, PRACTICE_TYPES, [40, 15, 8, 12, 12, 8, 5], count),
        "countries": countries,
        "regions": _region_cells(ref, drawn, keep, is_global),
        "main_implementer": pool_names(rng, "Demo implementer ", max(50, count // 5), count),
        "source_url": url_cells("practices", ids),
    }


def make(ref: Reference, weights: Weights, rng: np.random.Generator, scale: int) -> Columns:
    """The stream registry's entry point: the demo practices.csv at this scale."""
    return make_practices(ref, weights, rng, PRACTICES_PER_SCALE * scale)

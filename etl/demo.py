"""Deterministic synthetic demo dataset (not real GCM figures): `python -m etl.demo [--seed 42] [--scale 1]`."""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from etl import paths
from etl.schema import (
    COMMISSION_IDS,
    ENTITY_CATEGORIES,
    IMPORT_FILES_BY_NAME,
    MEETING_FORMATS,
    PLEDGE_STATUSES,
    PLEDGE_TYPES,
    TALK_FORMATS,
    TALK_SCOPES,
)

DATA_CUTOFF = "2026-10-31"
PLEDGING_LAUNCH = "2021-12-10"
IMRF_2022 = "2022-05-17"
TALKS_START = "2023-02-01"
FIRST_PRACTICE_YEAR, LAST_PRACTICE_YEAR = 2012, 2026
URL_BASE = "https://example.org/demo"
MANIFEST = "manifest.yml"

# Volumes at scale 1 (DESIGN.md §2); --scale multiplies them.
PLEDGES_PER_SCALE, PRACTICES_PER_SCALE, TALKS_PER_SCALE = 250, 1_000, 150
REASON_ROWS = 30

# Trend multipliers between rounds 1 and 2 (round-2 weight / round-1 weight): strong enough that the progress
# pages show clear risers and fallers. Objectives and sub-regions not named drift mildly at random.
OBJECTIVE_TRENDS = {5: 2.6, 6: 2.4, 18: 2.8, 13: 0.38, 21: 0.4}
SUBREGION_TRENDS = {
    "Western Africa": 2.2,
    "South America": 2.0,
    "South-eastern Asia": 1.8,
    "Eastern Europe": 0.45,
    "Central America": 0.5,
    "Southern Europe": 0.55,
}
# Exponent of the trend per round group (0 = before round 1, 1-3 = rounds): the trend is split evenly around 1.
TREND_EXPONENT_BY_ROUND = np.array([-0.5, -0.5, 0.5, 0.5])

# UN-style names the importer must resolve; used instead of the ISO3 code in ~2% of rows.
UN_STYLE_NAMES = {
    "BOL": "Bolivia (Plurinational State of)",
    "TUR": "Türkiye",
    "MDA": "Republic of Moldova",
    "CIV": "Côte d'Ivoire",
    "VNM": "Viet Nam",
    "TZA": "United Republic of Tanzania",
    "IRN": "Iran (Islamic Republic of)",
}
NAME_SHARE = 0.02
GLOBAL = "Global"

# Share of rows with 1, 2, 3 (or 4) objectives; and with Global, 0, 1, 2 or 3 countries.
OBJECTIVE_COUNT_SHARES = np.array([0.30, 0.30, 0.25, 0.15])
COUNTRY_COUNT_SHARES = np.array([0.15, 0.07, 0.50, 0.17, 0.11])  # first entry: `Global`
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
ENTITY_CATEGORY_WEIGHTS = np.array([35, 15, 6, 15, 6, 6, 4, 2, 4, 2, 1, 2, 2], dtype=float)
# Share of zero counts per commission in rounds 1 and 2: some commissions report more in round 2, some less.
SUBMISSION_ZERO_SHARE = {
    "UNECE": (0.70, 0.35),
    "ECA": (0.45, 0.60),
    "ECLAC": (0.40, 0.65),
    "ESCAP": (0.65, 0.35),
    "ESCWA": (0.30, 0.45),
}
STAKEHOLDER_KIND_MEANS = {"written_input": 15, "discussion_post": 40, "consultation_participant": 80}
COMMISSION_SEATS = {"UNECE": "Geneva", "ECA": "Addis Ababa", "ECLAC": "Santiago", "ESCAP": "Bangkok", "ESCWA": "Beirut"}
MEETING_EVENTS = ("Multi-stakeholder consultation", "Regional review conference", "Stakeholder hearing")

# Variable-length numpy text: np.strings ufuncs build whole columns at once, with no Python loop per row.
TEXT = np.dtypes.StringDType()
Columns = dict[str, np.ndarray]
CSV_SPECIALS = (",", '"', "\n", "\r")
WRITE_CHUNK_ROWS = 100_000


@dataclass(frozen=True)
class Reference:
    """The reference facts the generator draws on."""

    objective_tokens: np.ndarray  # (3, 23) text: numbers, full titles, Hub short titles
    iso3: np.ndarray  # (C,) UN members and observer states in a commission
    region: np.ndarray  # (C,) M49 region, which is also the Hub region
    subregion: np.ndarray  # (C,)
    members: pd.DataFrame  # commission_id, iso3
    rounds: pd.DataFrame  # review_rounds.csv


def load_reference() -> Reference:
    """Read the reference tables the generator needs."""
    read = lambda name: pd.read_csv(paths.REFERENCE / name, dtype=str, keep_default_na=False)
    objectives = read("objectives.csv")
    members = read("commission_members.csv")[["commission_id", "iso3"]]
    m49 = read("m49_subregions.csv")
    countries = m49[(m49["un_member_since"] != "") | m49["iso3"].isin(members["iso3"])].sort_values("iso3")
    return Reference(
        objective_tokens=np.array(
            [objectives["objective_id"], objectives["title"], objectives["short_title"]], dtype=TEXT
        ),
        iso3=countries["iso3"].to_numpy(object).astype(TEXT),
        region=countries["region"].to_numpy(object),
        subregion=countries["subregion"].to_numpy(object),
        members=members,
        rounds=read("review_rounds.csv"),
    )


# ---------------------------------------------------------------- vectorised helpers


def _day(iso: str) -> np.datetime64:
    return np.datetime64(iso, "D")


def _round_group(ref: Reference, days: np.ndarray) -> np.ndarray:
    """0 before round 1, else the review round whose window holds the date."""
    starts = ref.rounds["window_start"].to_numpy("datetime64[D]")
    return np.searchsorted(starts, days, side="right")


def _concat(*parts) -> np.ndarray:
    """Element-wise concatenation of text arrays and plain strings."""
    result = parts[0]
    for part in parts[1:]:
        result = np.strings.add(result, part)
    return result


def _date_cells(days: np.ndarray, month_only: np.ndarray) -> np.ndarray:
    """`YYYY-MM-DD`, or `YYYY-MM` where `month_only`."""
    text = np.datetime_as_string(days.astype("datetime64[D]"), unit="D")
    return np.where(month_only, text.astype("<U7"), text).astype(TEXT)


def _numbered(prefix: str, count: int, width: int) -> np.ndarray:
    """`prefix` + 1..count zero-padded: ids that sort like numbers."""
    return _concat(prefix, np.strings.zfill(np.arange(1, count + 1).astype(TEXT), max(width, len(str(count)))))


def _choice(rng: np.random.Generator, values, shares, size: int) -> np.ndarray:
    """`size` values drawn with the given (unnormalised) shares."""
    shares = np.asarray(shares, dtype=float)
    return np.array(values, dtype=TEXT)[rng.choice(len(shares), size=size, p=shares / shares.sum())]


def _sample_slots(rng: np.random.Generator, weights: np.ndarray, group: np.ndarray, slots: int) -> np.ndarray:
    """Draw `slots` indices per row from the weight row of its group (inverse CDF, one search per group)."""
    cdf = np.cumsum(weights, axis=1)
    cdf /= cdf[:, -1:]
    cdf[:, -1] = 1.0
    uniform = rng.random((len(group), slots))
    drawn = np.zeros((len(group), slots), dtype=np.int64)
    for g in np.unique(group):
        rows = group == g
        drawn[rows] = np.searchsorted(cdf[g], uniform[rows], side="right")
    return drawn


def _drop_repeats(drawn: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """`keep` without the slots that repeat the value of an earlier kept slot of the same row."""
    keep = keep.copy()
    for col in range(1, drawn.shape[1]):
        repeat = ((drawn[:, :col] == drawn[:, col : col + 1]) & keep[:, :col]).any(axis=1)
        keep[:, col] &= ~repeat
    return keep


def _distinct_slots(drawn: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Which slots to keep: the first `wanted` per row, less repeats (so a row may end up with fewer)."""
    return _drop_repeats(drawn, np.arange(drawn.shape[1])[None, :] < wanted[:, None])


def _join_cells(vocabulary: np.ndarray, codes: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Join each row's kept tokens (`vocabulary[codes]`) with `;`; an empty cell when none is kept."""
    # Text operations cost far more than integer ones: move kept codes first, then build each row's text once,
    # with one concatenation per token count (most rows hold one or two tokens).
    order = np.argsort(~keep, axis=1, kind="stable")
    codes = np.take_along_axis(codes, order, axis=1)
    counts = keep.sum(axis=1)
    joined = np.full(codes.shape[0], "", dtype=TEXT)
    for count in range(1, codes.shape[1] + 1):
        rows = counts == count
        parts = [vocabulary[codes[rows, 0]]]
        for col in range(1, count):
            parts += [";", vocabulary[codes[rows, col]]]
        joined[rows] = _concat(*parts)
    return joined


# ---------------------------------------------------------------- objectives and countries


@dataclass(frozen=True)
class Weights:
    """Sampling weights per round group (rows 0-3): objectives (4, 23) and countries (4, C)."""

    objectives: np.ndarray
    countries: np.ndarray
    country_base: np.ndarray  # (C,) long-tailed popularity, mean 1


def make_weights(ref: Reference, rng: np.random.Generator) -> Weights:
    """Popularity times a trend per objective and per sub-region, so some rise and some fall between rounds."""
    objective_base = rng.lognormal(0.0, 0.45, size=23)
    objective_trend = rng.uniform(0.85, 1.2, size=23)
    for number, trend in OBJECTIVE_TRENDS.items():
        objective_trend[number - 1] = trend
    # A wide lognormal gives a long tail: a few countries with many items, most with few or none.
    country_base = rng.lognormal(0.0, 1.3, size=len(ref.iso3))
    country_base /= country_base.mean()
    subregions = np.unique(ref.subregion)
    drift = dict(zip(subregions, rng.uniform(0.85, 1.2, size=len(subregions))))
    country_trend = np.array([SUBREGION_TRENDS.get(s, drift[s]) for s in ref.subregion])
    exponent = TREND_EXPONENT_BY_ROUND[:, None]
    return Weights(
        objectives=objective_base[None, :] * objective_trend[None, :] ** exponent,
        countries=country_base[None, :] * country_trend[None, :] ** exponent,
        country_base=country_base,
    )


def objective_cells(ref: Reference, rng: np.random.Generator, numbers: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Objectives cells: mostly numbers, in a few rows full titles or Hub short titles (the importer takes all)."""
    style = rng.choice(3, size=len(numbers), p=[0.96, 0.02, 0.02])
    return _join_cells(ref.objective_tokens.reshape(-1), style[:, None] * 23 + numbers - 1, keep)


def sample_objectives(weights: Weights, rng: np.random.Generator, group: np.ndarray, max_count: int = 4):
    """1..max_count distinct objectives per row, sorted: (numbers (n, max_count), keep mask)."""
    wanted = 1 + rng.choice(max_count, size=len(group), p=_normalised(OBJECTIVE_COUNT_SHARES[:max_count]))
    drawn = _sample_slots(rng, weights.objectives, group, max_count) + 1
    keep = _distinct_slots(drawn, wanted)
    # Sorting with dropped slots pushed to the end keeps kept slots first and reads like a human-made list.
    ordered = np.sort(np.where(keep, drawn, 99), axis=1)
    return np.where(ordered == 99, 1, ordered), ordered != 99


def _normalised(shares: np.ndarray) -> np.ndarray:
    return shares / shares.sum()


def sample_countries(weights: Weights, rng: np.random.Generator, group: np.ndarray):
    """0-3 distinct countries per row, or `Global`: (country index (n, 3), keep mask, is_global)."""
    wanted = rng.choice(5, size=len(group), p=COUNTRY_COUNT_SHARES) - 1
    is_global = wanted < 0
    drawn = _sample_slots(rng, weights.countries, group, 3)
    keep = _distinct_slots(drawn, np.maximum(wanted, 0))
    return drawn, keep, is_global


def country_cells(ref: Reference, rng: np.random.Generator, drawn: np.ndarray, keep: np.ndarray, is_global: np.ndarray):
    """Countries cells (ISO3; a UN-style name in ~2% of rows; `Global`). Returns the cells and the final indices."""
    drawn, codes = drawn.copy(), drawn.copy()
    named_index = np.searchsorted(ref.iso3, np.array(list(UN_STYLE_NAMES), dtype=TEXT))
    pick = rng.integers(len(named_index), size=len(drawn))
    clash = ((drawn[:, 1:] == named_index[pick][:, None]) & keep[:, 1:]).any(axis=1)
    use_name = keep[:, 0] & ~clash & (rng.random(len(drawn)) < NAME_SHARE)
    drawn[use_name, 0] = named_index[pick[use_name]]
    codes[use_name, 0] = len(ref.iso3) + pick[use_name]  # the names follow the ISO3 codes in the vocabulary
    vocabulary = np.concatenate([ref.iso3, np.array(list(UN_STYLE_NAMES.values()), dtype=TEXT)])
    cells = np.where(is_global, GLOBAL, _join_cells(vocabulary, codes, keep))
    return cells, drawn


def _url_cells(stream: str, ids: np.ndarray) -> np.ndarray:
    return _concat(f"{URL_BASE}/{stream}/", ids)


# ---------------------------------------------------------------- pledges


def _pledge_dates(rng: np.random.Generator, count: int) -> np.ndarray:
    """A peak around IMRF 2022 (Dec 2021 - Oct 2022), then a slowly thinning tail up to the cut-off."""
    launch, imrf, peak_end, cutoff = (_day(d) for d in (PLEDGING_LAUNCH, IMRF_2022, "2022-10-31", DATA_CUTOFF))
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
    categories = _choice(rng, ENTITY_CATEGORIES, ENTITY_CATEGORY_WEIGHTS, pool)
    names = _concat("Demo ", categories, " entity ", np.strings.zfill(np.arange(1, pool + 1).astype(TEXT), 4))
    popularity = 1.0 / np.arange(1, pool + 1) ** 0.8
    which = rng.choice(pool, size=count, p=popularity / popularity.sum())
    return names[which], categories[which]


def _pledge_lifecycle(rng: np.random.Generator, pledged: np.ndarray) -> dict[str, np.ndarray]:
    """last_updated (after pledging), deadline (a year, sometimes a day; may lie after the cut-off) and status."""
    count = len(pledged)
    cutoff = _day(DATA_CUTOFF)
    updated = pledged + (rng.random(count) * (cutoff - pledged).astype(int)).astype(np.int64)
    updated_cells = np.where(rng.random(count) < 0.2, "", _date_cells(updated, rng.random(count) < 0.15))
    deadline_year = (pledged.astype("datetime64[Y]") + rng.integers(0, 5, size=count)).astype(TEXT)
    deadline = np.where(rng.random(count) < 0.2, _concat(deadline_year, "-12-31"), deadline_year)
    deadline = np.where(rng.random(count) < 0.25, "", deadline)
    status = _choice(rng, PLEDGE_STATUSES + ("",), [25, 40, 10, 25], count)
    return {"last_updated": updated_cells, "deadline": deadline, "status": status}


def _principle_cells(rng: np.random.Generator, count: int) -> np.ndarray:
    """0-3 guiding principles (numbers 1-10) per row."""
    drawn = np.sort(rng.integers(1, 11, size=(count, 3)), axis=1)
    keep = _distinct_slots(drawn, rng.integers(0, 4, size=count))
    return _join_cells(np.arange(11).astype(TEXT), drawn, keep)


def make_pledges(ref: Reference, weights: Weights, rng: np.random.Generator, count: int) -> Columns:
    """Pledges, ids in date order so that a matching pledge can point to an earlier one."""
    pledged = _pledge_dates(rng, count)
    group = _round_group(ref, pledged)
    ids = _numbered("DEMO-P", count, 6)
    numbers, keep_objectives = sample_objectives(weights, rng, group)
    countries, keep_countries, is_global = sample_countries(weights, rng, group)
    entity, category = _entities(rng, count)
    pledge_type = _choice(rng, PLEDGE_TYPES, [70, 10, 15, 5], count)
    pledge_type[0] = "individual"  # the first pledge has nothing earlier to match
    matched = np.where(pledge_type == "matching", ids[(rng.random(count) * np.arange(count)).astype(int)], "")
    # Month precision only from January 2022: "2021-12" would read as before the pledging launch.
    month_only = (rng.random(count) < 0.08) & (pledged >= _day("2022-01-01"))
    return {
        "pledge_id": ids,
        "title": _concat("Synthetic pledge on ", ref.objective_tokens[2, numbers[:, 0] - 1], " (", ids, ")"),
        "pledging_entity": entity,
        "entity_category": category,
        "pledge_type": pledge_type,
        "matched_pledge_id": matched,
        "countries": country_cells(ref, rng, countries, keep_countries, is_global)[0],
        "objectives": objective_cells(ref, rng, numbers, keep_objectives),
        "guiding_principles": _principle_cells(rng, count),
        "pledged_on": _date_cells(pledged, month_only),
        **_pledge_lifecycle(rng, pledged),
        "source_url": _url_cells("pledges", ids),
    }


# ---------------------------------------------------------------- practices


def _practice_years(ref: Reference, rng: np.random.Generator, count: int):
    """Start years, the round group of each (a year is placed at its middle) and Hub-style `dates` cells."""
    years = FIRST_PRACTICE_YEAR + rng.choice(
        len(PRACTICE_YEAR_WEIGHTS), size=count, p=_normalised(PRACTICE_YEAR_WEIGHTS)
    )
    mid_years = np.array([f"{y}-07-02" for y in range(FIRST_PRACTICE_YEAR, LAST_PRACTICE_YEAR + 1)], "datetime64[D]")
    group = _round_group(ref, mid_years)[years - FIRST_PRACTICE_YEAR]
    kind = rng.choice(3, size=count, p=[0.45, 0.15, 0.40])  # ongoing, one year, a range
    end = np.minimum(years + rng.integers(1, 7, size=count), LAST_PRACTICE_YEAR)
    start_text, end_text = years.astype(TEXT), end.astype(TEXT)
    one_year = (kind == 1) | ((kind == 2) & (end == years))
    cells = np.where(
        kind == 0,
        _concat(start_text, " - Present"),
        np.where(one_year, start_text, _concat(start_text, " - ", end_text)),
    )
    return group, cells


def _primary_and_secondary(ref: Reference, weights: Weights, rng: np.random.Generator, group: np.ndarray):
    """1-2 primary objectives and up to 3 secondary ones, 1-4 in all, in drawn order (primary is not the lowest)."""
    wanted = 1 + rng.choice(4, size=len(group), p=_normalised(OBJECTIVE_COUNT_SHARES))
    drawn = _sample_slots(rng, weights.objectives, group, 4) + 1
    keep = _distinct_slots(drawn, wanted)
    order = np.argsort(~keep, axis=1, kind="stable")  # kept slots first, in drawn order
    drawn, keep = np.take_along_axis(drawn, order, axis=1), np.take_along_axis(keep, order, axis=1)
    primary_count = np.minimum(1 + (rng.random(len(group)) < 0.4), keep.sum(axis=1))
    is_primary = np.arange(4)[None, :] < primary_count[:, None]
    # One style per practice (numbers, full titles or short titles), shared by its primary and secondary cells.
    style = rng.choice(3, size=len(group), p=[0.96, 0.02, 0.02])
    codes = style[:, None] * 23 + drawn - 1
    vocabulary = ref.objective_tokens.reshape(-1)
    return _join_cells(vocabulary, codes, keep & is_primary), _join_cells(vocabulary, codes, keep & ~is_primary)


def _region_cells(ref: Reference, drawn: np.ndarray, keep: np.ndarray, is_global: np.ndarray) -> np.ndarray:
    """Hub regions of the practice's countries (`Global` for global practices)."""
    names, codes = np.unique(ref.region, return_inverse=True)
    region_codes = codes[drawn]
    region_keep = _drop_repeats(region_codes, keep)
    return np.where(is_global, GLOBAL, _join_cells(names.astype(TEXT), region_codes, region_keep))


def _pool_names(rng: np.random.Generator, label: str, pool: int, count: int) -> np.ndarray:
    """Names drawn from a numbered pool with a long tail (a few names recur often)."""
    names = _numbered(label, pool, 3)
    popularity = 1.0 / np.arange(1, pool + 1) ** 0.8
    return names[rng.choice(pool, size=count, p=popularity / popularity.sum())]


def make_practices(ref: Reference, weights: Weights, rng: np.random.Generator, count: int) -> Columns:
    """Hub practices: start years 2012-2026, 1-2 primary objectives, regions following the countries."""
    group, dates = _practice_years(ref, rng, count)
    ids = _numbered("demo-practice-", count, 6)
    primary, secondary = _primary_and_secondary(ref, weights, rng, group)
    drawn, keep, is_global = sample_countries(weights, rng, group)
    countries, drawn = country_cells(ref, rng, drawn, keep, is_global)
    return {
        "practice_id": ids,
        "title": _concat("Synthetic practice ", ids, " (illustrative)"),
        "primary_objectives": primary,
        "secondary_objectives": secondary,
        "guiding_principles": _principle_cells(rng, count),
        "dates": dates,
        "practice_type": _choice(rng, PRACTICE_TYPES, [40, 15, 8, 12, 12, 8, 5], count),
        "countries": countries,
        "regions": _region_cells(ref, drawn, keep, is_global),
        "main_implementer": _pool_names(rng, "Demo implementer ", max(50, count // 5), count),
        "source_url": _url_cells("practices", ids),
    }


# ---------------------------------------------------------------- GCM Talks


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
    regional_drawn = _sample_slots(rng, members * weights.country_base[None, :], commission, 2)
    national_drawn = _sample_slots(rng, weights.countries, group, 2)
    drawn = np.where(regional[:, None], regional_drawn, national_drawn)
    keep = np.where(
        regional[:, None],
        _distinct_slots(regional_drawn, rng.integers(0, 3, size=len(scope))),
        np.arange(2)[None, :] < 1,
    )
    keep &= (scope != "global")[:, None]
    return country_cells(ref, rng, drawn, keep, scope == "global")[0]


def make_talks(ref: Reference, weights: Weights, rng: np.random.Generator, count: int) -> Columns:
    """GCM Talks: only from February 2023, ids in date order."""
    start = _day(TALKS_START)
    days = np.sort(start + rng.integers(0, (_day(DATA_CUTOFF) - start).astype(int) + 1, size=count))
    group = _round_group(ref, days)
    ids = _numbered("DEMO-T", count, 4)
    scope = _choice(rng, TALK_SCOPES, [45, 35, 20], count)  # global, regional, national
    commission = rng.integers(len(COMMISSION_IDS), size=count)
    numbers, keep_objectives = sample_objectives(weights, rng, group, max_count=3)
    return {
        "talk_id": ids,
        "date": _date_cells(days, rng.random(count) < 0.05),
        "title": _concat("Synthetic GCM Talk on ", ref.objective_tokens[2, numbers[:, 0] - 1], " (", ids, ")"),
        "format": _choice(rng, TALK_FORMATS, [60, 25, 15], count),
        "organisers": _pool_names(rng, "Demo organiser ", 25, count),
        "scope": scope,
        "commissions": np.where(scope == "regional", np.array(COMMISSION_IDS, dtype=TEXT)[commission], ""),
        "countries": _talk_countries(ref, weights, rng, scope, commission, group),
        "objectives": objective_cells(ref, rng, numbers, keep_objectives),
        "source_url": _url_cells("gcm_talks", ids),
    }


# ---------------------------------------------------------------- regional reviews


def _review_dates(ref: Reference, rng: np.random.Generator, round_id: int, count: int) -> np.ndarray:
    """Sorted days inside the round's regional-review period."""
    row = ref.rounds.set_index("round_id").loc[str(round_id)]
    first, last = _day(row["regional_reviews_from"]), _day(row["regional_reviews_to"])
    return np.sort(first + rng.integers(0, (last - first).astype(int) + 1, size=count))


def _country_submissions(ref: Reference, weights: Weights, rng: np.random.Generator, scale: int) -> pd.DataFrame:
    """Member-State counts 0-5 per commission member, round and kind (times `scale`)."""
    frame = ref.members.merge(pd.DataFrame({"review_round": [1, 2]}), how="cross")
    frame = frame.merge(pd.DataFrame({"kind": ["voluntary_review", "survey_response"]}), how="cross")
    zero_share = np.array(
        [SUBMISSION_ZERO_SHARE[c][r - 1] for c, r in zip(frame["commission_id"], frame["review_round"])]
    )
    country = np.searchsorted(ref.iso3, frame["iso3"].to_numpy(object).astype(TEXT))
    popularity = np.minimum(weights.country_base[country], 4)
    counts = 1 + np.minimum(4, rng.poisson(0.3 + 0.8 * popularity))
    frame["count"] = np.where(rng.random(len(frame)) < zero_share, 0, counts) * scale
    named = frame["iso3"].isin(list(UN_STYLE_NAMES)).to_numpy() & (rng.random(len(frame)) < 0.5)
    frame["country"] = np.where(named, frame["iso3"].map(UN_STYLE_NAMES), frame["iso3"])
    frame["submitter_type"] = "member_state"
    frame["note"] = np.where(
        frame["kind"] == "voluntary_review",
        "synthetic count of voluntary GCM reviews",
        "synthetic count of survey responses",
    )
    return frame.rename(columns={"commission_id": "commission"})


def _stakeholder_submissions(rng: np.random.Generator, scale: int) -> pd.DataFrame:
    """Region-level stakeholder counts (no country), higher where the commission's countries report more."""
    rows = []
    for commission, zero_shares in SUBMISSION_ZERO_SHARE.items():
        for review_round, zero_share in enumerate(zero_shares, start=1):
            for kind, mean in STAKEHOLDER_KIND_MEANS.items():
                count = rng.poisson(mean * (1 - zero_share) * 2) * scale
                rows.append(
                    {
                        "commission": commission,
                        "review_round": review_round,
                        "country": "",
                        "submitter_type": "stakeholder",
                        "kind": kind,
                        "count": count,
                        "note": f"synthetic count of stakeholder {kind.replace('_', ' ')}s",
                    }
                )
    return pd.DataFrame(rows)


def make_submissions(ref: Reference, weights: Weights, rng: np.random.Generator, scale: int) -> pd.DataFrame:
    """Submission counts for rounds 1 and 2: per member State and kind, and per commission for stakeholders."""
    frame = pd.concat([_country_submissions(ref, weights, rng, scale), _stakeholder_submissions(rng, scale)])
    as_of = {
        (c, r): _date_cells(_review_dates(ref, rng, r, 1), np.array([False]))[0] for c in COMMISSION_IDS for r in (1, 2)
    }
    frame["as_of"] = [as_of[key] for key in zip(frame["commission"], frame["review_round"])]
    frame["objectives"] = ""
    frame["source_url"] = URL_BASE + "/submissions/" + frame["commission"] + "-r" + frame["review_round"].astype(str)
    return frame.sort_values(["commission", "review_round", "country", "kind"], kind="stable")


def make_review_meetings(ref: Reference, rng: np.random.Generator) -> pd.DataFrame:
    """Two or three meetings per commission and round; the review conference comes last."""
    rows = []
    for commission in COMMISSION_IDS:
        for review_round in (1, 2):
            events = [MEETING_EVENTS[0]] + ([MEETING_EVENTS[2]] if rng.random() < 0.3 else []) + [MEETING_EVENTS[1]]
            for number, (event, start) in enumerate(zip(events, _review_dates(ref, rng, review_round, len(events)))):
                # Round 1 reviews met during COVID-19: mostly online.
                meeting_format = MEETING_FORMATS[
                    rng.choice(3, p=[0.1, 0.6, 0.3] if review_round == 1 else [0.5, 0.2, 0.3])
                ]
                rows.append(
                    {
                        "commission": commission,
                        "review_round": review_round,
                        "event": f"{event} (synthetic)",
                        "start_date": str(start),
                        "end_date": str(start + int(rng.integers(0, 3))),
                        "location": "Online"
                        if meeting_format == "online"
                        else f"{COMMISSION_SEATS[commission]} (synthetic venue)",
                        "format": meeting_format,
                        "source_url": f"{URL_BASE}/review_meetings/{commission}-r{review_round}-{number + 1}",
                    }
                )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- reasons

ENABLER_PHRASES = {
    "policy_or_legal_change": "a new law or policy widened the activity reported",
    "national_implementation_plan": "a national GCM implementation plan was adopted",
    "institutional_coordination": "a new inter-ministerial body coordinated GCM work",
    "funding": "new funding supported more initiatives",
    "capacity_or_technical_support": "technical support helped partners report activity",
    "stakeholder_engagement": "stakeholder networks mobilised around the regional review",
}
OBSTACLE_PHRASES = {
    "political_priority_shift": "migration governance fell down the political agenda",
    "crisis_covid19": "COVID-19 disruption delayed planned initiatives",
    "crisis_conflict_displacement": "conflict and displacement diverted attention and resources",
    "crisis_disaster_climate": "disasters diverted attention and resources",
    "funding": "funding ended for several initiatives",
    "data_availability": "fewer partners reported their activity",
}
ARTEFACT_REASONS = (
    ("mechanism_launched_or_ended", "gcm_talks", "GCM Talks only began in February 2023, so round 1 has none"),
    ("reporting_artefact", "submissions", "the review used a different submission form, so counts do not compare"),
)


def _reason_geographies(ref: Reference, weights: Weights, subregions: list[str]) -> list[str]:
    """Global, the given sub-regions, the busiest country of each, and the commissions."""
    busiest = [ref.iso3[ref.subregion == s][np.argmax(weights.country_base[ref.subregion == s])] for s in subregions]
    return [GLOBAL, *subregions, *busiest, *COMMISSION_IDS]


def _reason_candidate(ref: Reference, weights: Weights, rng: np.random.Generator) -> dict[str, object]:
    """One reason: an enabler of a rising objective, an obstacle of a falling one, or a reporting artefact."""
    draw = rng.random()
    if draw < 0.15:
        code, stream, phrase = ARTEFACT_REASONS[int(rng.integers(len(ARTEFACT_REASONS)))]
        geography = GLOBAL if stream == "gcm_talks" else COMMISSION_IDS[int(rng.integers(len(COMMISSION_IDS)))]
        return {
            "objective": int(rng.integers(1, 24)),
            "geography": geography,
            "stream": stream,
            "direction": "artefact",
            "reason_code": code,
            "phrase": phrase,
        }
    rising = draw < 0.6
    objectives = [o for o, t in OBJECTIVE_TRENDS.items() if (t > 1) == rising]
    subregions = [s for s, t in SUBREGION_TRENDS.items() if (t > 1) == rising]
    phrases = ENABLER_PHRASES if rising else OBSTACLE_PHRASES
    code = list(phrases)[int(rng.integers(len(phrases)))]
    geographies = _reason_geographies(ref, weights, subregions)
    return {
        "objective": objectives[int(rng.integers(len(objectives)))],
        "geography": geographies[int(rng.integers(len(geographies)))],
        "stream": ("", "pledges", "practices")[int(rng.integers(3))],
        "direction": "enabler" if rising else "obstacle",
        "reason_code": code,
        "phrase": phrases[code],
    }


def make_reasons(ref: Reference, weights: Weights, rng: np.random.Generator) -> pd.DataFrame:
    """About 30 illustrative reasons for round 2, unique on the file's natural key."""
    key = IMPORT_FILES_BY_NAME["reasons.csv"].natural_key
    candidates = pd.DataFrame([_reason_candidate(ref, weights, rng) for _ in range(4 * REASON_ROWS)])
    candidates["review_round"] = 2
    frame = candidates.drop_duplicates(subset=list(key)).head(REASON_ROWS).reset_index(drop=True)
    frame["text"] = "Illustrative only (synthetic demo data, not a real finding): " + frame["phrase"] + "."
    frame["source_url"] = URL_BASE + "/reasons/" + pd.Series(_numbered("R", len(frame), 3))
    first = _day("2024-06-01")
    frame["recorded_on"] = _date_cells(
        first + rng.integers(0, (_day(DATA_CUTOFF) - first).astype(int) + 1, size=len(frame)),
        np.zeros(len(frame), dtype=bool),
    )
    return frame


# ---------------------------------------------------------------- files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _csv_fields(values: np.ndarray) -> list[str]:
    """A column as CSV fields, quoted only where needed, exactly as pandas' `to_csv` (csv.QUOTE_MINIMAL) writes."""
    text = np.asarray(values).astype(TEXT, copy=False)
    fields = text.tolist()
    # One scan of the joined column finds which special characters occur at all: most columns have none, and
    # per-row searches are only run for those that do.
    whole = "\x00".join(fields)
    present = [special for special in CSV_SPECIALS if special in whole]
    if not present:
        return fields
    needs_quotes = np.logical_or.reduce([np.strings.find(text, special) >= 0 for special in present])
    text = text.copy()
    text[needs_quotes] = _concat('"', np.strings.replace(text[needs_quotes], '"', '""'), '"')
    return text.tolist()


def write_csv(columns: Columns, header: list[str], path: Path) -> int:
    """Write the `header` columns as UTF-8 CSV with `\\n` line ends; returns the number of rows.

    Several times faster than `DataFrame.to_csv`, which formats row by row in Python; the tests check that both
    write the same bytes. Chunks keep the memory of a million-row file small.
    """
    rows = len(columns[header[0]])
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(header) + "\n")
        for start in range(0, rows, WRITE_CHUNK_ROWS):
            fields = [_csv_fields(columns[name][start : start + WRITE_CHUNK_ROWS]) for name in header]
            out.write("\n".join(map(",".join, zip(*fields))) + "\n")
    return rows


def _frame_columns(frame: pd.DataFrame) -> Columns:
    return {name: frame[name].to_numpy(dtype=object) for name in frame.columns}


def _write_import_file(columns: Columns, out_dir: Path, name: str) -> dict[str, object]:
    """Write the file's columns in contract order; returns its manifest entry."""
    path = out_dir / name
    rows = write_csv(columns, IMPORT_FILES_BY_NAME[name].field_names, path)
    return {"rows": rows, "sha256": _sha256(path)}


def _write_manifest(out_dir: Path, seed: int, scale: int, files: dict[str, dict[str, object]]) -> None:
    manifest = {
        "name": "demo",
        "title": "Synthetic demo data (not real GCM figures)",
        "is_synthetic": True,
        "data_cutoff": date.fromisoformat(DATA_CUTOFF),
        "licence": "CC0-1.0 (synthetic)",
        "producer": "etl.demo (synthetic generator)",
        "description": (
            f"Synthetic records generated by etl.demo with seed {seed} and scale {scale}. Every pledge, "
            "practice, GCM Talk, submission count, meeting and reason is invented: not real GCM figures."
        ),
        "seed": seed,
        "scale": scale,
        "files": files,
    }
    # Written last, through a temporary name: its presence means the dataset is complete (see ensure_demo).
    temporary = out_dir / (MANIFEST + ".tmp")
    temporary.write_text(yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True), encoding="utf-8")
    temporary.replace(out_dir / MANIFEST)


def generate(out_dir: Path, seed: int = 42, scale: int = 1) -> dict[str, int]:
    """Write the synthetic import files and manifest.yml into `out_dir`; returns the rows per file."""
    if scale < 1:
        raise ValueError(f"scale must be a positive integer, not {scale}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)  # an interrupted run must not look complete
    ref = load_reference()
    # One independent stream per file: changing how one file is drawn leaves the others byte-identical.
    weights_rng, *file_rngs = np.random.default_rng(seed).spawn(7)
    weights = make_weights(ref, weights_rng)
    makers = {
        "pledges.csv": lambda rng: make_pledges(ref, weights, rng, PLEDGES_PER_SCALE * scale),
        "practices.csv": lambda rng: make_practices(ref, weights, rng, PRACTICES_PER_SCALE * scale),
        "gcm_talks.csv": lambda rng: make_talks(ref, weights, rng, TALKS_PER_SCALE * scale),
        "submissions.csv": lambda rng: _frame_columns(make_submissions(ref, weights, rng, scale)),
        "review_meetings.csv": lambda rng: _frame_columns(make_review_meetings(ref, rng)),
        "reasons.csv": lambda rng: _frame_columns(make_reasons(ref, weights, rng)),
    }
    files = {name: _write_import_file(make(rng), out_dir, name) for (name, make), rng in zip(makers.items(), file_rngs)}
    _write_manifest(out_dir, seed, scale, files)
    return {name: int(entry["rows"]) for name, entry in files.items()}


def ensure_demo(out_dir: Path) -> None:
    """Generate the default demo dataset into `out_dir` unless its manifest.yml is already there."""
    if not (Path(out_dir) / MANIFEST).exists():
        generate(Path(out_dir))


def default_out_dir(scale: int) -> Path:
    return paths.raw_dir("demo" if scale == 1 else f"demo-x{scale}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.demo", description=__doc__)
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--scale", type=int, default=1, help="multiply pledges, practices and Talks (default 1)")
    parser.add_argument("--out", type=Path, help="output folder (default data/raw/demo/ or data/raw/demo-x<scale>/)")
    args = parser.parse_args(argv)
    out_dir = args.out or default_out_dir(args.scale)
    rows = generate(out_dir, seed=args.seed, scale=args.scale)
    for name, count in rows.items():
        print(f"{name:<22}{count:>12,}")
    print(f"{'total':<22}{sum(rows.values()):>12,}  -> {out_dir} (synthetic, seed {args.seed}, scale {args.scale})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

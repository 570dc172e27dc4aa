"""Shared pieces of the demo generator: reference facts, text-column helpers, weights, objective and country cells."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl import paths

DATA_CUTOFF = "2026-10-31"
URL_BASE = "https://example.org/demo"

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

# Variable-length numpy text: np.strings ufuncs build whole columns at once, with no Python loop per row.
TEXT = np.dtypes.StringDType()
Columns = dict[str, np.ndarray]


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


def day(iso: str) -> np.datetime64:
    return np.datetime64(iso, "D")


def round_group(ref: Reference, days: np.ndarray) -> np.ndarray:
    """0 before round 1, else the review round whose window holds the date."""
    starts = ref.rounds["window_start"].to_numpy("datetime64[D]")
    return np.searchsorted(starts, days, side="right")


def concat(*parts) -> np.ndarray:
    """Element-wise concatenation of text arrays and plain strings."""
    result = parts[0]
    for part in parts[1:]:
        result = np.strings.add(result, part)
    return result


def date_cells(days: np.ndarray, month_only: np.ndarray) -> np.ndarray:
    """`YYYY-MM-DD`, or `YYYY-MM` where `month_only`."""
    text = np.datetime_as_string(days.astype("datetime64[D]"), unit="D")
    return np.where(month_only, text.astype("<U7"), text).astype(TEXT)


def numbered(prefix: str, count: int, width: int) -> np.ndarray:
    """`prefix` + 1..count zero-padded: ids that sort like numbers."""
    return concat(prefix, np.strings.zfill(np.arange(1, count + 1).astype(TEXT), max(width, len(str(count)))))


def weighted_choice(rng: np.random.Generator, values, shares, size: int) -> np.ndarray:
    """`size` values drawn with the given (unnormalised) shares."""
    shares = np.asarray(shares, dtype=float)
    return np.array(values, dtype=TEXT)[rng.choice(len(shares), size=size, p=shares / shares.sum())]


def sample_slots(rng: np.random.Generator, weights: np.ndarray, group: np.ndarray, slots: int) -> np.ndarray:
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


def drop_repeats(drawn: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """`keep` without the slots that repeat the value of an earlier kept slot of the same row."""
    keep = keep.copy()
    for col in range(1, drawn.shape[1]):
        repeat = ((drawn[:, :col] == drawn[:, col : col + 1]) & keep[:, :col]).any(axis=1)
        keep[:, col] &= ~repeat
    return keep


def distinct_slots(drawn: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Which slots to keep: the first `wanted` per row, less repeats (so a row may end up with fewer)."""
    return drop_repeats(drawn, np.arange(drawn.shape[1])[None, :] < wanted[:, None])


def join_cells(vocabulary: np.ndarray, codes: np.ndarray, keep: np.ndarray) -> np.ndarray:
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
        joined[rows] = concat(*parts)
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
    return join_cells(ref.objective_tokens.reshape(-1), style[:, None] * 23 + numbers - 1, keep)


def sample_objectives(weights: Weights, rng: np.random.Generator, group: np.ndarray, max_count: int = 4):
    """1..max_count distinct objectives per row, sorted: (numbers (n, max_count), keep mask)."""
    wanted = 1 + rng.choice(max_count, size=len(group), p=normalised(OBJECTIVE_COUNT_SHARES[:max_count]))
    drawn = sample_slots(rng, weights.objectives, group, max_count) + 1
    keep = distinct_slots(drawn, wanted)
    # Sorting with dropped slots pushed to the end keeps kept slots first and reads like a human-made list.
    ordered = np.sort(np.where(keep, drawn, 99), axis=1)
    return np.where(ordered == 99, 1, ordered), ordered != 99


def normalised(shares: np.ndarray) -> np.ndarray:
    return shares / shares.sum()


def sample_countries(weights: Weights, rng: np.random.Generator, group: np.ndarray):
    """0-3 distinct countries per row, or `Global`: (country index (n, 3), keep mask, is_global)."""
    wanted = rng.choice(5, size=len(group), p=COUNTRY_COUNT_SHARES) - 1
    is_global = wanted < 0
    drawn = sample_slots(rng, weights.countries, group, 3)
    keep = distinct_slots(drawn, np.maximum(wanted, 0))
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
    cells = np.where(is_global, GLOBAL, join_cells(vocabulary, codes, keep))
    return cells, drawn


def url_cells(stream: str, ids: np.ndarray) -> np.ndarray:
    return concat(f"{URL_BASE}/{stream}/", ids)


def principle_cells(rng: np.random.Generator, count: int) -> np.ndarray:
    """0-3 guiding principles (numbers 1-10) per row."""
    drawn = np.sort(rng.integers(1, 11, size=(count, 3)), axis=1)
    keep = distinct_slots(drawn, rng.integers(0, 4, size=count))
    return join_cells(np.arange(11).astype(TEXT), drawn, keep)


def pool_names(rng: np.random.Generator, label: str, pool: int, count: int) -> np.ndarray:
    """Names drawn from a numbered pool with a long tail (a few names recur often)."""
    names = numbered(label, pool, 3)
    popularity = 1.0 / np.arange(1, pool + 1) ** 0.8
    return names[rng.choice(pool, size=count, p=popularity / popularity.sum())]

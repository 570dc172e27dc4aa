"""Demo reasons: illustrative enablers, obstacles and reporting artefacts behind round-2 changes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.demo.sampling import (
    DATA_CUTOFF,
    GLOBAL,
    OBJECTIVE_TRENDS,
    SUBREGION_TRENDS,
    URL_BASE,
    Reference,
    Weights,
    date_cells,
    day,
    numbered,
)
from etl.schema import COMMISSION_IDS, IMPORT_FILES_BY_NAME

REASON_ROWS = 30
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
    frame["source_url"] = URL_BASE + "/reasons/" + pd.Series(numbered("R", len(frame), 3))
    first = day("2024-06-01")
    frame["recorded_on"] = date_cells(
        first + rng.integers(0, (day(DATA_CUTOFF) - first).astype(int) + 1, size=len(frame)),
        np.zeros(len(frame), dtype=bool),
    )
    return frame

"""Demo regional reviews: submission counts per member State and stakeholder kind, and review meetings."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.demo.sampling import TEXT, UN_STYLE_NAMES, URL_BASE, Columns, Reference, Weights, date_cells, day
from etl.demo.writing import frame_columns
from etl.schema import COMMISSION_IDS, MEETING_FORMATS

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


# ---------------------------------------------------------------- regional reviews


def _review_dates(ref: Reference, rng: np.random.Generator, round_id: int, count: int) -> np.ndarray:
    """Sorted days inside the round's regional-review period."""
    row = ref.rounds.set_index("round_id").loc[str(round_id)]
    first, last = day(row["regional_reviews_from"]), day(row["regional_reviews_to"])
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
        (c, r): date_cells(_review_dates(ref, rng, r, 1), np.array([False]))[0] for c in COMMISSION_IDS for r in (1, 2)
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


def make(ref: Reference, weights: Weights, rng: np.random.Generator, scale: int) -> Columns:
    """The stream registry's entry point: the demo submissions.csv at this scale."""
    return frame_columns(make_submissions(ref, weights, rng, scale))

"""Review submission and participation counts of the public records, as submissions.csv rows."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from etl import paths
from etl.convert_public.cells import HARVEST3, Log, commission, country_code, join_urls, read_rows, stated_date
from etl.schema import IMPORT_FILES_BY_NAME

SUBMITTER_TYPES = {"Member State": "member_state", "Stakeholder": "stakeholder", "Mixed": "mixed"}

# Words of a review metric that say what was counted, checked in this order (a survey of voluntary reviews is a
# survey). Anything else (endorsements, invitations) is not a submission or participation count.
SUBMISSION_KIND_WORDS = (
    ("survey", "survey_response"),
    ("voluntary", "voluntary_review"),
    ("written input", "written_input"),
    ("participa", "consultation_participant"),
    ("attend", "consultation_participant"),
    ("delegates", "consultation_participant"),
    ("representatives", "consultation_participant"),
    ("consultations", "consultation_participant"),
    ("stakeholder advisory group", "consultation_participant"),
    ("brought together", "consultation_participant"),
    ("contributing at", "consultation_participant"),
    ("countries at", "consultation_participant"),
)
# "over 80", "about 100", "more than 350", "29 (+3 associate members)"; anything else ("held", a date) is an event.
COUNT_VALUE = re.compile(r"^(?:(?:over|about|more than)\s+)?(?P<count>\d[\d,]*)(?:\s*\(\+\d+ associate members?\))?$")
NOTE_MAX_CHARS = 300
# A round cell of harvest3/voluntary_reviews.csv: "1 (IMRF 2022)", "2 (IMRF 2026)", or words naming the IMRF.
LEADING_ROUND = re.compile(r"^([12])\b")
# A month or day anywhere in a cell ("VNR validated 2022-05-10"); a bare year may be the compiler's context.
ISO_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")


def convert_submissions(shared: Path, log: Log) -> list[dict[str, str]]:
    """Counts only: rows that record an event ("held", "participated") or give no number are left out."""
    rows = read_rows(shared / "review_submissions.csv") + read_rows(shared / "review_inputs_more.csv")
    key_fields = IMPORT_FILES_BY_NAME["submissions.csv"].natural_key
    seen: dict[tuple[str, ...], str] = {}
    submissions = []
    records = [(where, submission(row, where, log)) for where, row in rows]
    members = commission_members()
    records += [
        (where, voluntary_review(row, where, members, log))
        for where, row in read_rows(shared / HARVEST3 / "voluntary_reviews.csv", HARVEST3)
    ]
    for where, record in records:
        if record is None:
            continue
        key = tuple(record[name] for name in key_fields)
        if key in seen:
            log.add(where, f"skipped: same commission, round, country, submitter type and kind as {seen[key]}")
            continue
        seen[key] = where
        submissions.append(record)
    return submissions


def submission(row: dict[str, str], where: str, log: Log) -> dict[str, str] | None:
    """One submissions.csv row, or None (logged) when the source row is not a count for one commission and round."""
    commission_id = commission(row["regional_commission"])
    if commission_id is None:
        log.add(where, f'skipped: "{row["regional_commission"]}" is not a single regional commission')
        return None
    if row["review_round"] not in ("1", "2"):
        log.add(where, f'skipped: "{row["review_round"]}" is not review round 1 or 2')
        return None
    value = COUNT_VALUE.match(row["value"])
    if not value:
        log.add(where, f'skipped: value "{row["value"]}" is not a count')
        return None
    metric = row["metric"].lower()
    kind = next((kind for word, kind in SUBMISSION_KIND_WORDS if word in metric), None)
    if kind is None:
        log.add(where, f'skipped: "{row["metric"]}" counts neither submissions nor participants')
        return None
    country = ""
    if row["country"]:
        country = country_code(row["country"]) or ""
        if not country:
            log.add(where, f'skipped: country "{row["country"]}" is not a known country')
            return None
    count = value.group("count").replace(",", "")
    note = row["metric"]
    if row["value"] != count:  # keep "over", "about" and the like: the count is a lower bound or a round figure
        note += f"; source says: {row['value']}"
    return {
        "commission": commission_id,
        "review_round": row["review_round"],
        "country": country,
        # Other submitters (inter-State mechanisms, regional bodies) are none of the three types: mixed.
        "submitter_type": SUBMITTER_TYPES.get(row["submitter_type"], "mixed"),
        "kind": kind,
        "count": count,
        "as_of": stated_date(row["as_of"], where, "as_of", log),
        "objectives": "",
        "note": note[:NOTE_MAX_CHARS],
        "source_url": join_urls(row["source_url"]),
    }


def commission_members() -> dict[str, set[str]]:
    """The regional commissions each country (ISO3) is a member of (data/reference/commission_members.csv)."""
    members: dict[str, set[str]] = {}
    with (paths.REFERENCE / "commission_members.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            members.setdefault(row["iso3"], set()).add(row["commission_id"])
    return members


def review_round(cell: str) -> str | None:
    """The review round a cell states: its leading number, else the IMRF it names (IMRF 2022 closes round 1)."""
    if match := LEADING_ROUND.match(cell):
        return match.group(1)
    with (paths.REFERENCE / "review_rounds.csv").open(encoding="utf-8", newline="") as f:
        named = [row["round_id"] for row in csv.DictReader(f) if row["imrf"] and row["imrf"] in cell]
    return named[0] if len(named) == 1 else None


def voluntary_review(row: dict[str, str], where: str, members: dict[str, set[str]], log: Log) -> dict[str, str] | None:
    """One country's voluntary national review as a count of 1, or None (logged) when its country, round or
    commission is not unambiguous or the review is only in preparation."""
    country = country_code(row["country"])
    if country is None:
        log.add(where, f'skipped: country "{row["country"]}" is not a known country')
        return None
    round_id = review_round(row["round"])
    if round_id is None:
        log.add(where, f'skipped: round "{row["round"]}" names neither review round 1 nor 2')
        return None
    if "in preparation" in row["round"]:
        log.add(where, f'skipped: round "{row["round"]}" is a review in preparation, not one submitted')
        return None
    # The source's commission stands when the country is a member of it; without one, only a single membership
    # decides (a country of two commissions, e.g. Azerbaijan in ESCAP and UNECE, needs the source to say which).
    memberships = members.get(country, set())
    stated = commission(row["commission"]) if row["commission"] else None
    if stated is not None and stated in memberships:
        commission_id = stated
    elif not row["commission"] and len(memberships) == 1:
        commission_id = next(iter(memberships))
    else:
        log.add(where, f'skipped: commission "{row["commission"]}" is not one {country} is a member of')
        return None
    iso_date = ISO_DATE.search(row["submitted_on"])
    as_of = stated_date(iso_date.group(0), where, "submitted_on", log) if iso_date else ""
    if row["submitted_on"] and not as_of:
        log.add(where, f'submitted_on "{row["submitted_on"]}" gives no month or day: left empty')
    return {
        "commission": commission_id,
        "review_round": round_id,
        "country": country,
        "submitter_type": "member_state",
        "kind": "voluntary_review",
        "count": "1",
        "as_of": as_of,
        "objectives": "",
        # The evidence quote says what was submitted, in the source's words.
        "note": row["evidence"][:NOTE_MAX_CHARS],
        "source_url": join_urls(row["source_url"]),
    }

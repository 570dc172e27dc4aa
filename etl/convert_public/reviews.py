"""Review submission and participation counts of the public records, as submissions.csv rows."""

from __future__ import annotations

import re
from pathlib import Path

from etl.convert_public.cells import Log, commission, country_code, join_urls, read_rows, stated_date
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


def convert_submissions(shared: Path, log: Log) -> list[dict[str, str]]:
    """Counts only: rows that record an event ("held", "participated") or give no number are left out."""
    rows = read_rows(shared / "review_submissions.csv") + read_rows(shared / "review_inputs_more.csv")
    key_fields = IMPORT_FILES_BY_NAME["submissions.csv"].natural_key
    seen: dict[tuple[str, ...], str] = {}
    submissions = []
    for where, row in rows:
        record = submission(row, where, log)
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

"""Convert the public GCM records of ../shared/data/public into the import files and manifest of data/raw/public."""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry
import yaml

from etl import paths
from etl.schema import COMMISSION_IDS, IMPORT_FILES_BY_NAME, STREAMS

DEFAULT_SHARED = paths.ROOT.parent / "shared"
DEFAULT_OUT = paths.raw_dir("public")

# The day the public pages were collected: no record can be dated after it.
DATE_ACCESSED = date(2026, 11, 1)
# The GCM was endorsed by the General Assembly on this day; activity dates before it are data errors.
GCM_ENDORSED = date(2018, 12, 19)
# Published total, quoted in the manifest to show how partial the pledges are (Network newsletter, Oct 2022:
# https://us19.campaign-archive.com/?u=91a1d870ca31df83b2b697cf6&id=c55ba89e83).
PLEDGES_RECORDED_OCT_2022 = 214

ENTITY_CATEGORY_MAP = {
    "UN system": "UN system",
    "UN entity": "UN system",
    "UN Network workstream": "UN system",
    "Member State": "State",
    "States (form category)": "State",
    "State": "State",
    "State (joint)": "State",
    "International Organizations (form category)": "Other international organization",
    "Academia and Researchers (form category)": "Academia",
    "Local government": "Local authority",
    "Local government association": "Local authority",
    "City network (joint)": "Local authority",
}

# Spellings pycountry does not know (web-form country lists use reference-book style names).
COUNTRY_ALIASES = {"Gambia, The": "GMB", "The Gambia": "GMB"}
GLOBAL = "Global"

TALK_FORMATS = {"online": "online", "hybrid": "hybrid", "in-person": "in-person"}
TALK_REGIONS = {  # region_or_scope -> (scope, commission)
    "Global": ("global", ""),
    "Africa": ("regional", "ECA"),
    "Arab States": ("regional", "ESCWA"),
    "Asia-Pacific": ("regional", "ESCAP"),
    "Southern Africa": ("regional", "ECA"),
}
MEETING_FORMATS = {
    "in-person": "in-person",
    "online": "online",
    "virtual": "online",
    "hybrid": "hybrid",
    "hybrid/online": "hybrid",
}
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

# A leading ISO date in a cell that may carry a comment: "2022 (launch of Migrant Electoral Guide)".
LEADING_DATE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?=\s|$)")
# A leading objective list in a cell that may carry a comment: "16;22 (event page tags)".
LEADING_OBJECTIVES = re.compile(r"^(\d{1,2}(?:\s*;\s*\d{1,2})*)(?=\s|$)")
SECONDARY_OBJECTIVES = re.compile(r"^\(secondary:\s*(\d{1,2}(?:\s*;\s*\d{1,2})*)\)$")
HUB_DATES = re.compile(r"^\d{4}(?: - (?:\d{4}|Present))?$")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
PARENTHESES = re.compile(r"\s*\([^)]*\)")
# Compiler's remarks about where an entity name was read, not part of the name.
ENTITY_REMARK = re.compile(r"\s*\((?:as|per) [^)]*\)")
PER_SUMMARY = re.compile(r"\s*\(per summary\)|[;,]?\s*per summary(?=\))")
PRINCIPLES_IN_NOTES = re.compile(r"Guiding principles field lists (.+?)(?: \(|$)")
PLEDGE_PAGE = re.compile(r"/pledge/([^/?#]+)")
PRACTICE_PAGE = re.compile(r"/practice/([^/?#]+)")
# Source cells separate URLs by " ; "; a bare ";" could be part of a URL, so it needs a space on one side.
URL_SEPARATOR = re.compile(r"\s+;\s*|\s*;\s+")

HUB_REGION_WORDS = (
    (re.compile(r"\bAfrica\b"), "Africa"),
    (re.compile(r"\bAmericas\b|\bLatin America\b|\bCaribbean\b"), "Americas"),
    (re.compile(r"\bAsia\b"), "Asia"),
    (re.compile(r"\bEurope\b"), "Europe"),
    (re.compile(r"\bOceania\b"), "Oceania"),
)


@dataclass
class Log:
    """What the conversion left out or could not map, one line each, for the summary."""

    lines: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.lines.append(f"{where}: {message}")


# ---------------------------------------------------------------- cell helpers


def read_rows(path: Path) -> list[tuple[str, dict[str, str]]]:
    """Rows of a source file with a `file:line` label each."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f, restval="")
        return [(f"{path.name}:{reader.line_num}", {k: (v or "").strip() for k, v in row.items()}) for row in reader]


def join_list(items: list[str]) -> str:
    """A multi-valued cell: items in order, duplicates dropped, `;` without spaces."""
    return ";".join(dict.fromkeys(item for item in items if item))


def join_urls(cell: str) -> str:
    return join_list([url.strip() for url in URL_SEPARATOR.split(cell)])


def slugify(text: str, max_chars: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:max_chars].rstrip("-")


def unique_id(candidate: str, taken: set[str]) -> str:
    """The candidate, or candidate-2, -3, ... when an earlier row has it (file order decides)."""
    result, number = candidate, 1
    while result in taken:
        number += 1
        result = f"{candidate}-{number}"
    taken.add(result)
    return result


def country_code(name: str) -> str | None:
    """ISO3 code of a country name, `Global` for global; None when it does not name one country."""
    if name in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[name]
    bare = PARENTHESES.sub("", name).strip()
    if bare == GLOBAL:
        return GLOBAL
    if bare in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[bare]
    try:
        return pycountry.countries.lookup(bare).alpha_3
    except LookupError:
        return None


def objectives(cell: str) -> str:
    """The objective numbers a cell starts with; the compiler's comment after them is dropped."""
    match = LEADING_OBJECTIVES.match(cell)
    if not match:
        return ""
    numbers = [int(n) for n in match.group(1).split(";")]
    if not all(1 <= n <= 23 for n in numbers):
        raise ValueError(f'"{cell}" names an objective outside 1-23')
    return join_list([str(n) for n in numbers])


def period_end(iso: str) -> date:
    """Last day of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` period."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        year, month = parts
        first_of_next = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(first_of_next.toordinal() - 1)
    return date(parts[0], 12, 31)


def stated_date(cell: str, where: str, column: str, log: Log) -> str:
    """The ISO date a cell starts with, as precise as given; empty when none or outside the GCM period."""
    match = LEADING_DATE.match(cell)
    if not match:
        if cell:
            log.add(where, f'{column} "{cell}" is not a date: left empty')
        return ""
    iso = match.group(1)
    first_day = date(*(int(p) for p in [*iso.split("-"), "1", "1"][:3]))
    if period_end(iso) < GCM_ENDORSED or first_day > DATE_ACCESSED:
        log.add(where, f"{column} {iso} lies outside {GCM_ENDORSED} to {DATE_ACCESSED}: left empty")
        return ""
    return iso


def commission(cell: str) -> str | None:
    """`ESCWA (Arab region)` -> ESCWA; None for `All regions` or a pair of commissions."""
    name = PARENTHESES.sub("", cell).strip()
    return name if name in COMMISSION_IDS else None


# ---------------------------------------------------------------- streams


def convert_pledges(shared: Path, log: Log) -> list[dict[str, str]]:
    rows = read_rows(shared / "pledges.csv") + read_rows(shared / "pledges_more.csv")
    taken: set[str] = set()
    pledges = []
    for where, row in rows:
        urls = join_urls(row["source_url"])
        first_url = urls.split(";")[0]
        if row["submission_number"]:
            candidate = row["submission_number"]
        elif page := PLEDGE_PAGE.search(first_url):
            candidate = page.group(1)
        else:
            candidate = slugify(row["pledge_title"], 80)

        category = ENTITY_CATEGORY_MAP.get(row["entity_type"], "")
        if row["entity_type"] and not category:
            log.add(where, f'entity type "{row["entity_type"]}" has no category: left empty')

        countries = []
        for name in filter(None, (n.strip() for n in row["country_of_implementation"].split(";"))):
            if code := country_code(name):
                countries.append(code)
            else:
                log.add(where, f'country "{name}" is not a known country: left out')
        if not countries and row["region_of_implementation"] == GLOBAL:
            countries.append(GLOBAL)

        # pledges_more.csv gives only a year for some pledges; a full date, where given, is more precise.
        pledged_on = stated_date(row["date_created"], where, "date_created", log)
        if not pledged_on and row.get("year"):
            pledged_on = stated_date(row["year"], where, "year", log)

        principles = PRINCIPLES_IN_NOTES.search(row["notes"])
        # The deadline cell mixes a year with words ("through 2025 (stated)"); only a single stated year is kept.
        deadline_years = YEAR.findall(row["deadline"])
        pledges.append(
            {
                "pledge_id": unique_id(candidate, taken),
                "title": row["pledge_title"],
                "pledging_entity": ENTITY_REMARK.sub("", row["pledging_entity"]).strip(),
                "entity_category": category,
                "pledge_type": pledge_type(row["pledge_type"], where, log),
                "countries": join_list(countries),
                "objectives": objectives(row["objectives"]),
                "guiding_principles": join_list(principles.group(1).split("; ")) if principles else "",
                "pledged_on": pledged_on,
                "deadline": deadline_years[0] if len(deadline_years) == 1 else "",
                "source_url": urls,
            }
        )
    return pledges


def pledge_type(cell: str, where: str, log: Log) -> str:
    """The form's type of pledge. A "joint" pledge is common or in partnership: only the source can say which."""
    lowered = cell.lower()
    for word in ("individual", "common", "matching"):
        if lowered.startswith(word):
            return word
    if "partnership" in lowered:
        return "partnership"
    if cell:
        log.add(where, f'pledge type "{cell}" does not say common or partnership: left empty')
    return ""


def convert_practices(shared: Path, log: Log) -> list[dict[str, str]]:
    rows = read_rows(shared / "practices.csv") + read_rows(shared / "practices_more.csv")
    taken: set[str] = set()
    practices = []
    for where, row in rows:
        urls = join_urls(row["source_url"])
        page = PRACTICE_PAGE.search(urls.split(";")[0])
        # The featured-practices page lists several practices under one URL, so its rows are named by title.
        candidate = page.group(1) if page else slugify(row["title"], 80)

        stated_objectives = row.get("primary_objectives", "")
        secondary = SECONDARY_OBJECTIVES.match(stated_objectives)
        if row["dates"] and not HUB_DATES.match(row["dates"]):
            log.add(where, f'dates "{row["dates"]}" are not as the Hub prints them: left empty')
        countries, regions = practice_geography(row["geography"])
        practices.append(
            {
                "practice_id": unique_id(candidate, taken),
                "title": row["title"],
                "primary_objectives": "" if secondary else objectives(stated_objectives),
                "secondary_objectives": objectives(secondary.group(1)) if secondary else "",
                "dates": row["dates"] if HUB_DATES.match(row["dates"]) else "",
                "practice_type": row["type_of_practice"],
                "countries": countries,
                "regions": regions,
                "main_implementer": PER_SUMMARY.sub("", row["main_implementer"]).strip(),
                "source_url": urls,
            }
        )
    return practices


def practice_geography(cell: str) -> tuple[str, str]:
    """Countries (ISO3) and Hub regions a practice's geography names.

    Bracketed remarks ("(Brussels)", "(per summary)") only narrow down the place, so they are ignored; each `;` or
    ` / ` part is a country when it is exactly a country's name, else it may name a Hub region
    ("Sahel and West Africa" -> Africa). Sub-regions that are not Hub regions ("GCC", "Middle East") give nothing.
    """
    countries, regions = [], []
    for part in re.split(r";| / ", PARENTHESES.sub("", cell)):
        part = part.strip()
        if not part:
            continue
        if (code := country_code(part)) and code != GLOBAL:
            countries.append(code)
            continue
        regions += [region for pattern, region in HUB_REGION_WORDS if pattern.search(part)]
    return join_list(countries), join_list(regions)


def convert_talks(shared: Path, log: Log) -> list[dict[str, str]]:
    taken: set[str] = set()
    talks = []
    for where, row in read_rows(shared / "gcm_talks.csv"):
        talk_date = stated_date(row["date"], where, "date", log)
        if not talk_date:
            log.add(where, "skipped: a talk needs a date")
            continue
        if row["format"] and row["format"] not in TALK_FORMATS:
            log.add(where, f'format "{row["format"]}" is not online, hybrid or in-person: left empty')
        scope, region_commission = TALK_REGIONS.get(row["region_or_scope"], ("", ""))
        talks.append(
            {
                "talk_id": unique_id(f"{talk_date}-{slugify(row['title'], 50)}", taken),
                "date": talk_date,
                "title": row["title"],
                "format": TALK_FORMATS.get(row["format"], ""),
                "organisers": row["organisers"],
                "scope": scope,
                "commissions": region_commission,
                "countries": GLOBAL if scope == "global" else "",
                "objectives": objectives(row["gcm_objectives"]),
                "source_url": join_urls(row["source_url"]),
            }
        )
    return talks


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


def convert_review_meetings(shared: Path, log: Log) -> list[dict[str, str]]:
    def records():
        for where, row in read_rows(shared / "regional_review_meetings.csv"):
            commission_id = commission(row["regional_commission"])
            start_date = stated_date(row["start_date"], where, "start_date", log)
            if commission_id is None or row["review_round"] not in ("1", "2") or not start_date:
                log.add(where, "skipped: no single commission, review round or start date")
                continue
            if row["format"] and row["format"] not in MEETING_FORMATS:
                log.add(where, f'format "{row["format"]}" is not in-person, online or hybrid: left empty')
            yield (
                where,
                {
                    "commission": commission_id,
                    "review_round": row["review_round"],
                    "event": row["event"],
                    "start_date": start_date,
                    "end_date": stated_date(row["end_date"], where, "end_date", log),
                    "location": row["location"],
                    "format": MEETING_FORMATS.get(row["format"], ""),
                    "source_url": join_urls(row["source_url"]),
                },
            )

    return keep_first(records(), "review_meetings.csv", log, "same commission, round, event and start date as")


def convert_published_totals(shared: Path, log: Log) -> list[dict[str, str]]:
    """Totals as their publishers stated them (newsletters, closing statements): beside the records found, they
    say how much more exists. Values stay as published ("more than 200"); a repeated statement is kept once."""

    def records():
        for name in ("published_totals.csv", "totals_more.csv"):
            for where, row in read_rows(shared / name):
                if not (row["topic"] and row["metric"] and row["value"] and row["source_url"]):
                    log.add(where, "skipped: a published total needs its topic, metric, value and source")
                    continue
                fields = ("topic", "metric", "value", "as_of", "note")
                yield where, {f: row[f] for f in fields} | {"source_url": join_urls(row["source_url"])}

    return keep_first(records(), "published_totals.csv", log, "the same total as")


def keep_first(records, file_name: str, log: Log, same: str) -> list[dict[str, str]]:
    """The records whose natural key (the import file's) was not seen before; a repeat is logged as skipped."""
    key_fields = IMPORT_FILES_BY_NAME[file_name].natural_key
    seen: dict[tuple[str, ...], str] = {}
    kept = []
    for where, record in records:
        key = tuple(record[name] for name in key_fields)
        if key in seen:
            log.add(where, f"skipped: {same} {seen[key]}")
            continue
        seen[key] = where
        kept.append(record)
    return kept


# ---------------------------------------------------------------- output


FILE_TITLES = {
    "pledges.csv": "Pledges of the GCM pledging initiative found on public pages",
    "practices.csv": "Practices of the Migration Network Hub repository of practices (a sample)",
    "gcm_talks.csv": "GCM Talks listed on the Network's GCM Talks and event pages, Feb 2023 to Mar 2024",
    "submissions.csv": "Participation and submission counts stated for regional reviews",
    "review_meetings.csv": "Regional review meetings of review rounds 1 and 2",
    "published_totals.csv": "Totals stated by their publishers (newsletters, closing statements, review reports)",
}

# Dates that say when something happened; a pledge's deadline is a plan, so it does not move the cut-off.
OBSERVED_DATE_COLUMNS = ("pledged_on", "last_updated", "date", "as_of", "start_date", "end_date")


def write_csv(path: Path, file_name: str, records: list[dict[str, str]]) -> None:
    columns = IMPORT_FILES_BY_NAME[file_name].field_names
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, restval="", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(records)


def data_cutoff(outputs: dict[str, list[dict[str, str]]]) -> date:
    """The last day any imported record speaks of (a month or year counts to its end)."""
    ends = [
        period_end(record[column])
        for name, records in outputs.items()
        if name != "published_totals.csv"  # "as of" there is the publisher's wording, not a record's date
        for record in records
        for column in OBSERVED_DATE_COLUMNS
        if record.get(column)
    ]
    ends += [date(int(year), 12, 31) for record in outputs["practices.csv"] for year in YEAR.findall(record["dates"])]
    return max(ends)


def description(outputs: dict[str, list[dict[str, str]]], talks_more: int) -> str:
    talk_dates = sorted(talk["date"] for talk in outputs["gcm_talks.csv"])
    first_talk, last_talk = (date.fromisoformat(talk_dates[i]).strftime("%b %Y") for i in (0, -1))
    submissions = outputs["submissions.csv"]
    participant_counts = sum(record["kind"] == "consultation_participant" for record in submissions)
    return (
        f"Real GCM records compiled from public web pages, with partial coverage: "
        f"{len(outputs['pledges.csv'])} pledges and local commitments (of {PLEDGES_RECORDED_OCT_2022} pledges "
        f"recorded by October 2022), {len(outputs['practices.csv'])} of the many Migration Network Hub practices, "
        f"{len(outputs['gcm_talks.csv'])} GCM Talks ({first_talk} to {last_talk}; many later Talks are missing) "
        f"and {len(outputs['review_meetings.csv'])} regional review meetings of both review rounds. "
        f"Real submission counts are scarce: submissions.csv holds {len(submissions)} counts, "
        f"{participant_counts} of them of consultation participants rather than of voluntary reviews or written "
        f"inputs, and no reasons were found. "
        f"Not imported: {talks_more} peer-learning events that their sources do not call GCM Talks "
        f"(gcm_talks_more.csv in the collection). "
        f"Totals here show what was found, not how much happened."
    )


def coverage() -> dict[str, dict[int, str]]:
    """Every stream partial in every round: a collection of what public pages show is not a register, so a round
    with few records found is not a round with little activity, and no progress class is computed (METHOD.md 1.1)."""
    with (paths.REFERENCE / "review_rounds.csv").open(encoding="utf-8", newline="") as f:
        rounds = [int(row["round_id"]) for row in csv.DictReader(f)]
    return {stream: dict.fromkeys(rounds, "partial") for stream in STREAMS}


def convert(shared: Path, out: Path) -> Log:
    """Write the import files and manifest.yml of the public dataset into `out`; return what was left out."""
    source = shared / "data" / "public"
    log = Log()
    outputs = {
        "pledges.csv": convert_pledges(source, log),
        "practices.csv": convert_practices(source, log),
        "gcm_talks.csv": convert_talks(source, log),
        "submissions.csv": convert_submissions(source, log),
        "review_meetings.csv": convert_review_meetings(source, log),
        "published_totals.csv": convert_published_totals(source, log),
    }
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for file_name, records in outputs.items():
        write_csv(out / file_name, file_name, records)
        files[file_name] = {
            "title": FILE_TITLES[file_name],
            "rows": len(records),
            "sha256": hashlib.sha256((out / file_name).read_bytes()).hexdigest(),
        }
    manifest = {
        "name": "public",
        "title": "Public GCM records (partial coverage)",
        "is_synthetic": False,
        "data_cutoff": data_cutoff(outputs),
        "licence": (
            "Records compiled from public web pages; each row links its source. Facts are not copyrightable: "
            "reuse with attribution to the cited pages."
        ),
        "producer": "UN Network on Migration and others (see source_url per row)",
        "date_accessed": DATE_ACCESSED,
        "description": description(outputs, len(read_rows(source / "gcm_talks_more.csv"))),
        "files": files,
        "coverage": coverage(),
    }
    with (out / "manifest.yml").open("w", encoding="utf-8", newline="\n") as f:
        yaml.safe_dump(manifest, f, sort_keys=False, allow_unicode=True, width=120)
    return log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.convert_public", description=__doc__)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write (default: %(default)s)")
    args = parser.parse_args(argv)
    if not (args.shared / "data" / "public").is_dir():
        parser.error(f"{args.shared / 'data' / 'public'} does not exist")
    log = convert(args.shared, args.out)
    manifest = yaml.safe_load((args.out / "manifest.yml").read_text(encoding="utf-8"))
    print(f"Wrote {args.out} (data cut-off {manifest['data_cutoff']}):")
    for file_name, entry in manifest["files"].items():
        print(f"  {file_name}: {entry['rows']} rows")
    print(f"Left out or left empty ({len(log.lines)}):")
    for line in log.lines:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

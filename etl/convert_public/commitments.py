"""Pledges and Hub practices of the public records, as pledges.csv and practices.csv rows."""

from __future__ import annotations

import re
from pathlib import Path

from etl.convert_public.cells import (
    ENTITY_REMARK,
    GLOBAL,
    HARVEST3,
    HUB_DATES,
    PARENTHESES,
    PER_SUMMARY,
    YEAR,
    Log,
    country_code,
    join_list,
    join_urls,
    objectives,
    read_rows,
    slugify,
    stated_date,
    unique_id,
)

ENTITY_CATEGORY_MAP = {
    "UN system": "UN system",
    "UN entity": "UN system",
    "UN Network workstream": "UN system",
    "Member State": "State",
    "Member State (GCM Champion)": "State",
    "States (form category)": "State",
    "State": "State",
    "State (joint)": "State",
    "International Organizations (form category)": "Other international organization",
    "Academia and Researchers (form category)": "Academia",
    "Local government": "Local authority",
    "Local government association": "Local authority",
    "City network (joint)": "Local authority",
}


SECONDARY_OBJECTIVES = re.compile(r"^\(secondary:\s*(\d{1,2}(?:\s*;\s*\d{1,2})*)\)$")
PRINCIPLES_IN_NOTES = re.compile(r"Guiding principles field lists (.+?)(?: \(|$)")
PLEDGE_PAGE = re.compile(r"/pledge/([^/?#]+)")
PRACTICE_PAGE = re.compile(r"/practice/([^/?#]+)")

HUB_REGION_WORDS = (
    (re.compile(r"\bAfrica\b"), "Africa"),
    (re.compile(r"\bAmericas\b|\bLatin America\b|\bCaribbean\b"), "Americas"),
    (re.compile(r"\bAsia\b"), "Asia"),
    (re.compile(r"\bEurope\b"), "Europe"),
    (re.compile(r"\bOceania\b"), "Oceania"),
)


# The columns of the earlier pledge files that harvest3/pledges_more.csv names differently or does not give.
HARVEST3_PLEDGE_COLUMNS = {"date": "date_created"}
PLEDGE_COLUMNS = (
    "pledge_type",
    "region_of_implementation",
    "submission_number",
    "date_created",
    "deadline",
    "notes",
)


def harvest3_pledge(row: dict[str, str]) -> dict[str, str]:
    """A harvest3 pledge row in the earlier files' columns; a column it does not give is empty, never guessed."""
    renamed = {HARVEST3_PLEDGE_COLUMNS.get(name, name): value for name, value in row.items()}
    return dict.fromkeys(PLEDGE_COLUMNS, "") | renamed


def convert_pledges(shared: Path, log: Log) -> list[dict[str, str]]:
    rows = read_rows(shared / "pledges.csv") + read_rows(shared / "pledges_more.csv")
    harvest3 = read_rows(shared / HARVEST3 / "pledges_more.csv", HARVEST3)
    rows += [(where, harvest3_pledge(row)) for where, row in harvest3]
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
    rows += read_rows(shared / HARVEST3 / "practices_more.csv", HARVEST3)
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

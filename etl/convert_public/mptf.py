"""Migration MPTF joint programmes of the public records: the source rows of each merged into one row."""

from __future__ import annotations

import re
from pathlib import Path

from etl.convert_public.cells import (
    HARVEST3,
    PARENTHESES,
    Log,
    country_code,
    join_list,
    join_urls,
    objectives,
    read_rows,
    stated_date,
)

# A status cell maps onto the import's vocabulary only when its first word says so; "results reported" or
# "launched 16/11" does not say whether the programme is still running, so it gives no status.
STATUS_WORDS = (
    (re.compile(r"^(?:closed|completed)\b", re.IGNORECASE), "closed"),
    (re.compile(r"^(?:active|ongoing|underway)\b", re.IGNORECASE), "active"),
    (re.compile(r"^pipeline\b", re.IGNORECASE), "pipeline"),
)
DIGITS = re.compile(r"^\d+$")
# Single-valued fields: the first source that gives one is kept, a different value from a later source is logged.
SINGLE_FIELDS = ("start_date", "end_date", "budget_usd", "status")


def convert_programmes(shared: Path, log: Log) -> list[dict[str, str]]:
    """One row per programme_key, in the order the keys first appear; no source row gives an approval date or a
    thematic area, so approved_on and thematic_area stay empty (the build then places a programme by its start)."""
    groups: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for where, row in read_rows(shared / HARVEST3 / "mptf_programmes.csv", HARVEST3):
        if not row["programme_key"]:
            log.add(where, "skipped: a programme row needs its programme_key")
            continue
        groups.setdefault(row["programme_key"], []).append((where, row))
    return [merged(key, rows, log) for key, rows in groups.items()]


def merged(key: str, rows: list[tuple[str, dict[str, str]]], log: Log) -> dict[str, str]:
    """The programme its source rows describe: lists are the union in source order, single fields the first stated."""
    countries, organisations, stated_objectives, urls = [], [], [], []
    single: dict[str, tuple[str, str]] = {}  # field -> (value, where it was first stated)
    for where, row in rows:
        countries += programme_countries(row["countries"], where, log)
        # "IOM (coordinator)", "WHO (partial list in page)": the bracket is the compiler's remark, not the name.
        organisations += [PARENTHESES.sub("", name).strip() for name in row["participating_un_orgs"].split(";")]
        stated_objectives += objectives(row["objectives"]).split(";")
        urls += join_urls(row["source_url"]).split(";")
        if row["thematic_area"]:
            log.add(where, f'thematic_area "{row["thematic_area"]}" is not read: no source states an area number')
        values = {
            "start_date": stated_date(row["start_date"], where, "start_date", log),
            "end_date": stated_date(row["end_date"], where, "end_date", log),
            "budget_usd": budget(row["budget_usd"], where, log),
            "status": status(row["status"], where, log),
        }
        for name in SINGLE_FIELDS:
            if not values[name]:
                continue
            if name not in single:
                single[name] = (values[name], where)
            elif values[name] != single[name][0]:
                first, first_where = single[name]
                log.add(where, f"{name} {values[name]} differs from {first} ({first_where}): the first is kept")
    return {
        "programme_id": key,
        "title": rows[0][1]["title"],  # later rows name the same programme with a suffix (" - launch", " - results")
        "countries": join_list(countries),
        "thematic_area": "",
        "objectives": join_list(stated_objectives),
        "participating_organizations": join_list(organisations),
        "approved_on": "",
        **{name: single.get(name, ("", ""))[0] for name in SINGLE_FIELDS},
        "source_url": join_list(urls),
    }


def programme_countries(cell: str, where: str, log: Log) -> list[str]:
    """ISO3 codes of the countries a cell names; a region ("IGAD region", "Pacific region") is logged, not mapped."""
    codes = []
    for name in filter(None, (n.strip() for n in cell.split(";"))):
        if code := country_code(name):
            codes.append(code)
        else:
            log.add(where, f'country "{name}" is not a known country: left out')
    return codes


def budget(cell: str, where: str, log: Log) -> str:
    if cell and not DIGITS.match(cell):
        log.add(where, f'budget_usd "{cell}" is not digits in US dollars: left empty')
        return ""
    return cell


def status(cell: str, where: str, log: Log) -> str:
    for pattern, value in STATUS_WORDS:
        if pattern.match(cell):
            return value
    if cell:
        log.add(where, f'status "{cell}" does not say pipeline, active or closed: left empty')
    return ""

"""Cell helpers of the public-records converter: reading source rows, countries, objectives, dates, ids, the log."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry

from etl.schema import COMMISSION_IDS, IMPORT_FILES_BY_NAME

# The day the public pages were collected: no record can be dated after it.
DATE_ACCESSED = date(2026, 11, 1)
# The GCM was endorsed by the General Assembly on this day; activity dates before it are data errors.
GCM_ENDORSED = date(2018, 12, 19)

# Spellings pycountry does not know (web-form country lists use reference-book style names).
COUNTRY_ALIASES = {"Gambia, The": "GMB", "The Gambia": "GMB"}
GLOBAL = "Global"

# The third harvest (../shared/data/public/harvest3): its files sit in their own folder, with their own columns.
HARVEST3 = "harvest3"

# A leading ISO date in a cell that may carry a comment: "2022 (launch of Migrant Electoral Guide)".
LEADING_DATE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?=\s|$)")
# A leading objective list in a cell that may carry a comment: "16;22 (event page tags)".
LEADING_OBJECTIVES = re.compile(r"^(\d{1,2}(?:\s*;\s*\d{1,2})*)(?=\s|$)")
HUB_DATES = re.compile(r"^\d{4}(?: - (?:\d{4}|Present))?$")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
PARENTHESES = re.compile(r"\s*\([^)]*\)")
# Compiler's remarks about where an entity name was read, not part of the name.
ENTITY_REMARK = re.compile(r"\s*\((?:as|per) [^)]*\)")
PER_SUMMARY = re.compile(r"\s*\(per summary\)|[;,]?\s*per summary(?=\))")
# Source cells separate URLs by " ; "; a bare ";" could be part of a URL, so it needs a space on one side.
URL_SEPARATOR = re.compile(r"\s+;\s*|\s*;\s+")


@dataclass
class Log:
    """What the conversion left out or could not map, one line each, for the summary."""

    lines: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.lines.append(f"{where}: {message}")


def read_rows(path: Path, folder: str = "") -> list[tuple[str, dict[str, str]]]:
    """Rows of a source file with a `file:line` label each (`folder/file:line` for a file of a sub-folder)."""
    label = f"{folder}/{path.name}" if folder else path.name
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f, restval="")
        return [(f"{label}:{reader.line_num}", {k: (v or "").strip() for k, v in row.items()}) for row in reader]


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

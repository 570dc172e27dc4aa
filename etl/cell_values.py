"""Cell parsers for the import files: lists, dates, Hub date ranges, objectives, principles and countries."""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

import pycountry

from etl import error_codes as E
from etl import paths
from etl.error_codes import Kind
from etl.labels import country_iso3

GCM_ADOPTED = date(2018, 12, 19)
MAX_TEXT_CHARS = 5_000
MAX_SHORT_TEXT_CHARS = 500

LIST_SEPARATOR = ";"
GLOBAL = "Global"


class ParseError(ValueError):
    """A cell that cannot be read: its kind (etl/error_codes.py) and a message saying what to write instead."""

    def __init__(self, kind: Kind, message: str):
        super().__init__(message)
        self.kind = kind


SHOWN_CHARS = 80


def clipped(text: str, limit: int = SHOWN_CHARS) -> str:
    """`text` cut to `limit` characters with an ellipsis, on one line: a message never repeats a 1 MB cell."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(cell: str) -> str:
    """A cell quoted for a message, clipped."""
    return f'"{clipped(cell)}"'


def split_list(cell: str | None) -> list[str]:
    """Split a `;`-separated cell into stripped, non-empty items, keeping their order."""
    if not cell:
        return []
    return [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, month or year; `value` is the first day of that period."""

    value: date
    precision: str

    @property
    def last_day(self) -> date:
        if self.precision == "day":
            return self.value
        if self.precision == "month":
            next_month = date(self.value.year + self.value.month // 12, self.value.month % 12 + 1, 1)
            return date.fromordinal(next_month.toordinal() - 1)
        return date(self.value.year, 12, 31)

    @property
    def midpoint(self) -> date:
        """The middle of the period: where a month- or year-precise date is placed in a review round."""
        return date.fromordinal((self.value.toordinal() + self.last_day.toordinal()) // 2)


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$", re.ASCII)
# Web-form exports carry timestamps: ISO ("2022-07-07 10:12:33", "2022-07-07T10:12") or Drupal's
# "Thu, 07/07/2022 - 10:12" (month first).
_ISO_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$", re.ASCII)
# The time part is required: a bare "10/01/2022" is ambiguous (day or month first) and is refused.
_DRUPAL_TIMESTAMP = re.compile(r"^(?:[A-Za-z]{3},\s*)?(\d{1,2})/(\d{1,2})/(\d{4})\s*-\s*\d{1,2}:\d{2}$", re.ASCII)


@cache
def parse_date(cell: str) -> PartialDate:
    """Read `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (and web-form timestamps), keeping the precision."""
    text = cell.strip()
    if m := _ISO_TIMESTAMP.match(text):
        text = m.group(1)
    elif m := _DRUPAL_TIMESTAMP.match(text):
        month, day, year = m.groups()
        text = f"{year}-{int(month):02d}-{int(day):02d}"
    m = _DATE.match(text)
    if not m:
        raise ParseError(E.NOT_A_DATE, f"{shown(cell)} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        if day is not None:
            return PartialDate(date(year, month, day), "day")
        if month is not None:
            return PartialDate(date(year, month, 1), "month")
        return PartialDate(date(year, 1, 1), "year")
    except ValueError as exc:
        raise ParseError(E.INVALID_DATE, f"{shown(cell)} is not a valid date ({exc})") from None


@dataclass(frozen=True)
class YearRange:
    start_year: int
    end_year: int | None
    is_ongoing: bool


_YEAR_RANGE = re.compile(r"^(\d{4})(?:\s*[-–—]\s*(\d{4}|present|ongoing|now))?$", re.IGNORECASE | re.ASCII)


@cache
def parse_year_range(cell: str) -> YearRange:
    """Read Hub practice dates: `2021 - Present`, `2015 - 2018` or `2019`."""
    m = _YEAR_RANGE.match(cell.strip())
    if not m:
        raise ParseError(
            E.NOT_A_YEAR_RANGE,
            f'{shown(cell)} is not a Hub date range: write e.g. "2021 - Present", "2015 - 2018" or "2019"',
        )
    start = int(m.group(1))
    end_text = m.group(2)
    if end_text is None:
        return YearRange(start, start, False)
    if not end_text.isascii() or not end_text.isdigit():
        return YearRange(start, None, True)
    end = int(end_text)
    if end < start:
        raise ParseError(E.RANGE_BACKWARDS, f"{shown(cell)} ends before it starts")
    return YearRange(start, end, False)


# ---------------------------------------------------------------- reference lookups


def _normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, for lookups."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def _read_reference(name: str) -> list[dict[str, str]]:
    with (paths.REFERENCE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, restval=""))


def _closest(normalised: str, choices: dict[str, object], labels: dict[str, str]) -> str:
    """A " (did you mean …?)" hint, or an empty string."""
    close = difflib.get_close_matches(normalised, list(choices), n=2, cutoff=0.75)
    names = sorted({labels.get(c, c) for c in close})
    return f" (did you mean {' or '.join(repr(n) for n in names)}?)" if names else ""


_OBJECTIVE_NUMBER = re.compile(
    r"^(?:gcm\s*)?(?:objective|obj\.?|o)?\s*#?\s*(-?\d+)\s*[.:)]?$", re.IGNORECASE | re.ASCII
)
# The Hub's objective pages word two titles differently from the resolution text
# (https://migrationnetwork.un.org/taxonomy/term/291, .../term/detail/299), so both spellings are accepted.
OBJECTIVE_TITLE_ALIASES = {
    "Use immigration detention only as a measure of last resort and work towards alternatives": 13,
    "Cooperate in facilitating dignified return and readmission, as well as sustainable reintegration": 21,
}


@cache
def _objective_lookup() -> tuple[dict[str, int], dict[str, str]]:
    lookup: dict[str, int] = {}
    labels: dict[str, str] = {}
    for row in _read_reference("objectives.csv"):
        number = int(row["objective_id"])
        for name in (row["title"], row["short_title"]):
            lookup[_normalise(name)] = number
            labels[_normalise(name)] = name
    for name, number in OBJECTIVE_TITLE_ALIASES.items():
        lookup[_normalise(name)] = number
    return lookup, labels


@cache
def parse_objective(cell: str) -> int:
    """Read an objective given as a number (`5`, `Objective 5`), its full title or its Hub short title."""
    text = cell.strip()
    if m := _OBJECTIVE_NUMBER.match(text):
        number = int(m.group(1))
        if 1 <= number <= 23:
            return number
        raise ParseError(E.UNKNOWN_OBJECTIVE, f"{shown(cell)} is not a GCM objective (1-23)")
    # A web-form cell may put the number before the title: "5. Enhance availability ...".
    key = _normalise(re.sub(r"^\s*(objective\s*)?\d{1,2}\s*[.:)-]\s*", "", text, flags=re.IGNORECASE))
    lookup, labels = _objective_lookup()
    if key in lookup:
        return lookup[key]
    hint = _closest(key, lookup, labels)
    raise ParseError(
        E.UNKNOWN_OBJECTIVE, f"{shown(cell)} is not a GCM objective: give its number 1-23 or its title" + hint
    )


@cache
def _principle_lookup() -> tuple[dict[str, int], dict[str, str]]:
    rows = _read_reference("guiding_principles.csv")
    lookup = {_normalise(r["name"]): int(r["principle_id"]) for r in rows}
    return lookup, {_normalise(r["name"]): r["name"] for r in rows}


@cache
def parse_principle(cell: str) -> int:
    """Read a guiding principle given as a number 1-10 or its name."""
    text = cell.strip()
    if text.isascii() and text.isdigit():
        if 1 <= int(text) <= 10:
            return int(text)
        raise ParseError(E.UNKNOWN_PRINCIPLE, f"{shown(cell)} is not a guiding principle (1-10)")
    lookup, labels = _principle_lookup()
    key = _normalise(text)
    if key in lookup:
        return lookup[key]
    raise ParseError(
        E.UNKNOWN_PRINCIPLE, f"{shown(cell)} is not a GCM guiding principle" + _closest(key, lookup, labels)
    )


# Names that fit several countries: the message names the candidates instead of guessing.
AMBIGUOUS_COUNTRIES = {
    "korea": "Republic of Korea (KOR) or Democratic People's Republic of Korea (PRK)",
    "congo republic": "Congo (COG) or Democratic Republic of the Congo (COD)",
    "virgin islands": "British Virgin Islands (VGB) or United States Virgin Islands (VIR)",
}
_TAXONOMY_ID = re.compile(r"\s*\((\d+)\)\s*$", re.ASCII)
_TRAILING_CODE = re.compile(r"\s*\(([A-Z]{2,3})\)\s*$")
_UN_STYLE = re.compile(r"^(.*?)\s*\((.+)\)$")


@cache
def _country_lookup() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    codes = frozenset(row["iso3"] for row in _read_reference("m49_subregions.csv"))
    lookup: dict[str, str] = {}
    labels: dict[str, str] = {}

    def add(name: str, iso3: str) -> None:
        key = _normalise(name)
        if key and iso3 in codes:
            lookup.setdefault(key, iso3)
            labels.setdefault(key, name)

    for row in _read_reference("m49_subregions.csv"):
        add(row["name"], row["iso3"])
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(country, attr, None):
                add(value, country.alpha_3)
    # UN and web-form spellings pycountry does not carry under these exact words, each with the reason it is kept.
    for row in _read_reference("country_aliases.csv"):
        add(row["alias"], row["iso3"])
    return lookup, labels, codes


def _name_variants(text: str) -> list[str]:
    """Spellings to try: as given; UN style "Bolivia (Plurinational State of)"; "Gambia, The"."""
    variants = [text]
    if m := _UN_STYLE.match(text):
        base, inner = m.groups()
        variants += [f"{inner} {base}", base]
    if "," in text:
        head, _, tail = text.partition(",")
        variants.append(f"{tail.strip()} {head.strip()}")
    return variants


@cache
def parse_country(cell: str, allow_global: bool = True) -> str:
    """Read a country given as ISO3, a name in one of the six UN languages or a web-form cell (`Portugal (201)`);
    `Global` returns GLOBAL."""
    text = _TAXONOMY_ID.sub("", cell.strip()).strip()
    if allow_global and _normalise(text) in ("global", "worldwide"):
        return GLOBAL
    lookup, labels, codes = _country_lookup()
    if text.upper() == text and text in codes:
        return text
    if m := _TRAILING_CODE.search(text):
        if m.group(1) in codes:
            return m.group(1)
        text = text[: m.start()].strip()
    for variant in _name_variants(text):
        key = _normalise(variant)
        if key in lookup:
            return lookup[key]
    # The UNSD names in the six UN languages ("Kenia", "Кения", "肯尼亚", "كينيا"), after the English ones.
    if iso3 := country_iso3(text):
        return iso3
    if candidates := AMBIGUOUS_COUNTRIES.get(_normalise(text)):
        raise ParseError(E.AMBIGUOUS_COUNTRY, f"{shown(cell)} is ambiguous: write {candidates}")
    hint = _closest(_normalise(text), lookup, labels)
    raise ParseError(E.UNKNOWN_COUNTRY, f"{shown(cell)} is not a known country: give its ISO3 code or UN name" + hint)


# ---------------------------------------------------------------- web addresses and lists


# One web address; only http(s), so a `javascript:` or `data:` link can never reach a page or a download.
URL_PATTERN = r"https?://[^\s<>\"';]+"
# A cell of one or more addresses separated by `;`.
URLS_PATTERN = rf"(?i:{URL_PATTERN}(?:\s*;\s*{URL_PATTERN})*)"
# Browsers and servers stop at about this length; a longer cell is a paste gone wrong, not a page.
MAX_URL_CHARS = 2_000
# A list cell reports its first few bad items: a cell of 100,000 unknown items must not give a 1 MB message.
MAX_ITEM_ERRORS = 5


def _url(cell: str) -> str:
    text = cell.strip()
    if len(text) > MAX_URL_CHARS:
        raise ParseError(
            E.URL_TOO_LONG, f"a web address is {len(text):,} characters long; the limit is {MAX_URL_CHARS:,}"
        )
    if re.fullmatch(URL_PATTERN, text, flags=re.IGNORECASE):
        return text
    raise ParseError(E.NOT_A_URL, f"{shown(cell)} is not a web address: write it as https://…")


def parse_urls(cell: str) -> str:
    """A `;`-separated list of web addresses, normalised to `url;url`."""
    return ";".join(_listed(_url)(cell))


def _listed(item_parser: Callable[[str], object]) -> Callable[[str], tuple]:
    def parse(cell: str) -> tuple:
        values, errors, kinds = [], [], []
        # split_list(), inlined: this runs for every distinct cell of every list column (180,000 at scale 1000).
        for raw_item in cell.split(LIST_SEPARATOR):
            if not (item := raw_item.strip()):
                continue
            try:
                value = item_parser(item)
            except ParseError as exc:
                errors.append(str(exc))
                kinds.append(exc.kind)
                if len(errors) == MAX_ITEM_ERRORS:  # a failed lookup is not cached: 100,000 of them take minutes
                    errors.append("… (the rest of the cell was not checked)")
                    break
                continue
            if value not in values:
                values.append(value)
        if errors:
            raise ParseError(kinds[0], "; ".join(errors))  # one problem per cell: its first bad item's kind
        return tuple(values)

    return parse

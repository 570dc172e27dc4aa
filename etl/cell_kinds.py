"""Cell parsers by import-field kind (enum, count, round, geography, …), built on the readers of etl/cell_values.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote_plus

from etl import error_codes as E
from etl.cell_values import (
    GCM_ADOPTED,
    MAX_SHORT_TEXT_CHARS,
    MAX_TEXT_CHARS,
    ParseError,
    PartialDate,
    YearRange,
    _listed,
    parse_country,
    parse_date,
    parse_objective,
    parse_principle,
    parse_urls,
    parse_year_range,
    shown,
)
from etl.schema import COMMISSION_IDS, GEO_LEVELS, PRACTICE_REGIONS


@dataclass(frozen=True)
class Context:
    """What validation needs besides the file: the data cut-off and the review rounds that exist."""

    data_cutoff: date
    round_ids: frozenset[int]
    subregions: frozenset[str]


def _enum(allowed: tuple[str, ...]) -> Callable[[str], str]:
    canonical = {re.sub(r"[\s_-]+", " ", v.casefold()): v for v in allowed}

    def parse(cell: str) -> str:
        key = re.sub(r"[\s_-]+", " ", cell.strip().casefold())
        if key in canonical:
            return canonical[key]
        raise ParseError(E.NOT_ALLOWED, f"{shown(cell)} is not allowed: use one of {', '.join(allowed)}")

    return parse


def _commission(cell: str) -> str:
    key = re.sub(r"\s*\(.*\)$", "", cell.strip()).upper()
    if key in COMMISSION_IDS:
        return key
    raise ParseError(
        E.UNKNOWN_COMMISSION, f"{shown(cell)} is not a regional commission: use one of {', '.join(COMMISSION_IDS)}"
    )


# Thousands separators a spreadsheet may write: comma, space, no-break space, narrow no-break and thin space.
THOUSANDS_SEPARATORS = (",", " ", "\u00a0", "\u202f", "\u2009")
_WHOLE_NUMBER = re.compile(
    "|".join([r"\d+"] + [rf"\d{{1,3}}(?:{re.escape(s)}\d{{3}})+" for s in THOUSANDS_SEPARATORS]), re.ASCII
)
MAX_COUNT = 2_147_483_647  # submissions go into an INTEGER column


def _count(cell: str) -> int:
    text = cell.strip()
    number = text.removeprefix("-")
    if not _WHOLE_NUMBER.fullmatch(number):
        if re.fullmatch(r"[\d\s,\u00a0\u202f\u2009]*\d[\d\s,\u00a0\u202f\u2009]*", number, re.ASCII):
            # "1,5" or "12,34" is not 15 or 1234 as written: dropping the separators would guess.
            raise ParseError(
                E.NOT_A_COUNT,
                f"{shown(cell)} is not a whole number: write digits only (e.g. 1500) or separate thousands in "
                "groups of three (1,500)",
            )
        raise ParseError(E.NOT_A_COUNT, f"{shown(cell)} is not a whole number: a count is a whole number >= 0")
    if number != text:
        raise ParseError(E.NEGATIVE_COUNT, f"{shown(cell)} is negative: a count is a whole number >= 0")
    value = int(re.sub(r"\D", "", number, flags=re.ASCII))
    if value > MAX_COUNT:
        raise ParseError(E.COUNT_TOO_LARGE, f"{shown(cell)} is too large: a count is at most {MAX_COUNT:,}")
    return value


_AMOUNT = re.compile(rf"(?:{_WHOLE_NUMBER.pattern})(?:\.\d{{1,2}})?", re.ASCII)
MPTF_AREA_IDS = range(1, 6)


def _usd(cell: str) -> float:
    """An amount in US dollars, as digits: 2350000, 2,350,000 or 2350000.50 (never a unit or a currency)."""
    text = cell.strip()
    if not _AMOUNT.fullmatch(text):
        raise ParseError(
            E.NOT_AN_AMOUNT,
            f"{shown(cell)} is not an amount in US dollars: write digits only, without a currency or a unit "
            "(e.g. 2350000 for USD 2.35 million; thousands may be grouped in threes: 2,350,000)",
        )
    whole, _, cents = text.partition(".")
    return float(re.sub(r"\D", "", whole, flags=re.ASCII) + ("." + cents if cents else ""))


def _mptf_area(cell: str) -> int:
    text = cell.strip()
    if text.isascii() and text.isdigit() and int(text) in MPTF_AREA_IDS:
        return int(text)
    raise ParseError(
        E.UNKNOWN_MPTF_AREA, f"{shown(cell)} is not a Migration MPTF thematic area: give its number 1-5 (mptf_areas)"
    )


def _text(limit: int) -> Callable[[str], str]:
    def parse(cell: str) -> str:
        if len(cell) > limit:
            raise ParseError(E.TEXT_TOO_LONG, f"the text is {len(cell):,} characters long; the limit is {limit:,}")
        return cell.strip()

    return parse


def cell_parser(kind: str, allowed: tuple[str, ...] | None, ctx: Context) -> Callable[[str], object]:
    """The parser of one cell of a column of this kind (see etl.schema.Field)."""
    parsers: dict[str, Callable[[str], object]] = {
        "id": _text(200),
        "text": _text(MAX_TEXT_CHARS),
        "text500": _text(MAX_SHORT_TEXT_CHARS),
        "date": lambda c: _dated(c, ctx),
        "future_date": parse_date,
        "year_range": lambda c: _year_range(c, ctx),
        "objective": parse_objective,
        "objectives": _listed(parse_objective),
        "principles": _listed(parse_principle),
        "countries": _listed(parse_country),
        "country": lambda c: parse_country(c, allow_global=False),
        "commission": _commission,
        "commissions": _listed(_commission),
        "round": lambda c: _round(c, ctx),
        "count": _count,
        "usd": _usd,
        "mptf_area": _mptf_area,
        "names": _listed(_text(200)),
        "regions": _listed(_enum(PRACTICE_REGIONS)),
        "geography": lambda c: _geography(c, ctx),
        "urls": parse_urls,
    }
    if kind == "enum":
        return _enum(allowed or ())
    return parsers[kind]


def _dated(cell: str, ctx: Context) -> PartialDate:
    value = parse_date(cell)
    if value.last_day < GCM_ADOPTED:
        raise ParseError(E.BEFORE_GCM, f"{shown(cell)} is before the GCM was adopted ({GCM_ADOPTED:%Y-%m-%d})")
    if value.value > ctx.data_cutoff:
        raise ParseError(E.AFTER_CUTOFF, f"{shown(cell)} is after the data cut-off ({ctx.data_cutoff:%Y-%m-%d})")
    return value


def _year_range(cell: str, ctx: Context) -> YearRange:
    value = parse_year_range(cell)
    if value.start_year < 1945 or value.start_year > ctx.data_cutoff.year:
        raise ParseError(E.RANGE_START, f"{shown(cell)} starts outside 1945-{ctx.data_cutoff.year}")
    return value


def _round(cell: str, ctx: Context) -> int:
    text = cell.strip()
    if text.isascii() and text.isdigit() and int(text) in ctx.round_ids:
        return int(text)
    rounds = ", ".join(str(r) for r in sorted(ctx.round_ids))
    raise ParseError(E.UNKNOWN_ROUND, f"{shown(cell)} is not a review round: use one of {rounds}")


def _geography(cell: str, ctx: Context) -> tuple[str, str]:
    text = cell.strip()
    if text.casefold() == "global":
        return GEO_LEVELS[3], "GLOBAL"
    if text.upper() in COMMISSION_IDS:
        return GEO_LEVELS[2], text.upper()
    by_casefold = {s.casefold(): s for s in ctx.subregions}
    if text.casefold() in by_casefold:
        return GEO_LEVELS[1], by_casefold[text.casefold()]
    try:
        return GEO_LEVELS[0], parse_country(text, allow_global=False)
    except ParseError:
        raise ParseError(
            E.UNKNOWN_GEOGRAPHY,
            f"{shown(cell)} is not a geography: give an ISO3 code or country name, an M49 sub-region, "
            f"a commission ({', '.join(COMMISSION_IDS)}) or Global",
        ) from None


# ---------------------------------------------------------------- personal data in free text and web addresses


REMOVED = "[removed]"
# An e-mail address, also written name%40host (URL-encoded) or name[at]host / name(at)host. The local part starts
# only where a run of its characters starts and is possessive, so a 1 MB cell is scanned once, not once per position.
EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]++(?:@|%40|\[at\]|\(at\))[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}", re.IGNORECASE)
_PHONE_WORDS = r"(?:tel|telephone|phone|mobile|mob|cell|fax|whatsapp|sms|callto)"
_DIGIT_RUN = r"\d[\d \u00a0().-]*\d"
# Conservative on purpose: a number is a phone only after a `+`, an area code in brackets or a word like "tel",
# and only with 8-15 digits (see `_phone`). Titles are full of years, counts, dates and "A/RES/73/195".
PHONE = re.compile(
    rf"(?<![\w+/.])(?P<plus>\(?\+{_DIGIT_RUN})"
    rf"|(?<![\w/.])(?P<area>\((?!(?:19|20)\d\d\))\d{{2,5}}\)\s?{_DIGIT_RUN})"
    rf"|\b{_PHONE_WORDS}\b\.?(?:\s*(?:no|nr|number)\b\.?)?\s*[:.]?\s*(?P<word>\+?\(?{_DIGIT_RUN})",
    re.IGNORECASE,
)
_NOT_A_PHONE = re.compile(r"\(?(?:19|20)\d\d\)?(?:\s*[-./]\s*\d{1,4}){0,2}", re.ASCII)  # years, ranges, dates
_PERSONAL_SCHEMES = {"mailto": "emails", "tel": "phones", "callto": "phones", "sms": "phones"}


def _phone(number: str) -> str | None:
    """The leading part of a digit run that is a phone number (8-15 digits), or None."""
    if _NOT_A_PHONE.fullmatch(number.strip()):
        return None
    # A run may go on into a year ("+41 22 000 00 00 (2018-2022)"): a group stays part of the number while there
    # are at most 15 digits, and not once the number is long enough and a bracket opens or a year follows.
    digits, end = 0, 0
    for group in re.finditer(r"\d+", number):
        size, before = len(group.group()), number[end : group.start()]
        year = size == 4 and group.group()[:2] in ("19", "20")
        if digits + size > 15 or (digits >= 8 and "(" in before) or (digits >= 10 and year):
            break
        digits, end = digits + size, group.end()
    return number[:end] if digits >= 8 else None


def scrub_text(cell: str) -> tuple[str, int, int]:
    """`cell` with e-mail addresses and phone numbers replaced by [removed], and how many of each."""
    text, emails = EMAIL.subn(REMOVED, cell)
    phones = 0

    def replace(m: re.Match) -> str:
        nonlocal phones
        group = next(g for g in ("plus", "area", "word") if m.group(g))
        number = _phone(m.group(group))
        if number is None:
            return m.group(0)
        phones += 1
        start = m.start(group) - m.start(0)
        return m.group(0)[:start] + REMOVED + m.group(0)[start + len(number) :]

    return PHONE.sub(replace, text), emails, phones


def _scrub_url(url: str) -> tuple[str | None, int, int]:
    """A web address without personal data (None when the whole address is a mailto: or tel: link)."""
    scheme, colon, rest = url.partition(":")
    if colon and (kind := _PERSONAL_SCHEMES.get(scheme.strip().casefold())):
        return None, int(kind == "emails"), int(kind == "phones")
    m = re.fullmatch(r"(?i)(https?://)([^/?#]*)([^?#]*)(?:\?([^#]*))?(#.*)?", url)
    if not m:  # not an address: it is refused later, and its message must not show personal data either
        return scrub_text(url)
    start, host, path, query, fragment = m.groups()
    emails = phones = 0
    if "@" in host:  # user name or password before the host
        host, emails = host.rpartition("@")[2], 1
    kept = []
    for pair in (query or "").split("&"):
        key, _, value = pair.partition("=")
        # The key is context: "phone=0229171234" is read as "phone: 0229171234".
        _, found_emails, found_phones = scrub_text(f"{unquote_plus(key)}: {unquote_plus(value)}")
        emails, phones = emails + found_emails, phones + found_phones
        if pair and not (found_emails or found_phones):
            kept.append(pair)
    path, path_emails, path_phones = scrub_text(path)
    fragment, fragment_emails, fragment_phones = scrub_text(fragment or "")
    emails, phones = emails + path_emails + fragment_emails, phones + path_phones + fragment_phones
    if not (emails or phones):
        return url, 0, 0
    return start + host + path + ("?" + "&".join(kept) if kept else "") + fragment, emails, phones


def scrub_urls(cell: str) -> tuple[str, int, int]:
    """A `;`-separated list of web addresses without personal data: mailto:/tel: links dropped, query values
    holding an e-mail or phone number dropped, any other e-mail or phone replaced by [removed]."""
    kept, emails, phones = [], 0, 0
    for item in cell.split(";"):
        url, found_emails, found_phones = _scrub_url(item.strip())
        emails, phones = emails + found_emails, phones + found_phones
        if url:
            kept.append(url)
    return (";".join(kept) if emails or phones else cell), emails, phones

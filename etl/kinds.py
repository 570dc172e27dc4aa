"""Cell parsers by import-field kind (enum, count, round, geography, …), built on the readers of etl/parsing.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from etl.parsing import (
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
        raise ParseError(f'"{cell}" is not allowed: use one of {", ".join(allowed)}')

    return parse


def _commission(cell: str) -> str:
    key = re.sub(r"\s*\(.*\)$", "", cell.strip()).upper()
    if key in COMMISSION_IDS:
        return key
    raise ParseError(f'"{cell}" is not a regional commission: use one of {", ".join(COMMISSION_IDS)}')


def _count(cell: str) -> int:
    text = cell.strip().replace(",", "")
    if re.fullmatch(r"-?[0-9]+", text):
        if int(text) < 0:
            raise ParseError(f'"{cell}" is negative: a count is a whole number >= 0')
        return int(text)
    raise ParseError(f'"{cell}" is not a whole number: a count is a whole number >= 0')


def _text(limit: int) -> Callable[[str], str]:
    def parse(cell: str) -> str:
        if len(cell) > limit:
            raise ParseError(f"the text is {len(cell):,} characters long; the limit is {limit:,}")
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
        raise ParseError(f'"{cell}" is before the GCM was adopted ({GCM_ADOPTED:%Y-%m-%d})')
    if value.value > ctx.data_cutoff:
        raise ParseError(f'"{cell}" is after the data cut-off ({ctx.data_cutoff:%Y-%m-%d})')
    return value


def _year_range(cell: str, ctx: Context) -> YearRange:
    value = parse_year_range(cell)
    if value.start_year < 1945 or value.start_year > ctx.data_cutoff.year:
        raise ParseError(f'"{cell}" starts outside 1945-{ctx.data_cutoff.year}')
    return value


def _round(cell: str, ctx: Context) -> int:
    text = cell.strip()
    if text.isascii() and text.isdigit() and int(text) in ctx.round_ids:
        return int(text)
    rounds = ", ".join(str(r) for r in sorted(ctx.round_ids))
    raise ParseError(f'"{cell}" is not a review round: use one of {rounds}')


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
            f'"{cell}" is not a geography: give an ISO3 code or country name, an M49 sub-region, '
            f"a commission ({', '.join(COMMISSION_IDS)}) or Global"
        ) from None

"""Read import files and check them against etl/schema.py: every problem as `file:line: column: message`."""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from etl import parsing
from etl.schema import COMMISSION_IDS, GEO_LEVELS, PRACTICE_REGIONS, Field, ImportFile

GCM_ADOPTED = date(2018, 12, 19)
MAX_TEXT_CHARS = 5_000
MAX_SHORT_TEXT_CHARS = 500
MAX_COLUMNS = 200
LINE = "_line"
# The csv module refuses fields over 128 KiB by default; raise the bar so an oversized cell gets our own message.
csv.field_size_limit(64 * 1024 * 1024)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class RawFile:
    """An import file read as text: one string column per header, plus the line each record starts on."""

    name: str
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What validation needs besides the file: the data cut-off and the review rounds that exist."""

    data_cutoff: date
    round_ids: frozenset[int]
    subregions: frozenset[str]


def _decode(name: str, data: bytes) -> tuple[str | None, list[Problem]]:
    if not data.strip():
        return None, [Problem(name, None, None, "the file is empty: give at least the header row")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = "the file is UTF-16: save it as UTF-8 (CSV UTF-8 in spreadsheet programs)"
        return None, [Problem(name, 1, None, message)]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(name, line, None, "the file holds a NUL byte: it is not a text CSV file")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        message = f"byte 0x{byte} is not UTF-8 (the file looks like Latin-1 or Windows-1252): save it as UTF-8"
        return None, [Problem(name, line, None, message)]


def _records_with_lines(name: str, text: str) -> tuple[list[list[str]], list[int], list[Problem]]:
    """Parse CSV with the csv module, noting the line each record starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, lines = [], []
    next_line = 1
    try:
        for row in reader:
            records.append(row)
            lines.append(next_line)
            next_line = reader.line_num + 1
    except csv.Error as exc:
        message = f"the CSV is malformed from here ({exc}): check for an unbalanced quote"
        return records, lines, [Problem(name, next_line, None, message)]
    return records, lines, []


def read_csv_file(path: Path, name: str | None = None) -> RawFile | None:
    """Read an import file as strings; None when it is absent. Problems are kept on the result."""
    name = name or path.name
    if not path.exists():
        return None
    text, problems = _decode(name, path.read_bytes())
    if text is None:
        return RawFile(name, pd.DataFrame(), problems)
    frame = _fast_frame(text)
    if frame is None:
        frame, problems = _careful_frame(name, text)
    return RawFile(name, frame, problems)


def _fast_frame(text: str) -> pd.DataFrame | None:
    """pandas' C parser, used when every record sits on one line (then line = position + 2)."""
    try:
        with warnings.catch_warnings():
            # A row longer than the header only warns (and loses cells): make it fall back to the careful path.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text),
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                engine="c",
                index_col=False,
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
        return None
    physical_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if physical_lines != len(frame) + 1 or len(set(frame.columns)) != len(frame.columns):
        return None
    if any(str(c).startswith("Unnamed: ") for c in frame.columns):
        return None
    frame[LINE] = np.arange(2, len(frame) + 2)
    return frame


def _careful_frame(name: str, text: str) -> tuple[pd.DataFrame, list[Problem]]:
    records, lines, problems = _records_with_lines(name, text)
    if not records:
        return pd.DataFrame(), problems + [Problem(name, None, None, "the file has no header row")]
    header, body, body_lines = records[0], records[1:], lines[1:]
    width = len(header)
    rows, kept_lines = [], []
    for row, line in zip(body, body_lines):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            problems.append(Problem(name, line, None, f"the row has {len(row)} cells but the header has {width}"))
            continue
        rows.append(row)
        kept_lines.append(line)
    frame = pd.DataFrame(rows, columns=_unique_header(header), dtype=object)
    frame[LINE] = kept_lines
    return frame, problems


def _unique_header(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}\x00{seen[name]}")
    return out


# ---------------------------------------------------------------- header checks


def check_header(spec: ImportFile, raw: RawFile) -> list[Problem]:
    """Required columns present, no duplicates or stray spaces; unknown columns become warnings."""
    problems = []
    columns = [c for c in raw.frame.columns if c != LINE]
    if len(columns) > MAX_COLUMNS:
        return [
            Problem(
                raw.name,
                1,
                None,
                f"the header has {len(columns)} columns; an import file has at most "
                f"{MAX_COLUMNS}: check the separator is a comma",
            )
        ]
    known = set(spec.field_names)
    for col in columns:
        if "\x00" in col:
            problems.append(Problem(raw.name, 1, col.split("\x00")[0], "the column appears twice in the header"))
        elif col != col.strip() and col.strip() in known:
            problems.append(Problem(raw.name, 1, col.strip(), f'the header cell "{col}" has stray spaces: remove them'))
        elif col not in known:
            problems.append(Problem(raw.name, 1, col, "unknown column, ignored", "warning"))
    present = {c.strip() for c in columns}
    for f in spec.fields:
        if f.required in ("yes", "column") and f.name not in present:
            problems.append(Problem(raw.name, 1, f.name, "required column is missing"))
    if not len(raw.frame) and not any(p.severity == "error" for p in problems):
        problems.append(Problem(raw.name, 1, None, "the file has a header but no records", "warning"))
    return problems


# ---------------------------------------------------------------- cell parsers


def _enum(allowed: tuple[str, ...]) -> Callable[[str], str]:
    canonical = {re.sub(r"[\s_-]+", " ", v.casefold()): v for v in allowed}

    def parse(cell: str) -> str:
        key = re.sub(r"[\s_-]+", " ", cell.strip().casefold())
        if key in canonical:
            return canonical[key]
        raise parsing.ParseError(f'"{cell}" is not allowed: use one of {", ".join(allowed)}')

    return parse


def _commission(cell: str) -> str:
    key = re.sub(r"\s*\(.*\)$", "", cell.strip()).upper()
    if key in COMMISSION_IDS:
        return key
    raise parsing.ParseError(f'"{cell}" is not a regional commission: use one of {", ".join(COMMISSION_IDS)}')


def _count(cell: str) -> int:
    text = cell.strip().replace(",", "")
    if re.fullmatch(r"-?\d+", text):
        if int(text) < 0:
            raise parsing.ParseError(f'"{cell}" is negative: a count is a whole number >= 0')
        return int(text)
    raise parsing.ParseError(f'"{cell}" is not a whole number: a count is a whole number >= 0')


def _url(cell: str) -> str:
    text = cell.strip()
    if re.fullmatch(r"https?://[^\s<>\"']+", text, flags=re.IGNORECASE):
        return text
    raise parsing.ParseError(f'"{cell[:80]}" is not a web address: write it as https://…')


def _text(limit: int) -> Callable[[str], str]:
    def parse(cell: str) -> str:
        if len(cell) > limit:
            raise parsing.ParseError(f"the text is {len(cell):,} characters long; the limit is {limit:,}")
        return cell.strip()

    return parse


def _listed(item_parser: Callable[[str], object]) -> Callable[[str], list]:
    def parse(cell: str) -> list:
        values, errors = [], []
        for item in parsing.split_list(cell):
            try:
                value = item_parser(item)
            except parsing.ParseError as exc:
                errors.append(str(exc))
                continue
            if value not in values:
                values.append(value)
        if errors:
            raise parsing.ParseError("; ".join(errors))
        return values

    return parse


def _cell_parser(spec_field: Field, ctx: Context) -> Callable[[str], object]:
    kind = spec_field.kind
    parsers: dict[str, Callable[[str], object]] = {
        "id": _text(200),
        "text": _text(MAX_TEXT_CHARS),
        "text500": _text(MAX_SHORT_TEXT_CHARS),
        "date": lambda c: _dated(c, ctx),
        "future_date": parsing.parse_date,
        "year_range": lambda c: _year_range(c, ctx),
        "objective": parsing.parse_objective,
        "objectives": _listed(parsing.parse_objective),
        "principles": _listed(parsing.parse_principle),
        "countries": _listed(parsing.parse_country),
        "country": lambda c: parsing.parse_country(c, allow_global=False),
        "commission": _commission,
        "commissions": _listed(_commission),
        "round": lambda c: _round(c, ctx),
        "count": _count,
        "regions": _listed(_enum(PRACTICE_REGIONS)),
        "geography": lambda c: _geography(c, ctx),
        "urls": _listed(_url),
    }
    if kind == "enum":
        return _enum(spec_field.allowed or ())
    return parsers[kind]


def _dated(cell: str, ctx: Context) -> parsing.PartialDate:
    value = parsing.parse_date(cell)
    if value.last_day < GCM_ADOPTED:
        raise parsing.ParseError(f'"{cell}" is before the GCM was adopted ({GCM_ADOPTED:%Y-%m-%d})')
    if value.value > ctx.data_cutoff:
        raise parsing.ParseError(f'"{cell}" is after the data cut-off ({ctx.data_cutoff:%Y-%m-%d})')
    return value


def _year_range(cell: str, ctx: Context) -> parsing.YearRange:
    value = parsing.parse_year_range(cell)
    if value.start_year < 1945 or value.start_year > ctx.data_cutoff.year:
        raise parsing.ParseError(f'"{cell}" starts outside 1945-{ctx.data_cutoff.year}')
    return value


def _round(cell: str, ctx: Context) -> int:
    text = cell.strip()
    if text.isdigit() and int(text) in ctx.round_ids:
        return int(text)
    rounds = ", ".join(str(r) for r in sorted(ctx.round_ids))
    raise parsing.ParseError(f'"{cell}" is not a review round: use one of {rounds}')


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
        return GEO_LEVELS[0], parsing.parse_country(text, allow_global=False)
    except parsing.ParseError:
        raise parsing.ParseError(
            f'"{cell}" is not a geography: give an ISO3 code or country name, an M49 sub-region, '
            f"a commission ({', '.join(COMMISSION_IDS)}) or Global"
        ) from None


# ---------------------------------------------------------------- file checks


def parse_import(spec: ImportFile, raw: RawFile, ctx: Context) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse every cell of an import file by its field kind; empty cells become None.

    Returns:
        The parsed frame (one column per field, typed values, plus `_line`) and every problem found.
    """
    if not len(raw.frame.columns):  # not decodable or not CSV: nothing more to check
        return pd.DataFrame(), raw.problems
    problems = raw.problems + check_header(spec, raw)
    if any(p.severity == "error" and p.line == 1 for p in problems):
        return pd.DataFrame(), problems
    frame = raw.frame
    parsed = pd.DataFrame({LINE: frame[LINE].to_numpy()})
    for spec_field in spec.fields:
        cells = frame[spec_field.name] if spec_field.name in frame.columns else pd.Series([""] * len(frame))
        values, field_problems = _parse_column(spec, spec_field, cells, frame[LINE], ctx)
        parsed[spec_field.name] = values
        problems += field_problems
    problems += _duplicate_keys(spec, frame)
    order = {name: i for i, name in enumerate(spec.field_names)}
    problems.sort(key=lambda p: (p.line or 0, order.get(p.column, -1)))
    return parsed, problems


def _parse_column(spec: ImportFile, spec_field: Field, cells: pd.Series, lines: pd.Series, ctx: Context):
    parse = _cell_parser(spec_field, ctx)
    results: dict[str, object] = {}
    errors: dict[str, str] = {}
    for cell in pd.unique(cells):
        if not cell.strip():
            continue
        try:
            results[cell] = parse(cell)
        except parsing.ParseError as exc:
            errors[cell] = str(exc)
    values = cells.map(results).astype(object)
    values = values.where(values.notna(), None)
    problems = []
    if errors:
        bad = cells.isin(errors.keys())
        for cell, line in zip(cells[bad], lines[bad]):
            problems.append(Problem(spec.name, int(line), spec_field.name, errors[cell]))
    blank = cells.str.strip() == ""
    if spec_field.required == "yes" and blank.any():
        for line in lines[blank]:
            problems.append(Problem(spec.name, int(line), spec_field.name, "a value is required"))
    elif spec_field.required == "column" and blank.any():
        problems.append(_not_stated(spec.name, spec_field.name, lines[blank].tolist()))
    return values, problems


def _not_stated(file_name: str, column: str, lines: list[int]) -> Problem:
    shown = ", ".join(str(n) for n in lines[:10]) + (", …" if len(lines) > 10 else "")
    message = (
        f"empty in {len(lines):,} row(s) (line {shown}): kept and shown as not stated"
        if len(lines) > 1
        else "empty: kept and shown as not stated"
    )
    return Problem(file_name, lines[0] if len(lines) == 1 else None, column, message, "warning")


def _duplicate_keys(spec: ImportFile, frame: pd.DataFrame) -> list[Problem]:
    keys = [k for k in spec.natural_key if k in frame.columns]
    if not keys:
        return []
    normalised = frame[keys].apply(lambda s: s.str.strip().str.casefold())
    dup = normalised.duplicated(keep=False)
    if not dup.any():
        return []
    first_line: dict[tuple, int] = {}
    problems = []
    rows = zip(
        normalised[dup].itertuples(index=False, name=None),
        frame.loc[dup, keys].itertuples(index=False),
        frame.loc[dup, LINE],
    )
    for key, original, line in rows:
        if key not in first_line:
            first_line[key] = int(line)
            continue
        shown = ", ".join(f"{k}={v!r}" for k, v in zip(keys, original) if v)
        problems.append(
            Problem(
                spec.name, int(line), keys[0], f"duplicate record ({shown}); the first is on line {first_line[key]}"
            )
        )
    return problems

"""Read import files and check them against etl/schema: every problem as `file:line: column: [code] message`."""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from etl import cell_kinds
from etl import error_codes as E
from etl.cell_kinds import Context
from etl.cell_values import clipped
from etl.error_codes import Kind
from etl.parsed_columns import (
    PER_ROW_KINDS,
    Parsed,
    duplicated_rows,
    key_codes,
    parse_column,
    screen_personal_data,
    trimmed,
)
from etl.schema import Field, ImportFile

MAX_COLUMNS = 200
# The last guard of bounded output: whatever a message quotes, it is cut here (the parsers clip cells to 80 already).
MAX_MESSAGE_CHARS = 4_000
MAX_COLUMN_CHARS = 200
LINE = "_line"
# The csv module refuses fields over 128 KiB by default; raise the bar so an oversized cell gets our own message.
csv.field_size_limit(64 * 1024 * 1024)


@dataclass(frozen=True)
class Problem:
    """One problem of the inputs: where it is, what kind (etl/error_codes.py: its code and severity) and what to do."""

    file: str
    line: int | None
    column: str | None
    message: str
    kind: Kind

    def __post_init__(self) -> None:
        if not isinstance(self.kind, Kind):  # every problem carries a registered code
            raise TypeError(f"Problem kind must be an etl.error_codes.Kind, not {self.kind!r}")
        if len(self.message) > MAX_MESSAGE_CHARS:
            object.__setattr__(self, "message", clipped(self.message, MAX_MESSAGE_CHARS))
        if self.column is not None and len(self.column) > MAX_COLUMN_CHARS:
            object.__setattr__(self, "column", clipped(self.column, MAX_COLUMN_CHARS))

    @property
    def code(self) -> str:
        return self.kind.code

    @property
    def severity(self) -> str:
        return self.kind.severity

    def __str__(self) -> str:
        """`file:line: column: [GCM-E402] message`: the code always right before the message."""
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        where = f"{where}: {self.column}" if self.column else where
        return f"{where}: [{self.code}] {self.message}"


@dataclass
class RawFile:
    """An import file read as text: one string column per header, plus the line each record starts on."""

    name: str
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def _decode(name: str, data: bytes) -> tuple[str | None, list[Problem]]:
    if not data[:4096].strip() and not data.strip():  # look at the start first: stripping 50 MB copies it
        return None, [Problem(name, None, None, "the file is empty: give at least the header row", E.EMPTY_FILE)]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = "the file is UTF-16: save it as UTF-8 (CSV UTF-8 in spreadsheet programs)"
        return None, [Problem(name, 1, None, message, E.UTF16)]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(name, line, None, "the file holds a NUL byte: it is not a text CSV file", E.NUL_BYTE)]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        message = f"byte 0x{byte} is not UTF-8 (the file looks like Latin-1 or Windows-1252): save it as UTF-8"
        return None, [Problem(name, line, None, message, E.NOT_UTF8)]


DELIMITERS = (",", ";", "\t")


def delimiter(text: str) -> str:
    """The separator of a CSV export: the one of `,`, `;` and tab that splits the header into the most columns
    (ties: the comma). Spreadsheets in French, Spanish or Russian locales save with `;`; some exports use tabs. The
    header alone decides: the csv module's Sniffer guesses from the quoting of body cells and errs on long labels."""
    first = text[: text.find("\n") + 1 or len(text)]
    widths = {d: len(next(csv.reader(io.StringIO(first, newline=""), delimiter=d), [])) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (widths[d], d == ","))


def _records_with_lines(name: str, text: str, sep: str = ",") -> tuple[list[list[str]], list[int], list[Problem]]:
    """Parse CSV with the csv module, noting the line each record starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=sep)
    records, lines = [], []
    next_line = 1
    try:
        for row in reader:
            records.append(row)
            lines.append(next_line)
            next_line = reader.line_num + 1
    except csv.Error as exc:
        message = f"the CSV is malformed from here ({exc}): check for an unbalanced quote"
        return records, lines, [Problem(name, next_line, None, message, E.MALFORMED_CSV)]
    return records, lines, []


def read_csv_file(path: Path, name: str | None = None) -> RawFile | None:
    """Read an import file as strings; None when it is absent. Problems are kept on the result."""
    name = name or path.name
    if not path.exists():
        return None
    data = path.read_bytes()
    text, problems = _decode(name, data)
    if text is None:
        return RawFile(name, pd.DataFrame(), problems)
    sep = delimiter(text)
    frame = _fast_frame(data.removeprefix(b"\xef\xbb\xbf"), text, sep)
    if frame is None:
        frame, problems = _careful_frame(name, text, sep)
    return RawFile(name, frame, problems)


def _fast_frame(data: bytes, text: str, sep: str = ",") -> pd.DataFrame | None:
    """Arrow's multi-threaded CSV reader, used when every record sits on one line (then line = position + 2).

    Anything unusual (a record over several lines, a blank line, a ragged row, a repeated column name) fails
    one of the checks below and goes to the careful reader, which knows each record's line.
    """
    header = next(csv.reader(io.StringIO(text[: text.find("\n") + 1 or len(text)], newline=""), delimiter=sep), [])
    if not header or len(set(header)) != len(header) or len(header) > MAX_COLUMNS:
        return None
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=sep, dtype=str, keep_default_na=False, engine="pyarrow")
    except Exception:  # noqa: BLE001 - any parser complaint means: read it the careful way
        return None
    physical_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if physical_lines != len(frame) + 1 or list(frame.columns) != header:
        return None
    frame[LINE] = np.arange(2, len(frame) + 2)
    return frame


def _careful_frame(name: str, text: str, sep: str = ",") -> tuple[pd.DataFrame, list[Problem]]:
    records, lines, problems = _records_with_lines(name, text, sep)
    if not records:
        return pd.DataFrame(), problems + [Problem(name, None, None, "the file has no header row", E.NO_HEADER)]
    header, body, body_lines = records[0], records[1:], lines[1:]
    width = len(header)
    rows, kept_lines = [], []
    for row, line in zip(body, body_lines):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            message = f"the row has {len(row)} cells but the header has {width}"
            problems.append(Problem(name, line, None, message, E.ROW_WIDTH))
            continue
        rows.append(row)
        kept_lines.append(line)
    frame = pd.DataFrame(rows, columns=unique_header(header), dtype=object)
    frame[LINE] = kept_lines
    return frame, problems


def unique_header(header: list[str]) -> list[str]:
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
                f"{MAX_COLUMNS}: check the separator is a comma, a semicolon or a tab",
                E.TOO_MANY_COLUMNS,
            )
        ]
    known = set(spec.field_names)
    for col in columns:
        if "\x00" in col:
            problems.append(
                Problem(raw.name, 1, col.split("\x00")[0], "the column appears twice in the header", E.COLUMN_TWICE)
            )
        elif col != col.strip() and col.strip() in known:
            message = f'the header cell "{col}" has stray spaces: remove them'
            problems.append(Problem(raw.name, 1, col.strip(), message, E.HEADER_SPACES))
        elif col not in known:
            problems.append(Problem(raw.name, 1, col, "unknown column, ignored", E.UNKNOWN_COLUMN))
    present = {c.strip() for c in columns}
    for f in spec.fields:
        if f.required in ("yes", "column") and f.name not in present:
            problems.append(Problem(raw.name, 1, f.name, "required column is missing", E.COLUMN_MISSING))
    if not len(raw.frame) and not any(p.severity == "error" for p in problems):
        problems.append(Problem(raw.name, 1, None, "the file has a header but no records", E.NO_RECORDS))
    return problems


# ---------------------------------------------------------------- file checks


def parse_import(spec: ImportFile, raw: RawFile, ctx: Context) -> tuple[Parsed | None, list[Problem]]:
    """Parse every cell of an import file by its field kind, collecting every problem.

    Returns:
        The parsed rows (None when the file could not be read or its header is wrong) and every problem found.
    """
    if not len(raw.frame.columns):  # not decodable or not CSV: nothing more to check
        return None, raw.problems
    problems = raw.problems + check_header(spec, raw)
    if any(p.severity == "error" and p.line == 1 for p in problems):
        return None, problems
    frame = raw.frame
    lines = frame[LINE].to_numpy()
    parsed = Parsed(lines, {}, {})
    key_texts, key_errors = {}, np.zeros(len(frame), dtype=bool)
    for spec_field in spec.fields:
        cells = frame[spec_field.name] if spec_field.name in frame.columns else pd.Series([""] * len(frame))
        codes, values, text, bad, field_problems = _parse_column(spec, spec_field, cells, lines, ctx)
        parsed.codes[spec_field.name], parsed.values[spec_field.name] = codes, values
        problems += field_problems
        if spec_field.name in spec.natural_key:
            key_texts[spec_field.name] = text
            key_errors |= bad
    problems += _duplicate_keys(spec, parsed, key_texts, key_errors)
    if raw.name != spec.name:  # pledges.xlsx or pledges.tsv: the problems name the file that holds them
        problems = [dataclasses.replace(p, file=raw.name) if p.file == spec.name else p for p in problems]
    order = {name: i for i, name in enumerate(spec.field_names)}
    problems.sort(key=lambda p: (p.line or 0, order.get(p.column, -1)))
    return parsed, problems


def _parse_column(spec: ImportFile, spec_field: Field, cells: pd.Series, lines: np.ndarray, ctx: Context):
    """Codes, parsed values, the trimmed (and screened) cells, the rows in error and the problems of one column."""
    text, problems, personal = trimmed(cells), [], np.zeros(len(cells), dtype=bool)
    if spec_field.kind in PER_ROW_KINDS:
        text, problems, personal = _screen(spec, spec_field, text, lines)
    parse = (
        None if spec_field.kind in PER_ROW_KINDS else cell_kinds.cell_parser(spec_field.kind, spec_field.allowed, ctx)
    )
    codes, values, blank, errors = parse_column(spec_field.kind, parse, text)
    bad = np.isin(codes, list(errors)) if errors else np.zeros(len(codes), dtype=bool)
    # A message quotes the cell: personal data in a cell no parser accepts (a country "a@b.org") is not shown either.
    shown = {code: cell_kinds.scrub_text(str(error))[0] for code, error in errors.items()}
    problems += [
        Problem(spec.name, int(lines[row]), spec_field.name, shown[int(codes[row])], errors[int(codes[row])].kind)
        for row in np.flatnonzero(bad & ~personal)
    ]
    bad |= personal
    codes[bad] = -1
    if spec_field.required == "yes" and blank.any():
        problems += [
            Problem(spec.name, int(line), spec_field.name, "a value is required", E.VALUE_REQUIRED)
            for line in lines[blank]
        ]
    elif spec_field.required == "column" and blank.any():
        problems.append(_not_stated(spec.name, spec_field.name, lines[blank].tolist()))
    return codes, values, text, bad, problems


def _screen(spec: ImportFile, spec_field: Field, text, lines: np.ndarray):
    """Remove e-mail addresses and phone numbers from a free-text or web-address column, saying how many, never what.

    An id holding one is an error instead: changing an id would change which record it names.
    """
    text, rows, emails, phones = screen_personal_data(spec_field.kind, text)
    personal = np.zeros(len(text), dtype=bool)
    if not len(rows):
        return text, [], personal
    if spec_field.kind == "id":
        personal[rows] = True
        message = "the id holds an e-mail address or phone number: personal data is never imported, use another id"
        problems = [Problem(spec.name, int(lines[row]), spec_field.name, message, E.PERSONAL_ID) for row in rows]
        return text, problems, personal
    found = [
        f"{n:,} {what}" for n, what in ((emails.sum(), "e-mail address(es)"), (phones.sum(), "phone number(s)")) if n
    ]
    message = " and ".join(found) + " removed (personal data is never imported)"
    return text, [Problem(spec.name, int(lines[rows[0]]), spec_field.name, message, E.PERSONAL_REMOVED)], personal


def _not_stated(file_name: str, column: str, lines: list[int]) -> Problem:
    shown = ", ".join(str(n) for n in lines[:10]) + (", …" if len(lines) > 10 else "")
    message = (
        f"empty in {len(lines):,} row(s) (line {shown}): kept and shown as not stated"
        if len(lines) > 1
        else "empty: kept and shown as not stated"
    )
    return Problem(file_name, lines[0] if len(lines) == 1 else None, column, message, E.NOT_STATED)


def _duplicate_keys(spec: ImportFile, parsed: Parsed, texts: dict, invalid: np.ndarray) -> list[Problem]:
    """Records whose key means the same as an earlier one's (see columns.key_codes); rows in error are left out."""
    keys = [k for k in spec.natural_key if k in texts]
    if not keys:
        return []
    kind = {f.name: f.kind for f in spec.fields}
    codes = [key_codes(kind[k], parsed.codes[k], parsed.values[k]) for k in keys]
    rows, groups = duplicated_rows(codes, invalid)
    first_line: dict[int, int] = {}
    problems = []
    for row in rows:
        line = int(parsed.lines[row])
        if groups[row] not in first_line:
            first_line[groups[row]] = line
            continue
        original = [(k, texts[k][int(row)].as_py()) for k in keys]
        shown = ", ".join(f"{k}={clipped(v)!r}" for k, v in original if v)
        message = f"duplicate record ({shown}); the first is on line {first_line[groups[row]]}"
        problems.append(Problem(spec.name, line, keys[0], message, E.DUPLICATE_RECORD))
    return problems

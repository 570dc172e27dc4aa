"""Parse import columns: each distinct cell once in Python, the per-row work in Arrow (fast at a million rows)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import cell_kinds, cell_values
from etl import error_codes as E

TEXT_LIMITS = {"id": 200, "text": cell_values.MAX_TEXT_CHARS, "text500": cell_values.MAX_SHORT_TEXT_CHARS}
PER_ROW_KINDS = (*TEXT_LIMITS, "urls")  # mostly distinct per row: kept as Arrow arrays, never parsed one by one
LIST_KINDS = ("objectives", "principles", "countries", "commissions", "regions")
# A cheap superset of what cell_kinds.scrub_text and scrub_urls look for, run by Arrow over every cell, so that only the
# few cells it matches are screened in Python (RE2's \b is ASCII-only: it matches at least where Python's does).
_MAYBE_PERSONAL = (
    r"@|\+\d|\(\d|(?i:%40|%2B\d|%28\d|\[at\]|\(at\)"
    r"|\b(?:tel|telephone|phone|mobile|mob|cell|fax|whatsapp|sms|callto|mailto)\b)"
)
# Characters that change no meaning but make two equal ids differ: soft hyphen, Mongolian vowel separator,
# zero-width space and (non-)joiner, direction marks, word joiner and invisible operators, byte-order mark.
INVISIBLE = "[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]"


@dataclass
class Parsed:
    """The parsed rows of an import file.

    Each column holds, per row, a code into that column's parsed values (-1 for an empty or wrong cell), so a
    value shared by many rows (a country list, a date) is parsed and transformed once. Free-text columns keep
    one Arrow string per row instead (their code is the row number).
    """

    lines: np.ndarray
    codes: dict[str, np.ndarray]
    values: dict[str, np.ndarray | pa.Array]
    single_urls: dict[str, bool] = field(default_factory=dict)  # URL columns with one address per cell

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str, default=None):
        """One parsed value per row; `default` (or NULL for text) for empty cells."""
        values, codes = self.values[name], self.codes[name]
        if isinstance(values, pa.Array):
            return _nullable_text(values, codes)
        return _spread(values, codes, default)

    def derive(self, name: str, func: Callable[[object], object], default=None) -> np.ndarray:
        """`func` of each distinct parsed value, spread to the rows; `default` for empty cells."""
        derived = [default if v is None else func(v) for v in self.values[name]]
        return _spread(objects(derived), self.codes[name], default)

    def derive_int(self, name: str, func: Callable[[object], int | None]) -> pd.arrays.IntegerArray:
        """`derive()` as nullable 64-bit integers, NULL for empty cells and where `func` gives None."""
        derived = [None if v is None else func(v) for v in self.values[name]] + [None]
        missing = np.fromiter((d is None for d in derived), dtype=bool, count=len(derived))
        ints = np.fromiter((0 if d is None else d for d in derived), dtype=np.int64, count=len(derived))
        codes = self.codes[name]
        # Spread as two numpy arrays: pd.array(objects, dtype="Int64") checks every one of a million cells.
        return pd.arrays.IntegerArray(ints[codes], missing[codes])

    def pairs(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row number, item) for every item of a list column, in row order and then cell order.

        The items come as positions into the third result, the distinct cells' items one after the other, so a
        caller can test or convert each of those once instead of once per row.
        """
        values, codes = self.values[name], self.codes[name]
        rows = np.flatnonzero(codes >= 0)
        lengths = np.fromiter((len(v or ()) for v in values), dtype=np.int64, count=len(values))
        flat = objects([item for v in values for item in v or ()])
        starts = np.cumsum(lengths) - lengths
        per_row = lengths[codes[rows]]
        first = np.repeat(starts[codes[rows]], per_row)
        offset = np.arange(per_row.sum()) - np.repeat(np.cumsum(per_row) - per_row, per_row)
        return np.repeat(rows, per_row), first + offset, flat

    def url_pairs(self, name: str = "source_url") -> tuple[np.ndarray, pa.Array]:
        """(row number, web address) for every address of a `;`-separated URL column."""
        if self._one_url_each(name):  # the cells are trimmed already: each is its row's one address
            keep = self.codes[name] >= 0
            return np.flatnonzero(keep), self.values[name].filter(pa.array(keep))
        split = pc.split_pattern(self.values[name], ";")
        flat, rows = pc.utf8_trim_whitespace(pc.list_flatten(split)), pc.list_parent_indices(split).to_numpy()
        keep = (self.codes[name][rows] >= 0) & pc.not_equal(flat, "").to_numpy(zero_copy_only=False)
        # The same address twice in one cell is cited once; only cells with several addresses can repeat one.
        several = np.flatnonzero(pc.list_value_length(split).to_numpy(zero_copy_only=False) > 1)
        for row in several:
            positions = np.flatnonzero(rows == row)
            seen = set()
            for pos in positions:
                keep[pos] &= flat[pos].as_py() not in seen
                seen.add(flat[pos].as_py())
        return rows[keep], flat.filter(pa.array(keep))

    def first_url(self, name: str = "source_url"):
        """The first web address of each row (the primary one); NULL when the cell is empty."""
        if self._one_url_each(name):
            return _nullable_text(self.values[name], self.codes[name])
        first = pc.utf8_trim_whitespace(pc.list_element(pc.split_pattern(self.values[name], ";", max_splits=1), 0))
        return _nullable_text(first, self.codes[name])

    def _one_url_each(self, name: str) -> bool:
        # No cell lists several addresses (the usual case): splitting a million cells on ";" is then not needed.
        if name not in self.single_urls:
            self.single_urls[name] = not pc.any(pc.match_substring(self.values[name], ";")).as_py()
        return self.single_urls[name]


def _nullable_text(values: pa.Array, codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Arrow-backed text with NULL where the cell was empty (no copy into Python strings)."""
    return pd.arrays.ArrowExtensionArray(pc.if_else(pa.array(codes < 0), pa.scalar(None, pa.string()), values))


def objects(items: list) -> np.ndarray:
    """An object array holding `items` as they are (numpy would turn a list of tuples into a 2-D array)."""
    out = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        out[i] = item
    return out


def _spread(values: np.ndarray, codes: np.ndarray, default) -> np.ndarray:
    padded = np.empty(len(values) + 1, dtype=object)
    padded[:-1] = values
    padded[-1] = default
    return padded[codes]


def trimmed(cells: pd.Series) -> pa.Array:
    """The cells as one Arrow string array without surrounding white space."""
    arr = pa.array(cells, type=pa.string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return pc.utf8_trim_whitespace(pc.fill_null(arr, ""))


def screen_personal_data(kind: str, text: pa.Array) -> tuple[pa.Array, np.ndarray, np.ndarray, np.ndarray]:
    """The cells with e-mail addresses and phone numbers removed; the rows changed and how many of each they held."""
    maybe = np.flatnonzero(pc.match_substring_regex(text, _MAYBE_PERSONAL).to_numpy(zero_copy_only=False))
    scrub = cell_kinds.scrub_urls if kind == "urls" else cell_kinds.scrub_text
    found = [(int(row), *scrub(text[row].as_py())) for row in maybe]
    found = [f for f in found if f[2] or f[3]]
    if not found:
        return text, np.array([], dtype=np.int64), np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    rows, cells, emails, phones = zip(*found)
    screened = text.to_numpy(zero_copy_only=False).astype(object)
    screened[list(rows)] = objects(list(cells))  # not np.array(cells): one 1 MB cell would widen them all to 4 MB
    rows, emails, phones = np.array(rows), np.array(emails), np.array(phones)
    return pc.utf8_trim_whitespace(pa.array(screened, type=pa.string())), rows, emails, phones


def parse_column(kind: str, parse: Callable[[str], object] | None, cells: pd.Series | pa.Array):
    """Codes, values, a blank mask and {code: ParseError} for one column (an Arrow array: trimmed already).

    `parse` reads one distinct cell (None for the per-row kinds, which are checked in bulk).
    """
    text = cells if isinstance(cells, pa.Array) else trimmed(cells)
    blank = pc.equal(text, "").to_numpy(zero_copy_only=False)
    if kind in PER_ROW_KINDS:
        codes = np.where(blank, -1, np.arange(len(text)))
        return codes, text, blank, _check_texts(kind, text, blank)
    encoded = pc.dictionary_encode(text)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    codes[blank] = -1
    values, errors = [], {}
    for code, cell in enumerate(encoded.dictionary.to_pylist()):
        try:
            values.append(parse(cell) if cell else None)
        except cell_values.ParseError as exc:
            values.append(None)
            errors[code] = exc
    return codes, objects(values), blank, errors


def _check_texts(kind: str, text: pa.Array, blank: np.ndarray) -> dict[int, cell_values.ParseError]:
    if kind == "urls":
        good = pc.match_substring_regex(text, f"^{cell_values.URLS_PATTERN}$").to_numpy(zero_copy_only=False)
        good &= pc.utf8_length(text).to_numpy(zero_copy_only=False) <= cell_values.MAX_URL_CHARS  # longer: each checked
        errors = {}
        for row in np.flatnonzero(~good & ~blank):
            try:
                cell_values.parse_urls(text[row].as_py())
            except cell_values.ParseError as exc:
                errors[int(row)] = exc
        return errors
    limit = TEXT_LIMITS[kind]
    too_long = np.flatnonzero(pc.utf8_length(text).to_numpy() > limit)
    return {
        int(r): cell_values.ParseError(
            E.TEXT_TOO_LONG, f"the text is {len(text[r].as_py()):,} characters long; the limit is {limit:,}"
        )
        for r in too_long
    }


def key_codes(kind: str, codes: np.ndarray, values) -> np.ndarray:
    """Per row, a number equal for two rows exactly when their cells mean the same (-1 for an empty cell).

    Free text (ids, event names) is compared in Unicode NFC, without invisible characters, with each run of white
    space as one space and case-insensitively: `B-1` and `b-1` are one record typed twice (web-form submission
    numbers have no case and Hub slugs are lower case, so no two real records differ only in case). Other kinds are
    compared by their parsed value: `KEN` = `Kenya`, `5;6` = `6;5`, `2024-3-11` = `2024-03-11`.
    """
    if isinstance(values, pa.Array):
        text = values
        if not pc.all(pc.string_is_ascii(text)).as_py():  # ASCII text is in NFC already and holds no invisibles
            text = pc.replace_substring_regex(pc.utf8_normalize(text, "NFC"), INVISIBLE, "")
        text = pc.utf8_lower(pc.replace_substring_regex(pc.utf8_trim_whitespace(text), r"[\s\p{Z}]+", " "))
        meaning = pc.dictionary_encode(text).indices.to_numpy(zero_copy_only=False).astype(np.int64)
        return np.where(codes < 0, -1, meaning)
    groups: dict = {}
    listed = kind in LIST_KINDS
    per_value = [groups.setdefault(frozenset(v) if listed and v is not None else v, len(groups)) for v in values]
    return np.append(np.array(per_value, dtype=np.int64), -1)[codes]


def duplicated_rows(keys: list[np.ndarray], skip: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of rows whose key appears more than once, leaving out `skip`; and each row's key group."""
    if len(keys) == 1:
        group = keys[0] + 1
    else:
        frame = pd.DataFrame({str(i): k for i, k in enumerate(keys)})
        group = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
    counted = np.bincount(group[~skip], minlength=int(group.max(initial=0)) + 1)
    return np.flatnonzero(~skip & (counted[group] > 1)), group

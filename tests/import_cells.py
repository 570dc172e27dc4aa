"""Hypothesis strategies for import-file cells, per field of etl/schema.py: valid ones with their meaning; bad ones."""

import csv
import string
from datetime import date
from functools import cache

from hypothesis import strategies as st

from etl import paths
from etl.cell_kinds import MAX_COUNT, MPTF_AREA_IDS, Context
from etl.cell_values import GCM_ADOPTED, GLOBAL, MAX_SHORT_TEXT_CHARS, MAX_TEXT_CHARS
from etl.schema import COMMISSION_IDS, PRACTICE_REGIONS, Field, ImportFile


def _reference(name: str) -> list[dict[str, str]]:
    with (paths.REFERENCE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


COUNTRIES = [(r["iso3"], r["name"]) for r in _reference("m49_subregions.csv")]
OBJECTIVES = [(int(r["objective_id"]), r["title"], r["short_title"]) for r in _reference("objectives.csv")]
PRINCIPLES = [(int(r["principle_id"]), r["name"]) for r in _reference("guiding_principles.csv")]
CTX = Context(
    date(2025, 12, 31),
    frozenset(int(r["round_id"]) for r in _reference("review_rounds.csv")),
    frozenset(r["subregion"] for r in _reference("m49_subregions.csv") if r["subregion"]),
)

# Free text a person types: letters, digits, spaces and punctuation; no `@`, `+` or `(`, so the personal-data screen
# (which only warns) leaves it as typed and its meaning stays the typed words.
_TEXT = st.text(alphabet=string.ascii_letters + string.digits + " ,.'-éôüñ", max_size=40)


def _text_meaning(cell: str) -> str:
    return " ".join(cell.split()).lower()  # as etl.parsed_columns.key_codes compares free text


def _cased(value: str) -> st.SearchStrategy[str]:
    """`value` as typed: as listed, upper or lower case, `_` as a space, with stray spaces."""
    forms = st.sampled_from([value, value.upper(), value.lower(), value.replace("_", " ")])
    return st.tuples(st.sampled_from(["", " "]), forms, st.sampled_from(["", " "])).map("".join)


def _meant(value, cells: st.SearchStrategy[str]) -> st.SearchStrategy[tuple]:
    return cells.map(lambda cell: (value, cell))


def _one_of_values(values, render) -> st.SearchStrategy[tuple]:
    """(meaning, cell) for one of `values`, each written as `render(value)` writes it."""
    return st.sampled_from(values).flatmap(lambda v: _meant(v, render(v)))


def _listed(item: st.SearchStrategy[tuple], max_size: int = 3) -> st.SearchStrategy[tuple]:
    """A `;`-separated list cell; its meaning is the set of its items (a repeated item counts once)."""
    items = st.lists(item, max_size=max_size, unique_by=lambda pair: pair[0])
    # An empty list is an empty cell: its meaning is None, as for any empty cell (else two would count as distinct).
    return st.tuples(items, st.sampled_from([";", "; "])).map(
        lambda pair: (frozenset(v for v, _ in pair[0]) or None, pair[1].join(c for _, c in pair[0]))
    )


def _date(low: date, high: date) -> st.SearchStrategy[tuple]:
    """A date of the period, to the day, month or year, written as a spreadsheet or the web form would."""

    def written(day: date) -> st.SearchStrategy[tuple]:
        return st.sampled_from(
            [
                ((day, "day"), day.isoformat()),
                ((day, "day"), f"{day.year}-{day.month}-{day.day}"),
                ((day, "day"), f"{day.isoformat()} 10:12:33"),
                ((date(day.year, day.month, 1), "month"), f"{day.year}-{day.month:02d}"),
                ((date(day.year, 1, 1), "year"), str(day.year)),
            ]
        )

    return st.dates(low, high).flatmap(written)


def _year_range(ctx: Context) -> st.SearchStrategy[tuple]:
    def written(start: int, length: int) -> st.SearchStrategy[tuple]:
        return st.sampled_from(
            [
                ((start, start), str(start)),
                ((start, None), f"{start} - Present"),
                ((start, start + length), f"{start} - {start + length}"),
            ]
        )

    return st.tuples(st.integers(1945, ctx.data_cutoff.year), st.integers(0, 30)).flatmap(lambda t: written(*t))


def _count() -> st.SearchStrategy[tuple]:
    return st.integers(0, MAX_COUNT).flatmap(lambda n: st.sampled_from([(n, str(n)), (n, f"{n:,}")]))


OBJECTIVE = st.sampled_from(OBJECTIVES).flatmap(
    lambda o: _meant(o[0], st.sampled_from([str(o[0]), f"Objective {o[0]}", o[1], o[2]]))
)
PRINCIPLE = st.sampled_from(PRINCIPLES).flatmap(lambda p: _meant(p[0], st.sampled_from([str(p[0]), p[1]])))
COUNTRY = st.sampled_from(COUNTRIES).flatmap(lambda c: _meant(c[0], st.sampled_from([c[0], c[1]])))
COUNTRY_OR_GLOBAL = st.one_of(COUNTRY, _meant(GLOBAL, _cased("Global")))
COMMISSION = _one_of_values(COMMISSION_IDS, _cased)
ID = st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12)


@cache  # built once per field: building strategies in every draw would take most of the test's time
def valid_cell(spec_field: Field, ctx: Context = CTX) -> st.SearchStrategy[tuple]:
    """(meaning, cell) for a cell the field accepts; meaning None for an empty cell."""
    kind = spec_field.kind
    strategies = {
        "id": ID.map(lambda cell: (cell, cell)),
        "text": _TEXT.filter(str.strip).map(lambda cell: (_text_meaning(cell), cell)),
        "text500": _TEXT.filter(str.strip).map(lambda cell: (_text_meaning(cell), cell)),
        "date": _date(GCM_ADOPTED, ctx.data_cutoff),
        "future_date": _date(date(1990, 1, 1), date(2040, 12, 31)),
        "year_range": _year_range(ctx),
        "objective": OBJECTIVE,
        "objectives": _listed(OBJECTIVE, 4),
        "principles": _listed(PRINCIPLE),
        "countries": _listed(COUNTRY_OR_GLOBAL),
        "country": COUNTRY,
        "commission": COMMISSION,
        "commissions": _listed(COMMISSION),
        "round": _one_of_values(sorted(ctx.round_ids), lambda r: st.just(str(r))),
        "count": _count(),
        "usd": st.integers(0, 10**10).flatmap(
            lambda n: st.sampled_from([(float(n), str(n)), (float(n), f"{n:,}"), (n + 0.5, f"{n}.50")])
        ),
        "mptf_area": _one_of_values(list(MPTF_AREA_IDS), lambda a: st.just(str(a))),
        "names": _listed(_TEXT.map(str.strip).filter(bool).map(lambda name: (name, name))),
        "regions": _listed(_one_of_values(PRACTICE_REGIONS, _cased)),
        "geography": st.one_of(
            _meant(("global", "GLOBAL"), _cased("Global")),
            COMMISSION.map(lambda m: (("commission", m[0]), m[1])),
            _one_of_values(sorted(ctx.subregions), _cased).map(lambda m: (("subregion", m[0]), m[1])),
            COUNTRY.map(lambda m: (("country", m[0]), m[1])),
        ),
        "urls": st.lists(ID, min_size=1, max_size=2, unique=True).map(
            lambda slugs: (
                tuple(f"https://example.org/{s}" for s in slugs),
                "; ".join(f"https://example.org/{s}" for s in slugs),
            )
        ),
        "enum": _one_of_values(spec_field.allowed or (), _cased),
    }
    cell = strategies[kind]
    if spec_field.required == "yes":
        return cell
    return st.one_of(st.just((None, "")), cell)


# Cells each field must refuse with a line-numbered error.
BAD_CELLS = {
    "id": ["x" * 201, "someone@example.org"],
    "text": ["x" * (MAX_TEXT_CHARS + 1)],
    "text500": ["x" * (MAX_SHORT_TEXT_CHARS + 1)],
    "date": ["2017-05-01", "2026-01-01", "10/01/2022", "2022-02-30", "yesterday"],
    "future_date": ["2022-13-01", "22-01-01"],
    "year_range": ["2019 - 2015", "1900", "Present"],
    "objective": ["0", "24", "Objective 25", "Save live"],
    "objectives": ["5;24", "Objective 0"],
    "principles": ["11", "Kindness"],
    "countries": ["Atlantis", "KEN;Kenyia", "Korea"],
    "country": ["Global", "Atlantis"],
    "commission": ["UNESCO"],
    "commissions": ["ECA;UNESCO"],
    "round": ["9", "0", "1.0"],
    "count": ["-3", "1.5", "three", "3000000000", "1,5"],
    "usd": ["USD 2.35m", "-5", "1,5"],
    "mptf_area": ["0", "6", "Area 2"],
    "names": ["x" * 201],
    "regions": ["Antarctica"],
    "geography": ["Narnia"],
    "urls": ["javascript:alert(1)", "www.example.org", "https://example.org/" + "a" * 2000],
    "enum": ["not-an-allowed-value"],
}


def bad_cell(spec_field: Field) -> st.SearchStrategy[str]:
    """A cell the field refuses (an empty one too, when a value is required)."""
    return st.sampled_from(BAD_CELLS[spec_field.kind] + ([""] if spec_field.required == "yes" else []))


# Any text on one line (the line numbers of the rows stay known) without a NUL byte (which refuses the whole file,
# tests/test_bad_input.py); it may or may not be a valid cell.
ANY_CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"), max_size=30)


@cache
def _valid_rows(spec: ImportFile, ctx: Context) -> st.SearchStrategy[list]:
    key = [spec.field_names.index(k) for k in spec.natural_key]
    return st.lists(
        st.tuples(*(valid_cell(f, ctx) for f in spec.fields)),
        max_size=MAX_ROWS,
        unique_by=lambda row: tuple(row[i][0] for i in key),
    )


MAX_ROWS = 8


@st.composite
def import_rows(draw, spec: ImportFile, ctx: Context = CTX):
    """Rows of `spec` with their meanings: valid rows, distinct by natural key, and in one example in four a few
    cells replaced by bad ones (their rows are returned) or by any text (whose rows may or may not be in error)."""
    meant = draw(_valid_rows(spec, ctx))
    cells = [[cell for _, cell in row] for row in meant]
    replaced = {}  # (row, column) -> whether the cell put there is a bad one (the last one put there counts)
    if cells and draw(st.integers(0, 3)) == 0:
        for _ in range(draw(st.integers(1, 3))):
            row = draw(st.integers(0, len(cells) - 1))
            column = draw(st.integers(0, len(spec.fields) - 1))
            replaced[row, column] = draw(st.booleans())
            cells[row][column] = draw(bad_cell(spec.fields[column]) if replaced[row, column] else ANY_CELL)
    bad_rows = {row for (row, _), bad in replaced.items() if bad}
    any_rows = {row for (row, _), bad in replaced.items() if not bad}
    meanings = [{f.name: value for f, (value, _) in zip(spec.fields, row)} for row in meant]
    return meanings, cells, bad_rows, any_rows

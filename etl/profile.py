"""A country profile as data, read from a built database: stream cards, round tables, objectives, records, reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from etl import schema
from etl.explain import STREAM_NAMES
from etl.progress import CLASSES

ALL = schema.COMPOSITE_STREAM
NO_CLASS_WORDS = {"insufficient_data": "Too few records to judge", "not_assessable": "Not assessable"}
RECORDS_LIMIT = 50


@dataclass(frozen=True)
class Card:
    """One stream's objective-0 cell for the country: its counts and, only where the method gives one, its class."""

    stream: str
    name: str
    n_from: int
    n_to: int
    category: str | None  # the stored class; None when the database has no cell for this country
    label: str | None
    confidence: str | None
    exposure_model: str | None

    @property
    def has_class(self) -> bool:
        return self.category in CLASSES

    @property
    def class_text(self) -> str:
        return class_words(self.category, self.label, self.confidence)


@dataclass(frozen=True)
class GroupRow:
    """A round table, an objective, a sub-region or a commission: counts per stream, their sum and the composite."""

    key: Any
    title: str
    counts: dict[str, tuple[int, int]]
    category: str | None
    label: str | None
    confidence: str | None

    @property
    def n_from(self) -> int:
        return sum(c[0] for c in self.counts.values())

    @property
    def n_to(self) -> int:
        return sum(c[1] for c in self.counts.values())

    @property
    def active(self) -> bool:
        return self.n_from + self.n_to > 0

    @property
    def class_text(self) -> str:
        return class_words(self.category, self.label, self.confidence)


@dataclass(frozen=True)
class Profile:
    iso3: str
    name: str
    subregion: str | None
    commissions: tuple[str, ...]
    rounds: tuple[int, int]
    cards: tuple[Card, ...]
    overall: GroupRow
    review: tuple[bool | None, bool | None]  # voluntary GCM review submitted in each round; None: no count
    roundtables: tuple[GroupRow, ...]
    objectives: tuple[GroupRow, ...]  # those with activity first, each part in objective order
    neighbours: tuple[GroupRow, ...]  # the sub-region, then the commissions; key = (geo_level, geo_id)
    records: tuple[dict, ...]
    record_count: int
    reasons: tuple[dict, ...]
    info: dict = field(default_factory=dict)

    @property
    def inactive_count(self) -> int:
        return sum(not o.active for o in self.objectives)

    @property
    def has_records(self) -> bool:
        return self.record_count > 0


def class_words(category: str | None, label: str | None = None, confidence: str | None = None) -> str:
    """The stored class in words; a cell without a class says why, and no class is ever computed here."""
    if category is None:
        return "No cell in this database"
    if category in NO_CLASS_WORDS:
        why = f": {label.replace('_', ' ')}" if label else ""
        return NO_CLASS_WORDS[category] + why
    extras = [x.replace("_", " ") for x in (confidence, label) if x]
    return category.replace("_", " ").capitalize() + (f" ({', '.join(extras)})" if extras else "")


def _rows(con, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def country(con, iso3: str) -> dict | None:
    """name, subregion and commissions of a country, or None when the database does not know the code."""
    found = _rows(con, "SELECT iso3, name, subregion FROM countries WHERE iso3 = ?", [iso3.upper()])
    if not found:
        return None
    commissions = con.execute(
        "SELECT commission_id FROM commission_members WHERE iso3 = ? ORDER BY commission_id", [iso3.upper()]
    ).fetchall()
    return {**found[0], "commissions": tuple(c for (c,) in commissions)}


def build_info(con) -> dict:
    rows = _rows(con, "SELECT * FROM build_info", [])
    return rows[0] if rows else {}


CELL_SQL = """
SELECT stream, objective_id, geo_level, geo_id, n_from, n_to, category, label, confidence, exposure_model
FROM progress_cells
WHERE geo_level = ? AND geo_id = ? AND round_from = ? AND round_to = ? AND objective_id BETWEEN ? AND ?
ORDER BY objective_id, stream
"""


def _cells(con, level: str, geo_id: str, rounds: tuple[int, int], objectives: tuple[int, int]) -> list[dict]:
    return _rows(con, CELL_SQL, [level, geo_id, *rounds, *objectives])


def _group(key, title: str, cells: list[dict]) -> GroupRow:
    """Counts of the real streams (schema.STREAMS, in that order) and the class of the composite row."""
    by_stream = {c["stream"]: c for c in cells}
    counts = {
        s: (int(by_stream[s]["n_from"]), int(by_stream[s]["n_to"])) if s in by_stream else (0, 0)
        for s in schema.STREAMS
    }
    comp = by_stream.get(ALL, {})
    return GroupRow(key, title, counts, comp.get("category"), comp.get("label"), comp.get("confidence"))


def cards(con, iso3: str, rounds: tuple[int, int]) -> tuple[tuple[Card, ...], GroupRow]:
    """One card per stream of schema.STREAMS for objective 0, and the composite (`all`) as a row."""
    cells = _cells(con, "country", iso3, rounds, (0, 0))
    by_stream = {c["stream"]: c for c in cells}
    out = []
    for stream in schema.STREAMS:
        c = by_stream.get(stream, {})
        out.append(
            Card(
                stream,
                STREAM_NAMES.get(stream, stream.replace("_", " ").capitalize()),
                int(c.get("n_from", 0)),
                int(c.get("n_to", 0)),
                c.get("category"),
                c.get("label"),
                c.get("confidence"),
                c.get("exposure_model"),
            )
        )
    return tuple(out), _group(0, schema.ALL_OBJECTIVES_TITLE, cells)


def voluntary_review(con, iso3: str, rounds: tuple[int, int]) -> tuple[bool | None, bool | None]:
    """Whether the country's voluntary GCM review count is above zero in each round; None where no count exists."""
    found = dict(
        con.execute(
            "SELECT round_id, SUM(submission_count) FROM submissions "
            "WHERE iso3 = ? AND kind = 'voluntary_review' AND round_id IN (?, ?) GROUP BY round_id ORDER BY round_id",
            [iso3, *rounds],
        ).fetchall()
    )
    return tuple(None if r not in found else found[r] > 0 for r in rounds)


ROUNDTABLE_SQL = """
SELECT t.roundtable_id, t.title, g.stream, g.n_from, g.n_to, g.category, g.label, g.confidence
FROM imrf_roundtables t
LEFT JOIN group_cells g ON g.group_kind = 'roundtable' AND g.group_id = t.roundtable_id
    AND g.geo_level = 'country' AND g.geo_id = ? AND g.round_from = ? AND g.round_to = ?
ORDER BY t.roundtable_id, g.stream
"""


def roundtables(con, iso3: str, rounds: tuple[int, int]) -> tuple[GroupRow, ...]:
    """The four IMRF round tables: each record once per round table, whatever how many of its objectives it names."""
    rows = _rows(con, ROUNDTABLE_SQL, [iso3, *rounds])
    ids = sorted({r["roundtable_id"] for r in rows})
    return tuple(
        _group(
            i,
            next(r["title"] for r in rows if r["roundtable_id"] == i),
            [r for r in rows if r["roundtable_id"] == i and r["stream"]],
        )
        for i in ids
    )


def objectives(con, iso3: str, rounds: tuple[int, int]) -> tuple[GroupRow, ...]:
    """The 23 objectives: those with reported activity in either round first, then the rest, each in order."""
    titles = con.execute("SELECT objective_id, short_title FROM objectives ORDER BY objective_id").fetchall()
    cells = _cells(con, "country", iso3, rounds, (1, len(titles)))
    rows = [_group(o, title, [c for c in cells if c["objective_id"] == o]) for o, title in titles]
    return tuple(sorted(rows, key=lambda r: (not r.active, r.key)))


def neighbours(con, place: dict, rounds: tuple[int, int]) -> tuple[GroupRow, ...]:
    """The country's sub-region and regional commissions with their objective-0 counts and composite class."""
    geos = ([("subregion", place["subregion"])] if place.get("subregion") else []) + [
        ("commission", c) for c in place["commissions"]
    ]
    return tuple(_group(g, g[1], _cells(con, g[0], g[1], rounds, (0, 0))) for g in geos)


# A submission count of zero records that nothing was submitted: it is no record of activity (the sentence says it).
PICKED_SQL = """
picked AS (
    SELECT a.* FROM activities a
    WHERE a.activity_id IN (SELECT activity_id FROM activity_countries WHERE iso3 = $iso3)
      AND a.round_id IN ($round_from, $round_to) AND a.unit_count > 0
)"""
# The objectives are joined to the shown rows only (a correlated subquery grouped all of activity_objectives: 10 s
# at 1.4M activities).
RECORDS_SQL = f"""
WITH {PICKED_SQL},
shown AS (
    SELECT * FROM picked
    ORDER BY list_position($streams, stream), round_id, activity_date NULLS LAST, activity_id LIMIT $limit
),
objs AS (
    SELECT activity_id, string_agg(objective_id::VARCHAR, ';' ORDER BY objective_id) AS objective_ids
    FROM activity_objectives WHERE activity_id IN (SELECT activity_id FROM shown) GROUP BY activity_id
)
SELECT s.stream, s.record_id, s.title, s.round_id, s.activity_date, s.unit_count, s.source_url, o.objective_ids,
       (SELECT COUNT(*) FROM picked) AS total
FROM shown s LEFT JOIN objs o USING (activity_id)
ORDER BY list_position($streams, s.stream), s.round_id, s.activity_date NULLS LAST, s.activity_id
"""


def records(con, iso3: str, rounds: tuple[int, int], limit: int | None = RECORDS_LIMIT) -> tuple[list[dict], int]:
    """The country's records of the two rounds (the first `limit`, by stream, round and date) and their count."""
    params = {"iso3": iso3, "round_from": rounds[0], "round_to": rounds[1], "streams": list(schema.STREAMS)}
    rows = _rows(con, RECORDS_SQL, params | {"limit": limit})
    total = rows[0]["total"] if rows else 0  # `picked` is materialised once for both the rows and the count
    for row in rows:
        del row["total"]
    return rows, int(total)


REASONS_SQL = """
SELECT r.reason_id, r.objective_id, r.stream, r.round_id, r.direction, r.reason_code, r.reason_text, r.source_url
FROM reasons r
WHERE r.geo_level = 'country' AND r.geo_id = ? AND r.round_id = ?
ORDER BY r.objective_id, r.stream NULLS FIRST, r.reason_id
"""


def reasons(con, iso3: str, rounds: tuple[int, int]) -> list[dict]:
    """Reasons recorded for the country that explain the change into the later round (as cell_reasons links them)."""
    return _rows(con, REASONS_SQL, [iso3, rounds[1]])


def profile(con, iso3: str, rounds: tuple[int, int], records_limit: int | None = RECORDS_LIMIT) -> Profile | None:
    """The whole profile of one country and pair of rounds; None when the country code is unknown."""
    place = country(con, iso3)
    if place is None:
        return None
    iso3, rounds = place["iso3"], (int(rounds[0]), int(rounds[1]))
    stream_cards, overall = cards(con, iso3, rounds)
    listed, total = records(con, iso3, rounds, records_limit)
    return Profile(
        iso3=iso3,
        name=place["name"],
        subregion=place["subregion"],
        commissions=place["commissions"],
        rounds=rounds,
        cards=stream_cards,
        overall=overall,
        review=voluntary_review(con, iso3, rounds),
        roundtables=roundtables(con, iso3, rounds),
        objectives=objectives(con, iso3, rounds),
        neighbours=neighbours(con, place, rounds),
        records=tuple(listed),
        record_count=total,
        reasons=tuple(reasons(con, iso3, rounds)),
        info=build_info(con),
    )

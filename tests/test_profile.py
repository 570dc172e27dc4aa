"""The country profile as data (etl.profile) on the built demo database: cards, tables, records (its sentences in
each language are dashboard.sentences', tests/test_brief.py and tests/test_member_pages.py)."""

import duckdb
import pytest

from etl import profile, schema
from etl.progress import CLASSES


@pytest.fixture(scope="module")
def demo_con(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        yield con


def _coverage(con, level: str, geo_id: str, round_id: int) -> dict[str, int]:
    columns = ", ".join(f"{s}_count" for s in schema.STREAMS)
    row = con.execute(
        f"SELECT {columns} FROM coverage WHERE objective_id = 0 AND geo_level = ? AND geo_id = ? AND round_id = ?",
        [level, geo_id, round_id],
    ).fetchone()
    return dict(zip(schema.STREAMS, row, strict=True))


def _no_record_country(con) -> str:
    """A UN Member State with no record of activity in rounds 1 and 2 (the demo leaves a few out)."""
    return con.execute(
        "SELECT iso3 FROM countries c WHERE is_un_member AND NOT EXISTS (SELECT 1 FROM activity_countries ac "
        "JOIN activities a USING (activity_id) WHERE ac.iso3 = c.iso3 AND a.round_id IN (1, 2) AND a.unit_count > 0) "
        "ORDER BY iso3 LIMIT 1"
    ).fetchone()[0]


def test_a_country_with_activity_gets_one_card_per_stream_and_its_review(demo_con):
    p = profile.profile(demo_con, "KEN", (1, 2))
    before, after = _coverage(demo_con, "country", "KEN", 1), _coverage(demo_con, "country", "KEN", 2)
    assert [c.stream for c in p.cards] == list(schema.STREAMS)
    for card in p.cards:
        assert (card.n_from, card.n_to) == (before[card.stream], after[card.stream])
    reviews = dict(
        demo_con.execute(
            "SELECT round_id, SUM(submission_count) > 0 FROM submissions WHERE iso3 = 'KEN' "
            "AND kind = 'voluntary_review' AND round_id IN (1, 2) GROUP BY round_id ORDER BY round_id"
        ).fetchall()
    )
    assert p.review == (reviews.get(1), reviews.get(2))
    assert p.has_records


def test_a_card_shows_the_stored_class_and_never_one_of_its_own(demo_con):
    p = profile.profile(demo_con, "SVK", (1, 2))
    stored = dict(
        demo_con.execute(
            "SELECT stream, category FROM progress_cells WHERE objective_id = 0 AND geo_level = 'country' "
            "AND geo_id = 'SVK' AND round_from = 1 AND round_to = 2 ORDER BY stream"
        ).fetchall()
    )
    for card in p.cards:
        assert card.category == stored[card.stream]
        assert card.has_class == (stored[card.stream] in CLASSES)
        if not card.has_class:
            assert card.class_text.startswith(profile.NO_CLASS_WORDS[card.category])
    assert p.overall.category == stored[schema.COMPOSITE_STREAM]


def test_round_tables_objectives_and_the_inactive_line(demo_con):
    p = profile.profile(demo_con, "KEN", (1, 2))
    assert [r.key for r in p.roundtables] == [1, 2, 3, 4]
    assert sorted(o.key for o in p.objectives) == list(range(1, 24))
    active = [o.key for o in p.objectives if o.active]
    assert active == sorted(active) and [o.key for o in p.objectives][: len(active)] == active
    assert p.inactive_count == 23 - len(active)
    stored = demo_con.execute(
        "SELECT objective_id, SUM(n_from), SUM(n_to) FROM progress_cells WHERE stream <> 'all' AND objective_id > 0 "
        "AND geo_level = 'country' AND geo_id = 'KEN' AND round_from = 1 AND round_to = 2 GROUP BY ALL ORDER BY 1"
    ).fetchall()
    assert {(o.key, o.n_from, o.n_to) for o in p.objectives} == {tuple(map(int, row)) for row in stored}


def test_the_records_list_is_capped_and_counted(demo_con):
    p = profile.profile(demo_con, "SVK", (1, 2))
    assert p.record_count > profile.RECORDS_LIMIT == len(p.records)
    listed, total = profile.records(demo_con, "SVK", (1, 2), limit=None)
    assert total == p.record_count == len(listed)
    assert [r["stream"] for r in listed] == sorted((r["stream"] for r in listed), key=schema.STREAMS.index)
    assert all(r["round_id"] in (1, 2) and r["unit_count"] > 0 for r in listed)


def test_a_country_without_records_says_so_and_points_to_its_region(demo_con):
    iso3 = _no_record_country(demo_con)
    p = profile.profile(demo_con, iso3, (1, 2))
    assert not p.has_records and p.records == ()
    assert p.record_count == 0
    assert [n.key for n in p.neighbours] == [("subregion", p.subregion)] + [("commission", c) for c in p.commissions]
    assert p.inactive_count == 23


def test_a_country_in_several_commissions_lists_each_with_its_counts(demo_con):
    p = profile.profile(demo_con, "USA", (1, 2))
    assert len(p.commissions) >= 2
    assert [n.key for n in p.neighbours] == [("subregion", p.subregion)] + [("commission", c) for c in p.commissions]
    for n in p.neighbours:
        before, after = _coverage(demo_con, *n.key, 1), _coverage(demo_con, *n.key, 2)
        assert (n.n_from, n.n_to) == (sum(before.values()), sum(after.values()))


def test_an_unknown_country_gives_none(demo_con):
    assert profile.profile(demo_con, "XXX", (1, 2)) is None

"""Search (etl.search) over titles, entities and implementers: accent- and case-insensitive, every word."""

import pytest

from etl import search


@pytest.mark.parametrize("query", ["Türkiye data", "turkiye DATA", "TURKIYE", "türk"])
def test_a_title_is_found_with_and_without_accents(fixture_con, query):
    rows, total = search.search(fixture_con, query)
    assert total == len(rows) == 1
    hit = rows[0]
    assert (hit["stream"], hit["record_id"], hit["title"]) == ("pledges", "fixture-tur-1", "Türkiye data pledge")
    assert hit["fields"].split(";")[0] == "title"
    assert set(hit["countries"].split(";")) == {"TUR", "MDA"}


def test_entities_and_implementers_are_searched_and_words_may_sit_in_different_fields(fixture_con):
    rows, _ = search.search(fixture_con, "foreign affairs")
    assert [(r["record_id"], r["fields"]) for r in rows] == [("2250", "pledging_entity")]
    rows, _ = search.search(fixture_con, "IOM niger medical")  # implementer + title
    assert [(r["stream"], r["fields"]) for r in rows] == [("practices", "title;main_implementer")]
    rows, _ = search.search(fixture_con, "health workstream")
    assert [r["stream"] for r in rows] == ["gcm_talks"]


def test_every_word_must_match_and_results_carry_round_and_countries(fixture_con):
    rows, total = search.search(fixture_con, "kenya pledge")
    assert total == 2 and {r["record_id"] for r in rows} == {"fixture-kenya-1", "fixture-kenya-2"}
    assert all(r["countries"] == "KEN" and r["round_id"] in (1, 2) for r in rows)
    assert search.search(fixture_con, "kenya nosuchword") == ([], 0)


def test_empty_queries_and_sql_characters_are_plain_text(fixture_con):
    assert search.search(fixture_con, "   ") == ([], 0)
    assert search.search(fixture_con, "%") == ([], 0)
    assert search.search(fixture_con, "'; DROP TABLE pledges; --") == ([], 0)


def test_the_limit_caps_rows_not_the_count(fixture_con):
    rows, total = search.search(fixture_con, "pledge", limit=2)
    assert len(rows) == 2 and total > 2

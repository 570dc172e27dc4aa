"""Funding beside activity: the USD per round on the Objectives, Countries and Regions pages, the thematic areas,
the published totals for scale; the sums checked against the import tables, never a class from money."""

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.test_pages import APP, texts

# Programmes per round and their stated budgets, read from the import tables and their bridges alone: a programme
# is placed in the latest round whose window has started by its approval (else its start), and counts once per
# cell however many of the cell's countries or objectives it names.
PLACED = """
placed AS (
    SELECT m.programme_id, m.budget_usd,
           (SELECT max(r.round_id) FROM review_rounds r
            WHERE r.window_start_date <= coalesce(m.approved_date, m.start_date)) AS round_id
    FROM mptf_programmes m
    WHERE coalesce(m.approved_date, m.start_date) IS NOT NULL
)"""
INDEPENDENT_SQL = f"""
WITH {PLACED}
SELECT round_id, COUNT(*) AS programmes, COUNT(budget_usd) AS with_budget, SUM(budget_usd) AS usd
FROM placed
WHERE (len($countries::VARCHAR[]) = 0
       OR programme_id IN (SELECT programme_id FROM programme_countries WHERE list_contains($countries, iso3)))
  AND ($objective IS NULL
       OR programme_id IN (SELECT programme_id FROM programme_objectives WHERE objective_id = $objective))
GROUP BY round_id
ORDER BY round_id
"""


def expected(db: Path, countries=(), objective=None) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(INDEPENDENT_SQL, {"countries": list(countries), "objective": objective}).df()


def busiest_country_objective(db: Path) -> tuple[str, int]:
    """The country x objective pair with the most programmes (several rounds to compare)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("""
            SELECT pc.iso3, po.objective_id
            FROM programme_countries pc JOIN programme_objectives po USING (programme_id)
            GROUP BY ALL ORDER BY COUNT(*) DESC, pc.iso3, po.objective_id LIMIT 1""").fetchone()


@pytest.fixture()
def run(databases, monkeypatch):
    """Render one page on a dataset with the given link parameters."""

    def make(dataset: str, page: str, **params) -> AppTest:
        monkeypatch.setenv("GCM_DB_PATH", str(databases / f"{dataset}.duckdb"))
        monkeypatch.setenv("GCM_DATASET", dataset)
        at = AppTest.from_file(APP, default_timeout=30)
        at.run()
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return make


def funding_table(at: AppTest, column: str = "budget_usd") -> pd.DataFrame:
    tables = [d.value for d in at.dataframe if column in d.value.columns and "programmes" in d.value.columns]
    assert tables, "no funding table on the page"
    return tables[0]


def assert_same(shown: pd.DataFrame, truth: pd.DataFrame) -> None:
    got = shown[["round_id", "programmes", "programmes_with_budget", "budget_usd"]].reset_index(drop=True)
    want = truth.rename(columns={"with_budget": "programmes_with_budget", "usd": "budget_usd"}).reset_index(drop=True)
    assert not want.empty
    pd.testing.assert_frame_equal(got, want, check_dtype=False, check_names=False)


def test_world_funding_per_round_on_the_objectives_page(run, databases):
    at = run("demo", "app_pages/objectives.py")
    assert_same(funding_table(at), expected(databases / "demo.duckdb"))
    assert "USD approved per round" in texts(at)
    assert "rows do not add up" in texts(at)


def test_a_country_and_objective_cell_matches_the_import_tables(run, databases):
    db = databases / "demo.duckdb"
    iso3, objective = busiest_country_objective(db)
    at = run("demo", "app_pages/countries.py", geo=iso3, obj=str(objective))
    shown = funding_table(at)
    assert set(shown["geo_level"]) == {"Country"} and set(shown["objective_id"]) == {objective}
    assert_same(shown, expected(db, countries=[iso3], objective=objective))


def test_regions_list_each_subregion_once_per_round(run, databases):
    db = databases / "demo.duckdb"
    at = run("demo", "app_pages/regions.py", lvl="subregion")
    shown = funding_table(at)
    assert set(shown["geo_level"]) == {"Sub-region"}
    with duckdb.connect(str(db), read_only=True) as con:  # the sub-region with the most programmes
        name, members = con.execute("""
            SELECT c.subregion, list(DISTINCT c.iso3) FROM countries c
            JOIN programme_countries pc USING (iso3) WHERE c.subregion IS NOT NULL
            GROUP BY c.subregion ORDER BY COUNT(DISTINCT pc.programme_id) DESC, c.subregion LIMIT 1""").fetchone()
    assert_same(shown[shown["geo_name"] == name], expected(db, countries=members))
    # Full counting: the sub-regions' sums exceed the world's whenever a programme spans two sub-regions.
    assert shown["budget_usd"].sum() >= expected(db)["usd"].sum()


def test_public_states_how_many_programmes_have_a_budget(run, databases):
    db = databases / "public.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        n, k = con.execute("SELECT COUNT(*), COUNT(budget_usd) FROM mptf_programmes").fetchone()
    assert (n, k) == (12, 3)
    at = run("public", "app_pages/objectives.py")
    assert f"Programmes with a stated budget: **{k} of {n}**" in texts(at)
    assert_same(funding_table(at), expected(db))


def test_the_thematic_area_view_groups_programmes_by_their_own_area(run, databases):
    for dataset in ("demo", "public"):
        db = databases / f"{dataset}.duckdb"
        at = run(dataset, "app_pages/objectives.py")
        at.segmented_control(key="w_obj_kind").set_value("mptf").run()
        assert not at.exception
        areas = next(d.value for d in at.dataframe if "thematic_area" in d.value.columns)
        with duckdb.connect(str(db), read_only=True) as con:
            truth = con.execute(f"""
                WITH {PLACED}
                SELECT m.thematic_area_id, p.round_id, COUNT(*) AS n, SUM(m.budget_usd) AS usd
                FROM placed p JOIN mptf_programmes m USING (programme_id)
                GROUP BY ALL ORDER BY 1 NULLS LAST, 2""").df()
        held = areas[areas["programmes"] > 0].reset_index(drop=True)
        assert held["programmes"].tolist() == truth["n"].tolist()
        assert held["budget_usd"].fillna(-1).tolist() == truth["usd"].fillna(-1).tolist()
        assert len(areas) == 6 * areas["round_id"].nunique()  # the five MPTF areas and "not stated", every round
        if dataset == "public":  # no public source states a programme's thematic area
            assert set(held["thematic_area"]) == {"Thematic area not stated"}


def test_public_overview_sets_the_collection_beside_published_totals(run):
    at = run("public", "app_pages/overview.py")
    text = texts(at)
    assert "Published totals, for scale" in text
    assert "**12** of **24** MPTF joint programmes found" in text
    assert "**30** of **214** Pledges found" in text or "**30** of **214** pledges found" in text.lower()
    assert "uk-times.com" in text  # every line carries its source


def test_demo_published_totals_are_labelled_synthetic(run):
    text = texts(run("demo", "app_pages/overview.py"))
    assert "Published totals, for scale" in text
    assert "synthetic" in text.lower() and "The demo's published totals are synthetic" in text


def test_no_class_is_derived_from_funding(run):
    """The funding tables carry no class column and the chart builder no class colour: money is a figure only."""
    at = run("demo", "app_pages/objectives.py")
    for frame in (d.value for d in at.dataframe if "budget_usd" in d.value.columns):
        assert not {"class", "category", "score", "confidence"} & set(frame.columns)
    from dashboard.charts.funding import SERIES_COLOURS
    from dashboard.palette import CLASS_COLOURS

    assert not set(SERIES_COLOURS) & set(CLASS_COLOURS.values())
    for frame in (d.value for d in at.dataframe if "class" in d.value.columns):
        assert not {"budget_usd", "amount_usd"} & set(frame.columns)
